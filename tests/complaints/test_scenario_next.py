"""Next (sheltered housing, Wkkgz): a concern that becomes formal at the complaints
officer and is withdrawn after an extension; a registered contact who goes straight
to Klachtenportaal Zorg (step 4 without the earlier steps)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from klachtpad.complaints import services
from klachtpad.domain.schemes.vocabulary import Channel, Handling, Relation, StepOutcome
from klachtpad.organisations.models import Procedure

from .factories import ClientFactory, day, staff, terms_of, told

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def procedure(seeded):
    return Procedure.objects.get(organisation__slug="next", key="care")


def test_concern_made_formal_extended_then_withdrawn(procedure, travel):
    key_worker = staff()
    officer = staff()
    client = ClientFactory.create(organisation=procedure.organisation, name="Daan Bakker")

    # Mon 30 Nov 2026: Daan tells his key worker he is unhappy. No legal term yet.
    travel("2026-11-30")
    complaint = services.complaint_register(
        procedure=procedure,
        actor=key_worker,
        channel=Channel.IN_PERSON,
        handling=Handling.INFORMAL,
        complainant=services.Complainant(name="Daan Bakker", relation=Relation.CLIENT),
        details=services.Details(
            summary="Huisgenoot maakt 's nachts lawaai",
            description="Mijn huisgenoot draait elke nacht harde muziek. Ik slaap slecht.",
            care_type="beschermd wonen",
        ),
        client=client,
    )
    assert (complaint.handling, complaint.step, terms_of(complaint)) == (
        "informal",
        "key_worker",
        {},
    )

    travel("2026-12-02")
    complaint = services.complaint_step_move(
        complaint, actor=key_worker, to_step="second_key_worker", reason="Geen oplossing"
    )
    # Thu 10 Dec: Daan wants an official complaint; the form is filled in together.
    # Step 3 is the complaints officer: six weeks from today, Thu 21 Jan 2027.
    travel("2026-12-10")
    complaint = services.complaint_make_formal(complaint, actor=key_worker, filled_in_together=True)
    assert (complaint.handling, complaint.step) == ("formal", "complaints_officer")
    assert terms_of(complaint) == {
        ("complaints_officer", "decision"): ("2027-01-21", "running", None),
    }

    travel("2026-12-14")
    complaint = services.complaint_meeting_plan(
        complaint,
        actor=officer,
        planned_for=datetime(2026, 12, 17, 10, 30, tzinfo=AMS),
        participants="Daan Bakker, klachtenfunctionaris",
    )
    travel("2026-12-17", hour=15)
    complaint = services.complaint_meeting_record(
        complaint,
        actor=officer,
        meeting=complaint.meetings.get(),
        held_on=day("2026-12-17"),
        participants="Daan Bakker, klachtenfunctionaris",
        companions="Zijn moeder",
        summary="Daan wil een andere kamer; er komt in januari een kamer vrij.",
        agreements="Na de verhuizing kijken we of de klacht is opgelost.",
    )

    # Fri 15 Jan 2027: notice before the end; at most four weeks: Thu 18 Feb.
    travel("2027-01-15")
    complaint = services.complaint_term_extend(
        complaint,
        actor=officer,
        new_end=day("2027-02-18"),
        notified_on=day("2027-01-15"),
        reason="We wachten op de verhuizing naar de vrije kamer.",
    )
    assert terms_of(complaint)[("complaints_officer", "decision")][0] == "2027-02-18"

    travel("2027-01-22")
    complaint = services.complaint_withdraw(
        complaint, actor=officer, reason="Daan is verhuisd en het is opgelost."
    )
    assert (complaint.state, complaint.closure) == ("closed", "withdrawn")
    assert terms_of(complaint)[("complaints_officer", "decision")] == (
        "2027-02-18",
        "stopped",
        None,
    )
    # Next's management is kept informed of the handling at step 3.
    assert {
        ("management", "", "formal_complaint"),
        ("management", "", "step_changed"),
        ("management", "", "term_extended"),
        ("management", "", "closed"),
        ("complainant", "extension_notice", "term_extended"),
        ("complainant", "", "closed"),
    } <= told(complaint)
    assert [entry.action for entry in complaint.history.all()] == [
        "register",
        "move_step",
        "make_formal",
        "plan_meeting",
        "record_meeting",
        "extend_term",
        "withdraw",
    ]


def test_registered_contact_goes_straight_to_klachtenportaal_zorg(procedure, travel):
    officer = staff()
    client = ClientFactory.create(organisation=procedure.organisation, name="Sem Jansen")
    travel("2026-06-01")
    details = services.Details(
        summary="Medicatie", description="Sem kreeg zijn medicijnen te laat."
    )

    # A family member who is not registered as contact person may not complain.
    with pytest.raises(services.TransitionRefused, match="only when registered as contact"):
        services.complaint_register(
            procedure=procedure,
            actor=officer,
            channel=Channel.PHONE,
            handling=Handling.INFORMAL,
            complainant=services.Complainant(name="Ilse Jansen", relation=Relation.FAMILY_MEMBER),
            details=details,
            client=client,
            step="kpz",
        )
    mother = services.client_contact_register(
        client=client, name="Ilse Jansen", relation=Relation.FAMILY_MEMBER
    )
    complaint = services.complaint_register(
        procedure=procedure,
        actor=officer,
        channel=Channel.PHONE,
        handling=Handling.INFORMAL,
        complainant=services.Complainant(
            name="Ilse Jansen", relation=Relation.FAMILY_MEMBER, contact=mother
        ),
        details=details,
        client=client,
        step="kpz",
    )
    assert (complaint.state, complaint.step) == ("referred", "kpz")
    assert complaint.referrals.get().handed_over == ""

    travel("2026-06-22")
    complaint = services.complaint_referral_outcome(
        complaint,
        actor=officer,
        outcome=StepOutcome.RESOLVED,
        summary="Na bemiddeling zijn afspraken gemaakt over de medicatietijden.",
    )
    complaint = services.complaint_close(complaint, actor=officer)
    assert (complaint.state, complaint.closure, complaint.decided_in_time) == (
        "closed",
        "resolved",
        None,
    )


def test_a_concern_with_klachtenportaal_zorg_comes_back_as_a_formal_complaint(procedure, travel):
    """Step 4: KPZ "can also help you if you want to make an official complaint after
    all". The concern comes back from KPZ and becomes formal at the complaints officer;
    the six weeks run from the day the written complaint is received."""
    officer = staff()
    travel("2026-03-02")
    complaint = services.complaint_register(
        procedure=procedure,
        actor=officer,
        channel=Channel.PHONE,
        handling=Handling.INFORMAL,
        complainant=services.Complainant(name="Lotte Smit", relation=Relation.CLIENT),
        details=services.Details(summary="Kamer", description="Mijn kamer is te koud."),
        step="kpz",
    )
    assert (complaint.state, complaint.step) == ("referred", "kpz")
    # Informally it cannot go back: the officer's step takes written complaints only.
    travel("2026-03-16")
    complaint = services.complaint_referral_outcome(
        complaint,
        actor=officer,
        outcome=StepOutcome.NOT_RESOLVED,
        summary="Bemiddeling lukte niet; Lotte wil een officiële klacht indienen.",
    )
    with pytest.raises(services.TransitionRefused, match="handles written complaints"):
        services.complaint_step_move(complaint, actor=officer, to_step="complaints_officer")
    travel("2026-03-18")
    complaint = services.complaint_make_formal(
        complaint, actor=officer, received_on=day("2026-03-17"), filled_in_together=False
    )
    assert (complaint.handling, complaint.state, complaint.step) == (
        "formal",
        "open",
        "complaints_officer",
    )
    # Tue 17 Mar + 6 weeks = Tue 28 Apr 2026 (King's Day is the 27th).
    assert terms_of(complaint)[("complaints_officer", "decision")] == (
        "2026-04-28",
        "running",
        None,
    )
