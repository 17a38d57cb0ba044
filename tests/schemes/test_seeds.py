"""Each shipped scheme holds the key facts of its organisation's published procedure."""

import re
from datetime import date
from pathlib import Path

import pytest

from klachtpad.domain.calendars import AtwCalendar
from klachtpad.domain.deadlines import Term, latest_extended_end
from klachtpad.domain.eligibility import may_complain
from klachtpad.domain.schemes import CLOSE, parse_scheme
from klachtpad.domain.schemes.vocabulary import (
    BodyKind,
    Condition,
    DocumentContent,
    DocumentKind,
    Event,
    Handling,
    Party,
    Regime,
    Relation,
    ReportContent,
    Role,
    SignatureMoment,
    StepOutcome,
    TermKind,
    TermStart,
)

SCHEMES = Path(__file__).resolve().parents[2] / "schemes"
ATW = AtwCalendar()


def load(name):
    return parse_scheme((SCHEMES / f"{name}.yaml").read_text(encoding="utf-8"), name).scheme


# Next and Permens write nothing about how a refusal is sent, Zorgkracht 12 nothing
# about its answer to the committee's judgement; the law asks for both in writing, so
# Klachtpad's own text goes out, and scheme_check says so.
OWN_TEXT = {"next": ["decline_notice"], "permens": ["decline_notice"], "zorgkracht12": ["answer"]}


@pytest.mark.parametrize("name", ["next", "iederzijnwerk", "permens", "zorgkracht12", "nexxtep"])
def test_every_seed_is_valid_with_only_the_letters_it_leaves_to_klachtpad(name):
    checked = parse_scheme((SCHEMES / f"{name}.yaml").read_text(encoding="utf-8"), name)
    left = [re.search(r"kind (\w+)", str(w)).group(1) for w in checked.warnings]  # type: ignore[union-attr]
    assert left == OWN_TEXT.get(name, [])


def test_no_personal_contacts_of_real_people_remain():
    text = "\n".join(path.read_text(encoding="utf-8") for path in SCHEMES.glob("*.yaml"))
    for personal in [
        "Lienke", "06-23575516", "cvp@nextarnhem.nl", "Martin de Jong", "Esther Bronsema",
        "Rob Hermans", "rob.hermans@permens.nl", "Remco Trompetter", "R.Trompetter@hetlsr.nl",
        "06-52786389",
    ]:  # fmt: skip
        assert personal not in text


def test_next():
    scheme = load("next")
    procedure = scheme.procedures[0]
    assert procedure.regime is Regime.WKKGZ
    assert [step.handler.role or step.handler.body for step in procedure.steps] == [
        Role.KEY_WORKER, Role.SECOND_KEY_WORKER, Role.CLIENT_CONFIDANT, Role.COMPLAINTS_OFFICER,
        "kpz",
    ]  # fmt: skip
    # Step 3 (the complaints officer) is the formal complaint, with the legal six weeks.
    officer = procedure.step("complaints_officer")
    assert officer.handling is Handling.FORMAL
    decision = officer.terms[TermKind.DECISION]
    assert (str(decision.within), decision.statutory, decision.start) == (
        "6w", True, TermStart.FORMAL_RECEIPT,
    )  # fmt: skip
    assert decision.extension is not None and str(decision.extension.max) == "4w"
    # The management team is kept informed of the handling.
    assert officer.inform[0].who is Role.MANAGEMENT
    assert Event.FORMAL_COMPLAINT in officer.inform[0].of
    # Step 4 is open to anyone who does not want to talk to the organisation.
    assert [step.id for step in procedure.entry_steps()] == ["key_worker", "kpz"]
    assert scheme.body("kpz").contact[0].hours.nl == "Op werkdagen van 9:00 tot 12:00 uur"
    # A family member or mentor may complain only when registered as contact person.
    assert may_complain(procedure, Relation.CLIENT).allowed
    refused = may_complain(procedure, Relation.MENTOR, registered_contact=False)
    assert not refused.allowed
    assert "registered as contact person" in str(refused.reason)
    assert may_complain(procedure, Relation.FAMILY_MEMBER, registered_contact=True).allowed
    assert not may_complain(procedure, Relation.SURVIVING_RELATIVE).allowed


