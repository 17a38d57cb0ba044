"""From letter facts to HTML, plain text and PDF.

A letter is the fixed layout (``letters/letter.html``: address block, date, reference,
subject, closing and signature lines) around two parts the organisation can edit: its
letterhead and the body of each kind of letter in each language. The editable parts run
in a separate template engine that loads no other template and sees only the letter's
facts. WeasyPrint turns the HTML into PDF and fetches nothing but ``data:`` addresses,
so a template cannot make the server read a file or call another machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.template import Context, Engine, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from klachtpad.domain.schemes.vocabulary import DocumentKind, built_in
from klachtpad.letters.facts import LetterFacts
from klachtpad.letters.models import LETTERHEAD

TEMPLATE_DIR = Path(__file__).parent / "templates" / "letters"


# The engine for organisation-edited parts: Django's tags and filters, no loaders, so
# {% include %} and {% extends %} find nothing.
class _LetterEngine(Engine):
    """Django's template language without its default tags and filters: only those of
    ``template_library``."""

    default_builtins: list[str] = []


_SANDBOX = _LetterEngine(
    loaders=[("django.template.loaders.locmem.Loader", {})],
    autoescape=True,
    builtins=["klachtpad.letters.template_library"],
)
# A letter's editable part is a page or two of text, not a program.
TEMPLATE_MAX_CHARACTERS = 50_000


class TemplateProblem(ValueError):
    """An edited template that cannot be used; the message says where it goes wrong."""


def default_text(kind: str, language: str, dialect: str = "") -> str:
    """The template Klachtpad ships for ``kind`` (a document kind or the letterhead), in
    the ``dialect`` where there is one ("nl-je": addressed with "je")."""
    if kind == LETTERHEAD:
        return (TEMPLATE_DIR / "letterhead.html").read_text(encoding="utf-8")
    own = TEMPLATE_DIR / "body" / f"{kind}.{dialect}.html"
    if dialect and own.exists():
        return own.read_text(encoding="utf-8")
    base = language.split("-")[0]
    return (TEMPLATE_DIR / "body" / f"{kind}.{base}.html").read_text(encoding="utf-8")


def subject_for(kind: DocumentKind | str, facts: LetterFacts) -> str:
    """The subject line, in the active language."""
    if not isinstance(kind, DocumentKind):
        return f"{facts.title} ({facts.reference})"
    subjects = {
        DocumentKind.ACKNOWLEDGEMENT: _("Confirmation of receipt of your complaint"),
        DocumentKind.MEETING_INVITATION: _("Invitation to a meeting about your complaint"),
        DocumentKind.EXTENSION_NOTICE: _("We need more time for your complaint"),
        DocumentKind.DECLINE_NOTICE: _("We do not take your complaint into handling"),
        DocumentKind.REFERRAL: _("Your complaint goes to another body"),
        DocumentKind.DECISION: _("Our decision on your complaint"),
        DocumentKind.JUDGEMENT: _("Judgement on your complaint"),
        DocumentKind.PROCEDURE_REPORT: _("How your complaint was handled"),
        DocumentKind.MEASURE_NOTICE: _("A measure after your complaint has been carried out"),
        DocumentKind.ANSWER: _("What we do with the judgement on your complaint"),
    }
    subject = subjects[kind]
    ruling = facts.judgement.body if facts.judgement else ""
    if kind in (DocumentKind.DECISION, DocumentKind.JUDGEMENT) and ruling:
        subject = _("Judgement of %(body)s on your complaint") % {"body": ruling}
    return f"{subject} ({facts.reference})"


def render_part(text: str, facts: LetterFacts) -> str:
    """Render one editable part. Raises ``TemplateProblem`` with a readable message."""
    if len(text) > TEMPLATE_MAX_CHARACTERS:
        raise TemplateProblem(
            _("The template is longer than %(limit)s characters.")
            % {"limit": TEMPLATE_MAX_CHARACTERS}
        )
    try:
        template = _SANDBOX.from_string(text)
        return template.render(Context({"letter": facts}))
    except TemplateSyntaxError as error:
        raise TemplateProblem(_readable(error)) from error
    except Exception as error:  # an {% include %} of a missing template, a bad filter use
        raise TemplateProblem(
            _("The template cannot be filled in: %(error)s") % {"error": error}
        ) from error


# Django's template errors, said in the reader's words: (pattern, message).
_SYNTAX_ERRORS = [
    (
        re.compile(r"Invalid block tag on line (?P<line>\d+): '(?P<tag>[^']+)'"),
        gettext_lazy("Line %(line)s: there is no instruction {%% %(tag)s %%}. Check the spelling."),
    ),
    (
        re.compile(
            r"Unclosed tag on line (?P<line>\d+): '(?P<tag>[^']+)'\. "
            r"Looking for one of: (?P<end>\w+)"
        ),
        gettext_lazy(
            "Line %(line)s: {%% %(tag)s %%} is not closed; add {%% %(end)s %%} where it ends."
        ),
    ),
    (
        re.compile(r"Invalid filter: '(?P<filter>[^']+)'"),
        gettext_lazy("There is no filter |%(filter)s. Check the spelling."),
    ),
    (
        re.compile(r"Could not parse the remainder: '[^']*' from '(?P<field>[^']*)'"),
        gettext_lazy("A field cannot be read: {{ %(field)s }}. Check the spelling and the braces."),
    ),
]


def _readable(error: TemplateSyntaxError) -> str:
    """What is wrong in the template, in the reader's language; Django's own words
    where no pattern fits them."""
    for pattern, message in _SYNTAX_ERRORS:
        found = pattern.search(str(error))
        if found:
            return str(message) % found.groupdict()
    return _("The template cannot be read: %(error)s") % {"error": error}


@dataclass(frozen=True)
class RenderedLetter:
    subject: str
    html: str
    text: str


def render_letter(
    facts: LetterFacts, *, body: str | None = None, letterhead: str | None = None
) -> RenderedLetter:
    """The letter as HTML and plain text; ``body`` and ``letterhead`` default to ours."""
    kind = built_in(DocumentKind, facts.kind)
    with translation.override(facts.dialect or facts.language):
        own = facts.own_text if not isinstance(kind, DocumentKind) else ""
        text = body or own or default_text(kind, facts.language, facts.dialect)
        body_html = render_part(text, facts)
        head_html = render_part(letterhead or default_text(LETTERHEAD, facts.language), facts)
        subject = subject_for(kind, facts)
        html = render_to_string(
            "letters/letter.html",
            {
                "letter": facts,
                "subject": subject,
                "letterhead": mark_safe(head_html),  # noqa: S308 - escaped by its own engine
                "body": mark_safe(body_html),  # noqa: S308 - escaped by its own engine
            },
        )
    return RenderedLetter(subject=subject, html=html, text=html_to_text(html))


def pdf_from_html(html: str) -> bytes:
    """The PDF of a letter; only ``data:`` resources are fetched."""
    fetcher = URLFetcher(allowed_protocols={"data"})
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()
    assert pdf is not None  # noqa: S101 - write_pdf without a target returns the bytes
    return bytes(pdf)


BLOCKS = {"p", "div", "h1", "h2", "h3", "li", "tr", "br", "table", "section", "header", "ul", "ol"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "title", "head"):
            self.skip += 1
        elif tag in BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "head"):
            self.skip -= 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """The words of a letter, one block per line, for the file and for search."""
    parser = _TextParser()
    parser.feed(html)
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"
