"""Marking English texts for translation in code without Django."""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    """Mark a message for translation without translating it (the name xgettext knows)."""
    return message
