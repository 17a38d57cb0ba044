"""Which register ("u" or "je") a scheme speaks in, and its texts that do not.

A scheme names its register, or Klachtpad reads it from the scheme's own Dutch texts:
the words that address the reader ("u", "uw" against "je", "jij", "jou", "jouw"). Every
sentence Klachtpad writes for that scheme's complainants, on its pages and in its
letters, then uses the same register.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from klachtpad.domain.schemes.model import Scheme
from klachtpad.domain.schemes.vocabulary import Register

_WORDS = {
    Register.U: re.compile(r"\b(u|uw|Uw|U)\b"),
    Register.JE: re.compile(r"\b(je|jij|jou|jouw|Je|Jij|Jouw)\b"),
}


def _dutch_texts(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, Dutch text) of every text for people in the scheme."""
    if isinstance(value, dict):
        if isinstance(value.get("nl"), str) and isinstance(value.get("en"), str):
            yield path, value["nl"]
            return
        for key, item in value.items():
            yield from _dutch_texts(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _dutch_texts(item, f"{path}[{index}]")


def _count(scheme: Scheme) -> dict[Register, int]:
    texts = [text for _path, text in _dutch_texts(scheme.model_dump(mode="json"))]
    return {
        register: sum(len(words.findall(text)) for text in texts)
        for register, words in _WORDS.items()
    }


def register_of(scheme: Scheme) -> Register:
    """The scheme's register: as it says, else as its texts speak, else "u"."""
    if scheme.reader_register is not None:
        return scheme.reader_register
    known = _READ.get(id(scheme))
    if known is not None and known[0] is scheme:  # a scheme never changes: read once
        return known[1]
    counts = _count(scheme)
    found = Register.JE if counts[Register.JE] > counts[Register.U] else Register.U
    if len(_READ) >= _READ_LIMIT:
        _READ.clear()
    _READ[id(scheme)] = (scheme, found)
    return found


# The registers read from schemes' texts, by scheme (kept with it, so its id stays its own).
_READ: dict[int, tuple[Scheme, Register]] = {}
_READ_LIMIT = 256


def texts_in_the_other_register(scheme: Scheme) -> list[tuple[str, Register]]:
    """The scheme's own texts that address the reader in the register it does not use."""
    register = register_of(scheme)
    other = Register.JE if register is Register.U else Register.U
    return [
        (path, other)
        for path, text in _dutch_texts(scheme.model_dump(mode="json", by_alias=True))
        if _WORDS[other].search(text) and not _COPIED.match(path)
    ]


# Each procedure holds a copy of the file's vocabulary; its texts are checked once.
_COPIED = re.compile(r"^procedures\[\d+\]\.vocabulary\.")