def test_iederzijnwerk():
    procedure = load("iederzijnwerk").procedures[0]
    assert str(procedure.event_age_limit) == "1y"
    ack = procedure.terms[TermKind.ACKNOWLEDGEMENT]
    assert (str(ack.within), ack.start) == ("5wd", TermStart.FORMAL_RECEIPT)
    decision = procedure.terms[TermKind.DECISION]
    assert str(decision.within) == "6w" and str(decision.extension.max) == "4w"
    # Six plus four weeks: "in totaal ... maximaal 10 weken" (Mon 2 Mar 2026 -> Mon 11 May).
    term = Term(rule=decision.rule(), start=date(2026, 3, 2))
    calendar = load("iederzijnwerk").organisation.calendar.working_calendar()
    assert latest_extended_end(term, calendar, ATW) == date(2026, 5, 11)
    documents = {doc.kind: doc for doc in procedure.documents}
    assert DocumentContent.PROCEDURE in documents[DocumentKind.ACKNOWLEDGEMENT].contents
    assert DocumentContent.REASONS in documents[DocumentKind.DECLINE_NOTICE].contents
    assert DocumentContent.SATISFACTION in documents[DocumentKind.PROCEDURE_REPORT].contents
    assert [p.relation for p in procedure.who_may_complain] == [
        Relation.CLIENT, Relation.LEGAL_REPRESENTATIVE, Relation.SURVIVING_RELATIVE,
    ]  # fmt: skip
    assert procedure.who_may_complain[2].only_if == [Condition.CLIENT_DECEASED]
    # KPZ's complaints officer contacts the complainant within 5 working days.
    kpz = procedure.step("kpz")
    assert str(kpz.terms[TermKind.FIRST_CONTACT].within) == "5wd"
    assert kpz.direct_entry
    assert procedure.learning.anonymised_review and procedure.learning.feedback_to_employee
    assert procedure.reports[0].contents == [
        ReportContent.TOTAL, ReportContent.LATE_WITH_EXPLANATION,
        ReportContent.DECLINED_WITH_EXPLANATION, ReportContent.SATISFACTION,
    ]  # fmt: skip
    assert procedure.inform[0].who is Role.MANAGEMENT


def test_permens():
    scheme = load("permens")
    procedure = scheme.procedures[0]
    coordinator = procedure.step("coordinator")
    assert str(coordinator.terms[TermKind.FIRST_CONTACT].within) == "2wd"
    # Route 1: resolved closes (with a copy of the form to the quality coordinator); not
    # resolved goes to the committee. Route 2: straight to the committee.
    assert procedure.next_step("coordinator", StepOutcome.RESOLVED) == CLOSE
    assert procedure.next_step("coordinator", StepOutcome.NOT_RESOLVED) == "committee"
    assert coordinator.inform[0].who is Role.QUALITY_COORDINATOR
    assert [step.id for step in procedure.entry_steps()] == ["coordinator", "committee"]
    assert scheme.body("committee").independent_chair
    assert scheme.body("committee").kind is BodyKind.COMPLAINTS_COMMITTEE
    decision = procedure.terms[TermKind.DECISION]
    assert decision.extension.by == [Role.QUALITY_COORDINATOR]
    assert decision.longer_by_agreement
    ack = procedure.step("committee").documents[0]
    assert (ack.kind, ack.sent_by) == (DocumentKind.ACKNOWLEDGEMENT, Role.QUALITY_COORDINATOR)
    assert [item.body for item in procedure.outside_bodies] == [
        "poa", "lsr", "amsterdam", "ombudsman",
    ]  # fmt: skip


