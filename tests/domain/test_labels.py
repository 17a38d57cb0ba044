"""Every word of the domain that people read has one label, in English and in Dutch."""

from __future__ import annotations

import gettext
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from django.db import models
from django.utils import translation

from klachtpad.domain.committees import CommitteeRole
from klachtpad.domain.permissions import StaffRole
from klachtpad.domain.schemes import vocabulary
from klachtpad.domain.workflow import Action, Closure, State
from klachtpad.letters.models import LetterKindChoices
from klachtpad.organisations import choices, wording
from klachtpad.organisations.models import RegimeChoices, StaffRoleChoices

LOCALE = Path(__file__).resolve().parents[2] / "src" / "klachtpad" / "locale"

# Each domain vocabulary people read, and the one place its labels are.
LABELS: list[tuple[type[StrEnum], type[models.TextChoices]]] = [
    (State, choices.StateChoices),
    (Closure, choices.ClosureChoices),
    (vocabulary.Handling, choices.HandlingChoices),
    (vocabulary.Channel, choices.ChannelChoices),
    (vocabulary.Relation, choices.RelationChoices),
    (vocabulary.Verdict, choices.VerdictChoices),
    (vocabulary.TermKind, choices.TermKindChoices),
    (vocabulary.StepOutcome, choices.OutcomeChoices),
    (Action, choices.ActionChoices),
    (vocabulary.Party, choices.RecipientChoices),
    (vocabulary.Role, choices.RecipientChoices),
    (CommitteeRole, choices.CommitteeRoleChoices),
    (vocabulary.DocumentKind, LetterKindChoices),
    (vocabulary.Regime, RegimeChoices),
    (StaffRole, StaffRoleChoices),
]


def _dutch() -> dict[str, str]:
    with (LOCALE / "nl" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        catalog: dict[object, str] = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in catalog.items() if isinstance(key, str) and value}


@pytest.mark.parametrize(("enum", "labels"), LABELS, ids=lambda item: item.__name__)
def test_every_word_has_its_label_in_both_languages(
    enum: type[StrEnum], labels: type[models.TextChoices]
) -> None:
    dutch = _dutch()
    for member in enum:
        assert member.value in labels.values, f"{enum.__name__}.{member.name} has no label"
        with translation.override("en"):
            english = str(labels(member.value).label)
        assert english in dutch, f"{enum.__name__}.{member.name}: {english!r} is not in Dutch"


# The sentences the procedure page and the letters use for the scheme's words.
SENTENCES: list[tuple[type[StrEnum], dict[Any, Any]]] = [
    (vocabulary.Relation, wording.RELATION_PHRASES),
    (vocabulary.Condition, wording.CONDITION_PHRASES),
    (vocabulary.Role, wording.ROLE_PHRASES),
    (vocabulary.Party, wording.PARTY_PHRASES),
    (vocabulary.DocumentKind, wording.DOCUMENT_PHRASES),
    (vocabulary.Verdict, wording.VERDICT_PHRASES),
]


@pytest.mark.parametrize(
    ("enum", "labels"), SENTENCES, ids=lambda item: getattr(item, "__name__", "")
)
def test_every_word_the_pages_use_has_its_sentence_in_both_languages(
    enum: type[StrEnum], labels: dict[Any, Any]
) -> None:
    dutch = _dutch()
    for member in enum:
        assert member in labels, f"{enum.__name__}.{member.name} has no sentence"
        with translation.override("en"):
            english = str(labels[member])
        assert english in dutch, f"{enum.__name__}.{member.name}: {english!r} is not in Dutch"
