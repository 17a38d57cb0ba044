"""The rules of intake, as a table: who may complain how, and where it starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from klachtpad.domain.intake import IntakeFacts, check_intake
from klachtpad.domain.schemes import Procedure, parse_scheme
from klachtpad.domain.schemes.vocabulary import Channel, Handling

ROOT = Path(__file__).resolve().parents[2]


def procedure(path: str, index: int = 0) -> Procedure:
    text = (ROOT / path).read_text(encoding="utf-8")
    return parse_scheme(text, path).scheme.procedures[index]


NEXT = procedure("schemes/next.yaml")
ZORGKRACHT = procedure("schemes/zorgkracht12.yaml")
GGD = procedure("tests/schemes/providers/ggd-zeeland.yaml")
ZK_MEMBERS = frozenset({"de-linde", "noorderlicht", "hunze"})


@pytest.mark.parametrize(
    ("spec", "facts", "step", "refusal"),
    [
        # A concern by phone starts at the first step.
        (NEXT, IntakeFacts(Handling.INFORMAL, Channel.PHONE, "client"), "key_worker", None),
        # A formal complaint by phone only when the form is filled in together.
        (
            NEXT,
            IntakeFacts(Handling.FORMAL, Channel.PHONE, "client"),
            "complaints_officer",
            "A formal complaint is made in writing.",
        ),
        (
            NEXT,
            IntakeFacts(Handling.FORMAL, Channel.PHONE, "client", filled_in_together=True),
            "complaints_officer",
            None,
        ),
        # A formal complaint cannot start at a talk.
        (
            NEXT,
            IntakeFacts(Handling.FORMAL, Channel.LETTER, "client", step="key_worker"),
            "key_worker",
            "A complaint cannot start at this step.",
        ),
        # Next: a family member only when registered as contact person.
        (
            NEXT,
            IntakeFacts(Handling.INFORMAL, Channel.PHONE, "family_member"),
            "key_worker",
            "only when registered as contact person",
        ),
        (
            NEXT,
            IntakeFacts(Handling.INFORMAL, Channel.PHONE, "family_member", registered_contact=True),
            "key_worker",
            None,
        ),
        # An umbrella scheme: the member provider must be named, and be one of its own.
        (
            ZORGKRACHT,
            IntakeFacts(Handling.INFORMAL, Channel.PHONE, "client", members=ZK_MEMBERS),
            None,
            "Choose the care provider",
        ),
        (
            ZORGKRACHT,
            IntakeFacts(
                Handling.INFORMAL, Channel.PHONE, "client", member="hunze", members=ZK_MEMBERS
            ),
            None,
            None,
        ),
        (
            NEXT,
            IntakeFacts(Handling.INFORMAL, Channel.PHONE, "client", member="hunze"),
            "key_worker",
            "no member providers",
        ),
        # A scheme's own relation, with its own condition declared.
        (
            GGD,
            IntakeFacts(
                Handling.FORMAL,
                Channel.FORM,
                "household",
                client_deceased=True,
                declared=frozenset({"lived_as_family"}),
            ),
            "committee",
            None,
        ),
        (
            GGD,
            IntakeFacts(Handling.FORMAL, Channel.FORM, "household", client_deceased=True),
            "committee",
            "may complain only als hij of zij met de overledene in gezinsverband",
        ),
    ],
)
def test_intake(spec, facts, step, refusal):
    decision = check_intake(spec, facts)
    if step is not None:
        assert decision.step == step
    if refusal is None:
        assert decision.allowed, decision.refusal
    else:
        assert decision.refusal is not None and refusal in decision.refusal.render()
