"""A scheme's own words and its format: each checked, each with a message that says
what to write instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from klachtpad.domain.eligibility import may_complain
from klachtpad.domain.schemes import CheckedScheme, SchemeInvalid, parse_scheme
from klachtpad.domain.schemes.vocabulary import Role, TermKind, Verdict

PROVIDERS = Path(__file__).resolve().parents[1] / "schemes" / "providers"


def _data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((PROVIDERS / f"{name}.yaml").read_text("utf-8"))
    return data


def _parse(data: dict[str, Any]) -> CheckedScheme:
    return parse_scheme(yaml.safe_dump(data, allow_unicode=True), "scheme.yaml")


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(SchemeInvalid) as raised:
        _parse(data)
    return [str(problem) for problem in raised.value.problems]


def test_an_own_role_is_the_role_it_is_like_with_the_schemes_title():
    scheme = _parse(_data("mauritskliniek")).scheme
    step = scheme.procedures[0].step("judgement")
    assert step.handler.role is Role.MANAGEMENT
    assert step.handler.title is not None
    assert step.handler.title.nl == "de directie van de Mauritskliniek"
    assert scheme.procedures[0].terms[TermKind.DECISION].responsible is Role.MANAGEMENT


def test_an_undeclared_word_is_named_with_a_suggestion():
    data = _data("ggd-zeeland")
    data["procedures"][0]["who_may_complain"][2]["relation"] = "partnr"
    assert _problems(data) == [
        'scheme.yaml: procedures[0].who_may_complain[2].relation: "partnr" is not a known '
        'word; did you mean "partner"? known: client, legal_representative, mentor, '
        "authorised_representative, family_member, surviving_relative, parent, "
        "foster_parent, guardian, carer, other_involved, partner, relative, household; a "
        "word of the scheme's own is declared under vocabulary.relations"
    ]


def test_an_own_word_may_not_take_a_built_in_id_and_says_it_once():
    data = _data("ggz-oost-brabant")
    data["vocabulary"]["verdicts"][0]["id"] = "upheld"
    data["procedures"][0]["steps"][0]["handler"] = "raad_van_bestur"
    problems = _problems(data)
    assert any(
        'procedures[0].steps[0].handler.role: "raad_van_bestur" is not one of' in p
        and "declared under vocabulary.roles" in p
        for p in problems
    ), problems
    data["procedures"][0]["steps"][0]["handler"] = "complaints_officer"
    assert _problems(data) == [
        'scheme.yaml: vocabulary.verdicts[0].id: "upheld" is a built-in word already; '
        "give your own word another id"
    ]


def test_yaml_reading_on_as_true_is_explained():
    data = _data("klachtverloskunde")
    word = data["vocabulary"]["documents"][0]
    word[True] = word.pop("when")
    problems = _problems(data)
    assert any('put the name in quotes ("on")' in p for p in problems), problems


def test_an_own_condition_is_declared_by_the_complainant():
    procedure = _parse(_data("ggd-zeeland")).scheme.procedures[0]
    assert not may_complain(procedure, "relative", client_deceased=True).allowed
    assert may_complain(
        procedure, "relative", client_deceased=True, declared=frozenset({"provided_for"})
    ).allowed
    assert procedure.vocabulary.verdict_meaning("upheld") is Verdict.UPHELD


def test_a_format_1_file_keeps_its_meaning_and_is_told_what_to_change():
    data = _data("jbrr")
    committee = data["procedures"][0]["steps"][1]
    committee["terms"]["decision"] = {"within": "6w", "statutory": True}
    data["format"] = 1
    checked = _parse(data)
    term = checked.scheme.procedures[0].step("committee").terms[TermKind.DECISION]
    assert term.start.value == "step_start"  # as format 1 read it
    hints = [str(w) for w in checked.warnings if w.path == "format"]
    assert hints[0].endswith("write format: 2 at the top once the points below are done")
    assert (
        "procedures.youth_protection.steps.committee.terms.decision: in format 2 a term "
        "set by law runs from receipt of the written complaint" in hints[1]
    )
    data["format"] = 2
    term = _parse(data).scheme.procedures[0].step("committee").terms[TermKind.DECISION]
    assert term.start.value == "formal_receipt"
    data["format"] = 3
    assert "format 3 is not known" in _problems(data)[0]


def test_a_step_that_receives_written_complaints_warns_about_a_step_bound_law_term():
    data = _data("zorgmed-thuiszorg")
    terms = data["procedures"][0].pop("terms")
    terms["decision"]["from"] = "formal_receipt"
    data["procedures"][0]["steps"][2]["terms"] = terms
    warnings = [str(w) for w in _parse(data).warnings]
    assert any(
        "officer receives written complaints, but this term runs only at step judgement" in w
        for w in warnings
    ), warnings
