"""Procedures of Dutch providers Klachtpad was not written for, loaded from their scheme
files (tests/schemes/providers/, each naming its source) and walked through the
services with real dates: terms, letters, every outcome and the report figures."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import strip_tags

from klachtpad.complaints import services
from klachtpad.complaints.models import Judgement
from klachtpad.domain.reporting import Period
from klachtpad.domain.schemes.vocabulary import StepOutcome, Verdict
from klachtpad.letters.models import Letter
from klachtpad.organisations.models import Procedure
from klachtpad.reports.figures import Figures, figures_for
from tests.reports.build import Builder

pytestmark = pytest.mark.django_db

PROVIDERS = Path(__file__).resolve().parent / "providers"


def load(name: str, key: str) -> Procedure:
    """Load ``providers/<name>.yaml``; its procedure ``key``."""
    call_command("scheme_load", str(PROVIDERS / f"{name}.yaml"), verbosity=0)
    return Procedure.objects.filter(key=key).latest("id")


def figures_2026(procedure: Procedure) -> Figures:
    """The organisation's figures of 2026, as the year's report counts them."""
    return figures_for([procedure.organisation], Period.year(2026), as_of=date(2026, 11, 30))[0]


def text(letter: Letter) -> str:
    return re.sub(r"\s+", " ", strip_tags(letter.html))


def test_every_provider_scheme_names_its_source():
    for path in PROVIDERS.glob("*.yaml"):
        assert "Source: http" in path.read_text(encoding="utf-8"), path.name


def test_jbrr_the_committees_ruling_stays_the_committees(travel):
    """Jeugdbescherming Rotterdam Rijnmond: the independent committee rules; that ruling
    is not JBRR's own decision, its letter speaks for the committee, and it sends the
    complainant on to the ombudsman, not back to the committee."""
    procedure = load("jbrr", "youth_protection")
    build = Builder(procedure, travel)
    complaint = build.complaint("2026-03-02", step="committee")
    assert complaint.state == "referred"  # the committee has the file
    # The committee hears both sides while it has the file.
    build.on("2026-03-16")
    complaint = services.complaint_meeting_plan(
        complaint,
        actor=build.actor,
        planned_for=datetime(2026, 3, 25, 14, 0, tzinfo=timezone.get_current_timezone()),
        place="Kantoor JBRR, Rotterdam",
        participants="Klager, jeugdbeschermer, commissie",
    )
    build.on("2026-03-25")
    complaint = services.complaint_meeting_record(
        complaint,
        actor=build.actor,
        held_on=date(2026, 3, 25),
        participants="Klager, jeugdbeschermer, commissie",
        summary="Beide kanten gehoord; de jeugdbeschermer erkent dat de ouders niet gehoord zijn.",
        meeting=complaint.meetings.get(),
    )
    assert complaint.meetings.get().held_on == date(2026, 3, 25)
    build.on("2026-04-08")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=build.actor,
        verdict=Verdict.UPHELD,
        reasons="De jeugdbeschermer heeft de ouders niet gehoord voor het besluit.",
        recommendations="Hoor ouders voortaan voor elk besluit over de omgang.",
        given_by="mr. A. de Wit, voorzitter",
    )
    ruling = Judgement.objects.get(complaint=complaint)
    assert (ruling.body, ruling.body_name, ruling.binding) == (
        "committee",
        "Klachtencommissie JBRR",
        False,
    )
    assert complaint.verdict == ""  # JBRR has not decided anything yet
    letter = text(Letter.objects.get(complaint=complaint, kind="judgement"))
    assert "Het oordeel van Klachtencommissie JBRR" in letter
    assert "het oordeel van Klachtencommissie JBRR over uw klacht" in letter
    assert "Dan kunt u naar Nationale ombudsman" in letter
    assert "Dan kunt u naar Klachtencommissie JBRR" not in letter
    assert "Wat wij besloten hebben" not in letter
    # JBRR answers within a month of the ruling: the term runs from the ruling.
    response = complaint.terms.get(kind="response")
    assert (response.start_on, response.end_on) == (date(2026, 4, 8), date(2026, 5, 8))
    assert complaint.terms.get(kind="response").status == "running"
    build.on("2026-04-30")
    complaint = services.complaint_ruling_answer(
        complaint,
        actor=build.actor,
        verdict=Verdict.UPHELD,
        reasons="Wij nemen het oordeel van de commissie over.",
        measures=[
            services.MeasureInput(
                "Ouders horen voor elk besluit over de omgang", "Teamleider", date(2026, 6, 1)
            )
        ],
    )
    assert complaint.verdict == "upheld"  # now JBRR's own position
    assert complaint.terms.get(kind="response").status == "met"
    answer = text(Letter.objects.get(complaint=complaint, kind="answer"))
    assert "gaf Klachtencommissie JBRR haar oordeel" in answer
    assert "Hoor ouders voortaan voor elk besluit over de omgang." in answer  # the advice
    assert "Ouders horen voor elk besluit over de omgang" in answer  # the measure taken up
    assert "Dan kunt u naar Nationale ombudsman" in answer
    with pytest.raises(services.TransitionRefused, match="no ruling of an outside body"):
        services.complaint_ruling_answer(
            complaint, actor=build.actor, verdict=Verdict.UPHELD, reasons="Nog eens."
        )
    figures = figures_2026(procedure)
    assert figures.verdicts == {"upheld": 1}
    assert figures.rulings == {"Klachtencommissie JBRR": {"upheld": 1}}


def test_keurmerk_the_practice_decides_and_the_disputes_body_rules_bindingly(travel):
    """A physiotherapy practice under the Keurmerk Fysiotherapie scheme: its own Wkkgz
    decision within six weeks, then the Geschillencommissie's binding ruling, each kept
    as whose it is."""
    procedure = load("keurmerk-fysio", "physio")
    build = Builder(procedure, travel)
    complaint = build.complaint("2026-03-02")
    term = complaint.terms.get(kind="decision")
    assert term.end_on == date(2026, 4, 13)  # six weeks from receipt
    build.on("2026-04-10")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=build.actor,
        verdict=Verdict.NOT_UPHELD,
        reasons="De behandeling paste bij de klachten en is met u besproken.",
        decisions="Wij blijven bij het behandelplan.",
        no_measures_reason="De klacht is ongegrond.",
    )
    assert complaint.verdict == "not_upheld" and complaint.decided_in_time is True
    decision = text(Letter.objects.get(complaint=complaint, kind="decision"))
    assert "Ons oordeel" in decision and "Wat wij besloten hebben" in decision
    assert "Dan kunt u naar Geschillencommissie Keurmerk Fysiotherapie" in decision

    build.on("2026-05-04")
    complaint = services.complaint_refer(
        complaint, actor=build.actor, body="disputes", handed_over="Het dossier en de beslissing."
    )
    build.on("2026-09-14")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=build.actor,
        verdict=Verdict.PARTLY_UPHELD,
        reasons="De praktijk had de patiënt eerder moeten doorverwijzen.",
        recommendations="Spreek een evaluatiemoment af na zes behandelingen.",
    )
    ruling = complaint.judgements.get(body="disputes")
    assert ruling.binding and ruling.given_by == "Geschillencommissie Keurmerk Fysiotherapie"
    assert complaint.verdict == "not_upheld"  # the practice's own decision stands as its own
    ruled = text(Letter.objects.filter(complaint=complaint, kind="decision").latest("id"))
    assert "Het oordeel van Geschillencommissie Keurmerk Fysiotherapie" in ruled
    assert "Dit oordeel is bindend" in ruled
    assert "Bent u het er niet mee eens?" not in ruled
    figures = figures_2026(procedure)
    assert figures.verdicts == {"not_upheld": 1}
    assert figures.rulings == {"Geschillencommissie Keurmerk Fysiotherapie": {"partly_upheld": 1}}


def test_a_refused_relation_is_named_in_words_not_as_an_id(travel):
    """The probe: "Een surviving relative mag…" in a Dutch sentence."""
    from django.utils import translation

    from klachtpad.domain.eligibility import may_complain
    from klachtpad.domain.schemes.vocabulary import Relation
    from klachtpad.organisations.wording import param_words

    procedure = load("jbrr", "youth_protection")
    refused = may_complain(procedure.spec(), Relation.SURVIVING_RELATIVE)
    assert refused.reason is not None
    with translation.override("nl"):
        sentence = refused.reason.render(translation.gettext, display=param_words)
    assert "surviving" not in sentence and "foster_parent" not in sentence
    assert "nabestaande" in sentence and "pleegouder" in sentence


def test_the_letters_the_law_requires_are_written_where_the_scheme_lists_none(travel):
    """The Keurmerk practice's scheme lists only its decision; the Wkkgz also asks for a
    written extension notice and a motivated refusal, so Klachtpad writes its own."""
    from klachtpad.domain.schemes.validation import parse_scheme

    checked = parse_scheme(
        (PROVIDERS / "keurmerk-fysio.yaml").read_text(encoding="utf-8"), "keurmerk-fysio.yaml"
    )
    warned = " ".join(str(w) for w in checked.warnings)
    assert "a written notice when a term is extended" in warned
    assert "a motivated written notice when a complaint is declined" in warned

    procedure = load("keurmerk-fysio", "physio")
    build = Builder(procedure, travel)
    extended = build.complaint("2026-03-02")
    build.on("2026-04-01")
    extended = services.complaint_term_extend(
        extended,
        actor=build.actor,
        new_end=date(2026, 5, 11),
        notified_on=date(2026, 4, 1),
        reason="De fysiotherapeut is drie weken afwezig.",
    )
    notice = text(Letter.objects.get(complaint=extended, kind="extension_notice"))
    assert "11 mei 2026" in notice and "De fysiotherapeut is drie weken afwezig." in notice

    declined = build.complaint("2026-04-06")
    build.on("2026-04-08")
    declined = services.complaint_decline(
        declined, actor=build.actor, motivation="De klacht gaat over een andere praktijk."
    )
    refusal = text(Letter.objects.get(complaint=declined, kind="decline_notice"))
    assert "De klacht gaat over een andere praktijk." in refusal


def test_skge_the_practice_extends_decides_late_enough_and_the_disputes_body_binds(travel):
    """A general practice under SKGE: the six weeks extended once by four, a decision
    with measures within the extended term, mediation by SKGE's officer (who gives no
    judgement), then the Geschilleninstantie's binding ruling."""
    procedure = load("huisarts-skge", "gp")
    build = Builder(procedure, travel)
    complaint = build.complaint("2026-01-12")
    assert complaint.terms.get(kind="decision").end_on == date(2026, 2, 23)
    build.on("2026-02-16")
    complaint = services.complaint_term_extend(
        complaint,
        actor=build.actor,
        new_end=date(2026, 3, 23),
        notified_on=date(2026, 2, 16),
        reason="We wachten op het verslag van de waarnemend huisarts.",
    )
    notice = text(Letter.objects.get(complaint=complaint, kind="extension_notice"))
    assert "23 maart 2026" in notice
    build.on("2026-03-18")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=build.actor,
        verdict=Verdict.PARTLY_UPHELD,
        reasons="De uitslag is te laat doorgegeven; de behandeling zelf was juist.",
        decisions="Wij bieden excuses aan.",
        measures=[
            services.MeasureInput(
                "Uitslagen binnen twee werkdagen doorbellen", "Praktijkmanager", date(2026, 6, 1)
            )
        ],
    )
    assert complaint.decided_in_time is True and complaint.verdict == "partly_upheld"
    decision = text(Letter.objects.get(complaint=complaint, kind="decision"))
    assert "Uitslagen binnen twee werkdagen doorbellen" in decision
    assert "Dan kunt u naar Geschilleninstantie Huisartsenzorg" in decision

    build.on("2026-04-20")
    complaint = services.complaint_refer(
        complaint, actor=build.actor, body="skge_officer", handed_over="Het klachtdossier."
    )
    build.on("2026-05-18")
    complaint = services.complaint_referral_outcome(
        complaint,
        actor=build.actor,
        outcome=StepOutcome.NOT_RESOLVED,
        summary="Bemiddeling zonder resultaat.",
    )
    build.on("2026-06-01")
    complaint = services.complaint_refer(
        complaint, actor=build.actor, body="disputes", handed_over="Het dossier en de beslissing."
    )
    build.on("2026-10-05")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=build.actor,
        verdict=Verdict.UPHELD,
        reasons="Het te laat doorgeven van de uitslag heeft de behandeling vertraagd.",
    )
    assert complaint.verdict == "partly_upheld"  # the practice's own decision stays
    ruled = text(Letter.objects.filter(complaint=complaint, kind="decision").latest("id"))
    assert "Het oordeel van Geschilleninstantie Huisartsenzorg" in ruled
    assert "Dit oordeel is bindend" in ruled
    figures = figures_2026(procedure)
    assert figures.verdicts == {"partly_upheld": 1} and figures.in_time == 1
    assert figures.rulings == {"Geschilleninstantie Huisartsenzorg": {"upheld": 1}}
    assert figures.referrals["Klachtenfunctionaris SKGE"] == {"not_resolved": 1}
    assert figures.measures == {"open_overdue": 1}  # due 1 June, not realised
