"""Messages the domain gives to people, translated by the interface layer.

The domain has no Django and so no gettext. It marks its English message templates
with :func:`gettext_noop`, which ``makemessages`` extracts; the interface passes
``template`` through ``gettext`` and fills in ``params``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Protocol, TypeAlias

from klachtpad.domain.durations import Duration
from klachtpad.domain.marking import gettext_noop

__all__ = ["Message", "Param", "Word", "gettext_noop"]


class Localised(Protocol):
    """A scheme's own word: its text in Dutch and English."""

    @property
    def nl(self) -> str: ...

    def get(self, language: str) -> str: ...


# A word of the vocabulary (a relation, a verdict) is passed as itself, never as its
# id: the interface writes it in the reader's words; a scheme's own word is passed as
# its label. A tuple is a list of them.
Word = StrEnum | Localised
Param: TypeAlias = "str | int | date | Duration | Word | tuple[Word, ...] | Message"


@dataclass(frozen=True)
class Message:
    """A sentence for a person: an English template with named parameters."""

    template: str
    params: dict[str, Param] = field(default_factory=dict)

    def render(
        self, translate: object = None, display: Callable[[Param], str] | None = None
    ) -> str:
        """The sentence with its parameters filled in, translated by ``translate`` if given;
        ``display`` writes dates and durations in the reader's language."""
        template = translate(self.template) if callable(translate) else self.template
        show = display or _display
        return str(template) % {
            key: value.render(translate, display) if isinstance(value, Message) else show(value)
            for key, value in self.params.items()
        }

    def __str__(self) -> str:
        return self.render()


def _display(value: Param) -> str:
    if isinstance(value, date):
        # ISO dates are unambiguous in both languages; the interface may format them.
        return value.isoformat()
    if isinstance(value, tuple):
        return ", ".join(_display(item) for item in value)
    if isinstance(value, StrEnum):
        return value.value.replace("_", " ")
    if isinstance(value, str | int | Duration | Message):
        return str(value)
    return value.nl
