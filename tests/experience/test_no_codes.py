"""Walk every page the demo people reach by following links, in Dutch and English, and
read it as they do: no page that fails, no internal code of the scheme vocabulary in
what they read, and on the Dutch side no English."""

from __future__ import annotations

import re
from enum import StrEnum
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from klachtpad.domain import committees, permissions, workflow
from klachtpad.domain.schemes import vocabulary

pytestmark = pytest.mark.django_db

PAGES_PER_WALK = 120
SKIP = re.compile(r"\.(pdf|csv|xlsx|png|svg)$|[?&]as=|/logout|^(/en)?/(admin|static)/")


def vocabulary_codes() -> set[str]:
    """The values of the domain's words that read as codes (two words joined by _)."""
    codes: set[str] = set()
    for module in (vocabulary, workflow, permissions, committees):
        for item in vars(module).values():
            if isinstance(item, type) and issubclass(item, StrEnum) and item is not StrEnum:
                codes |= {member.value for member in item if "_" in member.value}
    return codes


class _Reader(HTMLParser):
    """The text a person reads, and the links they can follow. Left out: scripts, the
    text in a box they type in, code, and what is marked as written in its own language
    (a sample of an English letter)."""

    HIDDEN = frozenset({"script", "style", "template", "textarea", "code"})

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._skipping: tuple[str, int] | None = None  # (tag, depth)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        if self._skipping is not None:
            name, depth = self._skipping
            self._skipping = (name, depth + 1) if tag == name else self._skipping
        elif tag in self.HIDDEN or (tag != "html" and given.get("lang")):
            self._skipping = (tag, 1)
        if tag == "a" and given.get("href"):
            self.links.append(str(given["href"]))

    def handle_endtag(self, tag: str) -> None:
        if self._skipping is not None and tag == self._skipping[0]:
            name, depth = self._skipping
            self._skipping = None if depth == 1 else (name, depth - 1)

    def handle_data(self, data: str) -> None:
        if self._skipping is None:
            self.text.append(data)


def _walk(client: Client, start: str) -> dict[str, str]:
    """GET every same-site page reachable from ``start`` in its language; their text."""
    english = start.startswith("/en/")
    seen: dict[str, str] = {}
    queue = [start]
    while queue and len(seen) < PAGES_PER_WALK:
        url = queue.pop(0)
        if url in seen:
            continue
        answer = client.get(url)
        assert answer.status_code < 500, f"{url} answered {answer.status_code}"
        if answer.status_code in (301, 302) and answer["Location"].startswith("/"):
            queue.append(answer["Location"])
        if answer.status_code != 200 or "html" not in answer.get("Content-Type", ""):
            seen[url] = ""
            continue
        reader = _Reader()
        reader.feed(answer.content.decode())
        seen[url] = " ".join(reader.text)
        for href in reader.links:
            link = urldefrag(href).url
            parts = urlsplit(link)
            if parts.netloc or not parts.path.startswith("/") or SKIP.search(link):
                continue
            if parts.path.startswith("/en/") != english:
                continue  # the language switch: the other walk reads that side
            if link not in seen:
                queue.append(link)
    return seen


# Words that are English and not Dutch: a Dutch page that reads one has a text that was
# not translated (or never marked for translation). ("of", "file", "was" and "upload"
# are Dutch too.)
ENGLISH = {
    "the",
    "your",
    "with",
    "and",
    "this",
    "from",
    "which",
    "please",
    "first",
    "working",
    "holiday",
    "scheme",
    "select",
    "enter",
    "required",
    "field",
    "name",
    "days",
    "choose",
    "save",
    "there",
    "were",
    "not",
}


def _problems(pages: dict[str, str], *, dutch: bool) -> dict[str, list[str]]:
    codes = vocabulary_codes()
    found = {}
    for url, text in pages.items():
        hits = sorted(code for code in codes if re.search(rf"\b{code}\b", text))
        if dutch:
            words = set(re.findall(r"[A-Za-z]+", text))
            hits += sorted(word for word in words if word.lower() in ENGLISH)
        if hits:
            found[url] = hits
    return found


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo_load", stdout=StringIO())


@pytest.mark.parametrize("username", ["permens-klachten", "permens-beheer", "extern"])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_staff_pages_read_in_words_of_their_language(demo, client, sign_in, username, prefix):
    sign_in(User.objects.get(username=username))
    pages = _walk(client, f"{prefix}/staff/")
    assert len(pages) > 10, list(pages)
    assert _problems(pages, dutch=not prefix) == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_public_pages_read_in_words_of_their_language(demo, client, prefix):
    pages = _walk(client, f"{prefix}/")
    assert len(pages) > 10, list(pages)
    assert _problems(pages, dutch=not prefix) == {}
