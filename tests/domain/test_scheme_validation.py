"""A broken scheme file gets plain messages: file, field path, and the fix."""

from pathlib import Path

import pytest
import yaml

from klachtpad.domain.schemes import SchemeInvalid, Severity, parse_scheme
from klachtpad.domain.schemes.vocabulary import TermKind

NEXT = Path(__file__).resolve().parents[2] / "schemes" / "next.yaml"


def _next_data():
    return yaml.safe_load(NEXT.read_text(encoding="utf-8"))


def _problems(data):
    with pytest.raises(SchemeInvalid) as raised:
        parse_scheme(yaml.safe_dump(data, allow_unicode=True), "schemes/next.yaml")
    return [str(problem) for problem in raised.value.problems]


def test_a_duration_in_words_names_file_path_and_fix():
    data = _next_data()
    data["procedures"][0]["steps"][3]["terms"]["decision"] = "6 weken"
    assert _problems(data) == [
        'schemes/next.yaml: procedures[0].steps[3].terms.decision: "6 weken" is not a '
        "duration; write a number and a unit: 6w (weeks), 30wd (working days), 10d, 1m or 1y"
    ]


def test_misspelt_field_gets_a_suggestion():
    data = _next_data()
    data["procedures"][0]["stpes"] = data["procedures"][0].pop("steps")
    assert _problems(data) == [
        'schemes/next.yaml: procedures[0]: unknown field "stpes"; did you mean "steps"?'
    ]


def test_missing_field_and_unknown_value():
    data = _next_data()
    del data["procedures"][0]["regime"]
    data["procedures"][0]["steps"][0]["handling"] = "casual"
    problems = _problems(data)
    assert "schemes/next.yaml: procedures[0].regime: is required" in problems
    assert (
        'schemes/next.yaml: procedures[0].steps[0].handling: "casual" is not one of: '
        '"informal" or "formal"' in problems
    )


def test_unknown_term_kind_is_named():
    data = _next_data()
    data["procedures"][0]["steps"][3]["terms"]["decison"] = "6w"
    problems = _problems(data)
    assert problems[0].startswith("schemes/next.yaml: procedures[0].steps[3].terms.decison:")
    assert '"decison" is not a known word; did you mean "decision"?' in problems[0]


def test_reference_to_an_unknown_step_and_body():
    data = _next_data()
    data["procedures"][0]["steps"][0]["next"] = {"not_resolved": "ombudsman"}
    data["procedures"][0]["steps"][4]["handler"] = {"body": "kpx"}
    problems = _problems(data)
    assert (
        'schemes/next.yaml: procedures[0].steps[0].next.not_resolved: "ombudsman" is not a '
        "step of this procedure; use one of key_worker, second_key_worker, confidant, "
        "complaints_officer, kpz or close" in problems
    )
    assert (
        'schemes/next.yaml: procedures[0].steps[4].handler.body: "kpx" is not a body of this '
        "scheme; known: kpz" in problems
    )


def test_duplicate_step_ids():
    data = _next_data()
    data["procedures"][0]["steps"][1]["id"] = "key_worker"
    assert (
        'schemes/next.yaml: procedures[0].steps: the id "key_worker" is used 2 times; ids must '
        "differ" in _problems(data)
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # Wkkgz art. 17(1): at most six weeks.
        (
            {"within": "8w"},
            "procedures[0].steps[3].terms.decision.within: 8w is longer than the 6 weeks of "
            "Wkkgz art. 17(1)",
        ),
        # Art. 17(2): at most four weeks' extension.
        (
            {"extension": {"max": "6w"}},
            "procedures[0].steps[3].terms.decision.extension.max: Wkkgz art. 17(2) allows an "
            "extension of at most 4 weeks; write max: 4w (or less)",
        ),
        # Art. 17(2): once.
        (
            {"extension": {"max": "4w", "times": 2}},
            "procedures[0].steps[3].terms.decision.extension.times: Wkkgz art. 17(2) allows one "
            "extension; longer only by agreement (longer_by_agreement: true)",
        ),
        # The legal term is set by law, so the Atw applies.
        (
            {"statutory": False},
            "procedures[0].steps[3].terms.decision.statutory: the Wkkgz decision term is set by "
            "law (art. 17); write statutory: true so that the Algemene termijnenwet applies",
        ),
        # A legal term counts calendar time.
        (
            {"within": "30wd"},
            "procedures[0].steps[3].terms.decision: a term set by law runs in calendar days, "
            "weeks or months (Algemene termijnenwet); write for example 6w instead of 30wd",
        ),
    ],
)
def test_wkkgz_limits(change, expected):
    data = _next_data()
    data["procedures"][0]["steps"][3]["terms"]["decision"].update(change)
    assert f"schemes/next.yaml: {expected}" in _problems(data)