def test_zorgkracht12_runs_youth_and_adult_side_by_side():
    scheme = load("zorgkracht12")
    youth, adult = scheme.procedures
    assert (youth.regime, adult.regime) == (Regime.JEUGDWET, Regime.WMO_2015)
    assert youth.step("committee").handler.body == "kpz_youth_committee"
    jeugdstem = scheme.body("jeugdstem")
    assert jeugdstem.kind is BodyKind.CLIENT_CONFIDANT
    assert jeugdstem.contact[0].audience.nl == "Alleen voor cliënten onder de 18 jaar"
    assert jeugdstem.contact[2].hours.nl.startswith("Maandag tot en met donderdag van 16:00")
    assert {p.relation for p in youth.who_may_complain} >= {
        Relation.CLIENT, Relation.PARENT, Relation.FOSTER_PARENT, Relation.CARER,
    }  # fmt: skip
    assert [step.id for step in adult.steps] == ["talk", "chair", "kpz", "disputes"]
    assert adult.step("talk").optional
    assert adult.step("kpz").direct_entry
    assert adult.step("chair").handler.title.nl == "voorzitter van Zorgkracht 12"
    assert scheme.body("kpz_disputes").kind is BodyKind.DISPUTES_BODY
    # The Wmo sets no terms, and the seed names none.
    assert adult.all_terms() == []


def test_nexxtep():
    scheme = load("nexxtep")
    procedure = scheme.procedures[0]
    assert procedure.regime is Regime.CONTRACT
    assert procedure.free_of_charge
    officer = procedure.step("complaints_officer")
    decision = officer.terms[TermKind.DECISION]
    # Four weeks, not set by law; extension with reason and expected term, no maximum.
    assert (str(decision.within), decision.statutory) == ("4w", False)
    assert decision.extension is not None and decision.extension.max is None
    judgement = next(doc for doc in officer.documents if doc.kind is DocumentKind.JUDGEMENT)
    assert judgement.to == [Party.COMPLAINANT, Party.EMPLOYEE_CONCERNED]
    assert judgement.signatures.by == [
        Party.COMPLAINANT, Party.COMPLAINTS_OFFICER, Party.EMPLOYEE_CONCERNED,
    ]  # fmt: skip
    assert judgement.signatures.when is SignatureMoment.WHEN_RESOLVED
    assert scheme.body("court").kind is BodyKind.COURT
    assert [c.code for c in scheme.organisation.categories] == [
        "agreement", "service_quality", "invoice",
    ]  # fmt: skip
    assert str(procedure.reports[0].discussed_every) == "1y"


def test_every_test_docs_seeds_cites_exists():
    """docs/seeds.md says where each statement runs; each file and test it names exists."""
    import re

    root = Path(__file__).resolve().parents[2]
    text = (root / "docs" / "seeds.md").read_text(encoding="utf-8")
    short = {
        "walk:": "browser/test_seed_walks.py",
        "seeds:": "schemes/test_seeds.py",
    }
    cited = 0
    for cell in re.findall(r"`([^`]+)`", text):
        for prefix, path in short.items():
            if cell.startswith(prefix):
                cell = path + " " + cell.removeprefix(prefix).strip()
        parts = cell.split()
        if not parts or not parts[0].endswith(".py") or "/" not in parts[0] or "*" in parts[0]:
            continue
        source = (root / "tests" / parts[0].removeprefix("tests/")).read_text(encoding="utf-8")
        for name in parts[1:]:
            assert f"def {name}(" in source, f"{parts[0]} has no {name}"
        cited += 1
    for name in re.findall(r"`scenario:` \w+ `(test_\w+)`", text):
        assert any(
            f"def {name}(" in path.read_text(encoding="utf-8")
            for path in (root / "tests" / "complaints").glob("test_scenario_*.py")
        ), name
    for name in re.findall(r"`walk:` `(test_\w+)`", text):
        assert f"def {name}(" in (root / "tests" / "browser" / "test_seed_walks.py").read_text()
    assert cited > 30
