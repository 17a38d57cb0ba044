"""perMens (sheltered housing, Wkkgz): route 1 through the coordinator to the
complaints committee with an extension; route 2 straight to the committee."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from klachtpad.complaints import services
from klachtpad.complaints.history import history_lines
from klachtpad.domain.schemes.vocabulary import Channel, Handling, Relation, StepOutcome, Verdict
from klachtpad.organisations.models import Procedure

from .factories import ClientFactory, day, staff, terms_of, told

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def procedure(seeded):
    return Procedure.objects.get(organisation__slug="permens", key="care")


def test_route_1_coordinator_then_committee_with_extension(procedure, travel):
    officer = staff()
    client = ClientFactory.create(organisation=procedure.organisation, name="Anouk Visser")

    # Mon 2 March 2026: Anouk hands the complaint form to her housing coordinator.
    travel("2026-03-02")
    complaint = services.complaint_register(
        procedure=procedure,
        actor=officer,
        channel=Channel.FORM,
        handling=Handling.FORMAL,
        complainant=services.Complainant(name="Anouk Visser", relation=Relation.CLIENT),
        details=services.Details(
            summary="Lekkage in mijn kamer wordt niet verholpen",
            description="Sinds januari lekt het dak boven mijn bed. Ik heb het drie keer gemeld.",
            event_date=day("2026-01-12"),
            location="Woonvoorziening De Pijp",
            care_type="beschermd wonen",
            desired_outcome="Dat het dak wordt gerepareerd en ik zolang een andere kamer krijg.",
            already_tried="Gemeld bij mijn begeleider.",
        ),
        client=client,
    )
    assert complaint.reference == "2026-0001"
    assert complaint.step == "coordinator"
    # Decision: 2 March + 6 weeks = Mon 13 April (statutory). First contact: 2 working
    # days from the step start = Wed 4 March.
    assert terms_of(complaint) == {
        ("", "decision"): ("2026-04-13", "running", None),
        ("coordinator", "first_contact"): ("2026-03-04", "running", None),
    }

    travel("2026-03-03")
    complaint = services.complaint_contact_record(complaint, actor=officer, note="Gebeld")
    assert terms_of(complaint)[("coordinator", "first_contact")] == ("2026-03-04", "met", True)

    travel("2026-03-04")
    services.complaint_meeting_plan(
        complaint,
        actor=officer,
        planned_for=datetime(2026, 3, 10, 14, 0, tzinfo=AMS),
        place="Kantoor De Pijp",
        participants="Anouk Visser, coördinator",
    )
    travel("2026-03-10", hour=16)
    complaint = services.complaint_meeting_record(
        complaint,
        actor=officer,
        meeting=complaint.meetings.get(),
        held_on=day("2026-03-10"),
        participants="Anouk Visser, woonbegeleider, coördinator",
        companions="Haar zus",
        summary="Reparatie aangevraagd bij de verhuurder; Anouk wil een oordeel van de commissie.",
        agreements="Tijdelijk een droge kamer op de eerste verdieping.",
    )

    # Not resolved: the coordinator step leads to the complaints committee.
    travel("2026-03-16")
    complaint = services.complaint_refer(
        complaint,
        actor=officer,
        body="committee",
        handed_over="Klachtformulier, verslag van het gesprek van 10 maart, foto's van de lekkage.",
    )
    assert (complaint.state, complaint.step) == ("referred", "committee")
    assert terms_of(complaint)[("", "decision")] == ("2026-04-13", "running", None)

    travel("2026-03-18")
    complaint = services.complaint_acknowledge(complaint, actor=officer)

    # Wed 8 April: before the end, notice of an extension by at most four weeks.
    travel("2026-04-08")
    with pytest.raises(services.TransitionRefused, match="at most 4w"):
        services.complaint_term_extend(
            complaint,
            actor=officer,
            new_end=day("2026-05-12"),
            notified_on=day("2026-04-08"),
            reason="De commissie hoort eerst de verhuurder.",
        )
    complaint = services.complaint_term_extend(
        complaint,
        actor=officer,
        new_end=day("2026-05-11"),
        notified_on=day("2026-04-08"),
        reason="De commissie hoort eerst de verhuurder.",
    )
    assert terms_of(complaint)[("", "decision")] == ("2026-05-11", "running", None)
    with pytest.raises(
        services.TransitionRefused, match="already had its one extension on 2026-04-08"
    ):
        services.complaint_term_extend(
            complaint,
            actor=officer,
            new_end=day("2026-05-11"),
            notified_on=day("2026-04-08"),
            reason="Nog een keer",
        )

    travel("2026-05-06")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=officer,
        verdict=Verdict.PARTLY_UPHELD,
        reasons="De lekkage is te lang blijven bestaan; de tijdelijke kamer was wel snel geregeld.",
        decisions="De woonvoorziening laat het dak binnen vier weken repareren.",
        measures=[
            services.MeasureInput("Dak laten repareren", "Manager vastgoed", day("2026-06-03"))
        ],
        recommendations="Meldingen over het gebouw binnen een week opvolgen.",
    )
    assert complaint.state == "decided"
    assert (complaint.decided_on, complaint.decision_due_on, complaint.decided_in_time) == (
        day("2026-05-06"),
        day("2026-05-11"),
        True,
    )
    assert complaint.referrals.get().outcome == StepOutcome.JUDGED

    travel("2026-05-07")
    complaint = services.complaint_close(complaint, actor=officer)
    complaint = services.complaint_satisfaction_record(
        complaint, actor=officer, score=4, remark="Duurde lang, maar ik ben gehoord."
    )
    assert (complaint.state, complaint.closure) == ("closed", "judged")

    assert {
        ("complainant", "extension_notice", "term_extended"),
        ("complainant", "decision", "decided"),
        ("complainant", "acknowledgement", ""),
        ("complainant", "referral", "step_changed"),
        ("complainant", "meeting_invitation", ""),
    } <= told(complaint)

    with translation.override("en"):
        lines = [line.text for line in history_lines(complaint)]
    assert [line.removeprefix(officer.name + " ") for line in lines] == [
        "registered a formal complaint, received by web form on 2 March 2026, at the step "
        "“Talk with the coordinator”. The written decision term runs until 13 April 2026. "
        "The first contact term runs until 4 March 2026.",
        "recorded contact with the complainant on 3 March 2026. "
        "The first contact term (until 4 March 2026) was met in time.",
        "planned a meeting for 10 March 2026 14:00.",
        "recorded the meeting of 10 March 2026 with Anouk Visser, woonbegeleider, coördinator.",
        "referred the complaint to perMens complaints committee on 16 March 2026.",
        "acknowledged receipt on 18 March 2026.",
        "extended the written decision term from 13 April 2026 to 11 May 2026; the complainant was "
        "notified on 8 April 2026.",
        "recorded the judgement of Klachtencommissie van perMens of 6 May 2026: partly upheld. "
        "The written decision term (until 11 May 2026) was met in time.",
        "closed the complaint on 7 May 2026: judged.",
        "recorded the complainant's satisfaction with the handling: 4 of 5.",
    ]
    with translation.override("nl"):
        first = history_lines(complaint)[0].text
    assert first.startswith(
        f"{officer.name} registreerde een formele klacht, ontvangen per webformulier op "
        "2 maart 2026, bij de stap “Gesprek met de coördinator”. De termijn voor schriftelijke "
        "beslissing loopt tot 13 april 2026."
    )


def test_route_2_straight_to_the_committee(procedure, travel):
    officer = staff()
    client = ClientFactory.create(organisation=procedure.organisation)
    travel("2026-12-17")
    complaint = services.complaint_register(
        procedure=procedure,
        actor=officer,
        channel=Channel.LETTER,
        handling=Handling.FORMAL,
        complainant=services.Complainant(name=client.name, relation=Relation.CLIENT),
        details=services.Details(
            summary="Bejegening", description="Er werd tegen mij geschreeuwd."
        ),
        client=client,
        step="committee",
    )
    # 17 Dec + 6 weeks = Thu 28 Jan 2027; no coordinator term.
    assert terms_of(complaint) == {("", "decision"): ("2027-01-28", "running", None)}
    assert complaint.step == "committee"
