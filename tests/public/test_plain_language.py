"""The form and the status page read at B1: short sentences, no legal words unexplained.

A rough measure that can fail: every sentence of visible text is counted in words, and
a list of legal and office words may only appear where the page explains them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from klachtpad.organisations.models import Procedure
from tests.complaints.factories import ComplaintFactory
from tests.public.links import open_status

pytestmark = pytest.mark.django_db

LONGEST_SENTENCE = 25  # words; the schemes' own texts about outside bodies come close
AVERAGE_SENTENCE = 12
JARGON = (
    "ontvankelijk",
    "verweer",
    "klaagschrift",
    "verweerder",
    "termijn",
    "wkkgz",
    "jeugdwet",
    "geschilleninstantie",
    "gemotiveerd",
    "dossiernummer",
)


BLOCKS = {"p", "li", "label", "legend", "h1", "h2", "h3", "h4", "div", "button", "a", "td"}


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag in ("script", "style", "title") or "trap" in classes.split():
            self._skip += 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag in ("script", "style", "title", "div"):
            self._skip -= 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def sentences(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html.split('<main id="main"', 1)[1])
    found = []
    for block in "".join(parser.parts).split("\n"):
        text = " ".join(block.split())
        found += [s for s in re.split(r"(?<=[.?!:])\s+", text) if len(s.split()) > 1]
    return found


def check(html: str) -> None:
    found = sentences(html)
    lengths = [len(sentence.split()) for sentence in found]
    longest = max(found, key=lambda s: len(s.split()))
    assert max(lengths) <= LONGEST_SENTENCE, longest
    assert sum(lengths) / len(lengths) <= AVERAGE_SENTENCE
    # A law named with its explanation in brackets right after it is fine.
    lower = re.sub(r"\b(wkkgz|jeugdwet|wmo) \([^)]+\)", "", " ".join(found).lower())
    assert [word for word in JARGON if word in lower] == []


def test_the_complaint_form_reads_plainly(client, seeded):
    for procedure in Procedure.objects.all():
        html = client.get(
            f"/{procedure.organisation.slug}/klacht/{procedure.key}/"
        ).content.decode()
        check(html)


def test_the_status_page_reads_plainly(client, seeded):
    for procedure in Procedure.objects.all():
        complaint = ComplaintFactory.create(procedure=procedure, closed=True)
        check(client.get(open_status(client, complaint)).content.decode())
        running = ComplaintFactory.create(procedure=procedure, acknowledged=True)
        check(client.get(open_status(client, running)).content.decode())
