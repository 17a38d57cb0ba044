"""Zorgkracht 12: the youth route (Klachtenportaal Zorg, then the youth complaints
committee) and the adult route (talk, chair, Klachtenportaal Zorg, disputes body)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from klachtpad.complaints import services
from klachtpad.domain.schemes.vocabulary import Channel, Handling, Relation, StepOutcome, Verdict
from klachtpad.organisations.models import Procedure

from .factories import ClientFactory, day, staff, terms_of, told

AMS = ZoneInfo("Europe/Amsterdam")


def procedure(key):
    return Procedure.objects.get(organisation__slug="zorgkracht12", key=key)


def test_youth_route_to_the_committee(seeded, travel):
    youth = procedure("youth")
    officer = staff()
    client = ClientFactory.create(organisation=youth.organisation, name="Lotte Mulder")
    details = services.Details(
        summary="Gezinsvoogd houdt zich niet aan afspraken",
        description="Bezoekregeling met mijn dochter is drie keer afgezegd.",
        member="noorderlicht",
    )
    travel("2026-01-12")
    with pytest.raises(services.TransitionRefused, match="cannot be made as mentor"):
        services.complaint_register(
            procedure=youth,
            actor=officer,
            channel=Channel.FORM,
            handling=Handling.FORMAL,
            complainant=services.Complainant(name="Mentor", relation=Relation.MENTOR),
            details=details,
            client=client,
        )
    complaint = services.complaint_register(
        procedure=youth,
        actor=officer,
        channel=Channel.FORM,
        handling=Handling.FORMAL,
        complainant=services.Complainant(name="Petra Mulder", relation=Relation.PARENT),
        details=details,
        client=client,
    )
    # The youth scheme starts at Klachtenportaal Zorg and sets no terms of its own.
    assert (complaint.state, complaint.step, terms_of(complaint)) == ("referred", "kpz", {})

    travel("2026-03-02")
    complaint = services.complaint_referral_outcome(
        complaint,
        actor=officer,
        outcome=StepOutcome.NOT_RESOLVED,
        summary="Bemiddeling leverde geen oplossing op.",
    )
    travel("2026-03-03")
    complaint = services.complaint_refer(
        complaint,
        actor=officer,
        body="kpz_youth_committee",
        handed_over="Klachtformulier en verslag van de bemiddeling",
    )
    assert (complaint.state, complaint.step) == ("referred", "committee")
    travel("2026-04-20")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=officer,
        verdict=Verdict.UPHELD,
        reasons="Afzeggingen zijn niet gemotiveerd en niet ingehaald.",
        recommendations="Afzeggingen altijd schriftelijk motiveren en een nieuwe datum geven.",
    )
    assert {
        ("complainant", "judgement", "decided"),
        ("employee_concerned", "judgement", "decided"),
        ("management", "judgement", "decided"),
    } <= told(complaint)
    complaint = services.complaint_close(complaint, actor=officer)
    assert [r.body for r in complaint.referrals.all()] == ["kpz", "kpz_youth_committee"]
    # The judgement is the committee's, not the officer's who recorded it.
    assert complaint.judgements.get().given_by == (
        "Klachtencommissie jeugdzorg van Klachtenportaal Zorg"
    )


def test_adult_route_talk_chair_kpz_disputes(seeded, travel):
    adult = procedure("adult")
    officer = staff()
    client = ClientFactory.create(organisation=adult.organisation, name="Henk Dijkstra")
    travel("2026-09-07")
    complaint = services.complaint_register(
        procedure=adult,
        actor=officer,
        channel=Channel.IN_PERSON,
        handling=Handling.INFORMAL,
        complainant=services.Complainant(name="Henk Dijkstra", relation=Relation.CLIENT),
        details=services.Details(
            summary="Dagbesteding gestopt zonder overleg",
            description="Mijn dagbesteding op dinsdag is zonder overleg stopgezet.",
            member="de-linde",
        ),
        client=client,
    )
    assert complaint.step == "talk"
    complaint = services.complaint_step_move(complaint, actor=officer, to_step="chair")
    travel("2026-09-08")
    complaint = services.complaint_meeting_plan(
        complaint,
        actor=officer,
        planned_for=datetime(2026, 9, 15, 13, 0, tzinfo=AMS),
        participants="Henk Dijkstra, voorzitter",
    )
    travel("2026-09-15", hour=15)
    complaint = services.complaint_meeting_record(
        complaint,
        actor=officer,
        meeting=complaint.meetings.get(),
        held_on=day("2026-09-15"),
        participants="Henk Dijkstra, voorzitter",
        companions="Klachtenfunctionaris van Klachtenportaal Zorg",
        summary="Geen overeenstemming over terugkeer naar de dinsdaggroep.",
    )
    # Henk fills in the complaint form of Klachtenportaal Zorg: formal, with the body.
    travel("2026-09-21")
    complaint = services.complaint_make_formal(complaint, actor=officer, filled_in_together=False)
    assert (complaint.handling, complaint.state, complaint.step) == ("formal", "referred", "kpz")
    travel("2026-10-26")
    complaint = services.complaint_referral_outcome(
        complaint, actor=officer, outcome=StepOutcome.NOT_RESOLVED, summary="Bemiddeling mislukt."
    )
    travel("2026-10-28")
    complaint = services.complaint_refer(
        complaint,
        actor=officer,
        body="kpz_disputes",
        handed_over="Klachtdossier en verslag van de bemiddeling",
    )
    assert (complaint.state, complaint.step) == ("referred", "disputes")
    travel("2027-01-18")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=officer,
        verdict=Verdict.NOT_UPHELD,
        reasons="De groep is opgeheven wegens te weinig deelnemers; er is een alternatief geboden.",
    )
    complaint = services.complaint_close(complaint, actor=officer)
    assert (complaint.closure, terms_of(complaint)) == ("judged", {})
    assert [entry.step for entry in complaint.history.all()] == [
        "talk",
        "chair",
        "chair",
        "chair",
        "kpz",
        "kpz",
        "disputes",
        "disputes",
        "disputes",
    ]