def test_jeugdwet_needs_a_complaints_committee():
    data = _next_data()
    data["procedures"][0]["regime"] = "jeugdwet"
    assert any("complaints committee judges complaints" in p for p in _problems(data))


def test_contract_has_no_statutory_terms():
    data = _next_data()
    data["procedures"][0]["regime"] = "contract"
    assert any("contract-only procedure has no terms set by law" in p for p in _problems(data))


def test_holiday_names_are_checked_against_the_calendar_package():
    data = _next_data()
    data["organisation"]["calendar"]["observe_holidays"] = ["Liberation day"]
    problems = _problems(data)
    assert problems[0].startswith(
        'schemes/next.yaml: organisation.calendar.observe_holidays: "Liberation day" is not a '
        "holiday of NL"
    )
    assert "Liberation Day" in problems[0]


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(SchemeInvalid) as raised:
        parse_scheme("format: 1\norganisation:\n  slug: [x\n", "schemes/broken.yaml")
    assert str(raised.value.problems[0]).startswith("schemes/broken.yaml: line ")


def test_a_file_that_is_not_a_mapping():
    with pytest.raises(SchemeInvalid, match="a scheme file is a YAML mapping"):
        parse_scheme("- just\n- a list\n", "schemes/list.yaml")


def test_missing_outside_bodies_is_a_warning_not_an_error():
    data = _next_data()
    data["procedures"][0]["outside_bodies"] = []
    checked = parse_scheme(yaml.safe_dump(data, allow_unicode=True), "schemes/next.yaml")
    named = [w for w in checked.warnings if "no outside body is named" in str(w)]
    assert [w.severity for w in named] == [Severity.WARNING]


def test_a_new_organisation_needs_no_code():
    """A minimal scheme of an organisation nobody has seen loads with defaults."""
    text = """
format: 2
organisation:
  slug: de-linde
  name: Zorggroep De Linde
procedures:
  - id: care
    name: Klachtenregeling
    regime: wmo_2015
    applies_to: {nl: Alle cliënten, en: All clients}
    who_may_complain: [{relation: client}]
    steps:
      - id: team_leader
        name: {nl: Praat met de teamleider, en: Talk to the team leader}
        handler: coordinator
        handling: formal
        about:
          nl: De teamleider reageert binnen 10 werkdagen.
          en: The team leader replies within 10 working days.
        terms:
          decision: 10wd
"""
    checked = parse_scheme(text, "schemes/de-linde.yaml")
    procedure = checked.scheme.procedures[0]
    assert str(procedure.steps[0].terms[TermKind.DECISION].within) == "10wd"
    assert checked.scheme.organisation.calendar.exclude_holidays == ["Good Friday"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        # A billion laughs: nine levels of aliases in an enum field expand to 10**9 leaves.
        (
            "format: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
                for i in range(8)
            )
            + "organisation: {slug: *i}\n",
            "aliases",
        ),
        ("format: 1\norganisation: " + "[" * 500 + "]" * 500 + "\n", "deeper than"),
        ("format: 1\n" + "# x\n" * 200_000, "larger than"),
    ],
)
def test_hostile_yaml_is_refused_quickly_with_a_short_message(text, says):
    from klachtpad.domain.schemes import parse_scheme
    from klachtpad.domain.schemes.validation import SchemeInvalid

    with pytest.raises(SchemeInvalid) as refused:
        parse_scheme(text, "bomb.yaml")
    message = str(refused.value.problems[0])
    assert says in message and len(message) < 300
