"""IederZijnWerk Ambulant (Wkkgz): a concern through the coordinator to a formal
complaint at management, decided and reopened after the disputes body; a complaint
about events older than a year, declined; a complaint made to Klachtenportaal Zorg."""

import pytest

from klachtpad.complaints import services
from klachtpad.domain.schemes.vocabulary import Channel, Handling, Relation, StepOutcome, Verdict
from klachtpad.organisations.models import Procedure

from .factories import ClientFactory, day, staff, terms_of, told


@pytest.fixture
def procedure(seeded):
    return Procedure.objects.get(organisation__slug="iederzijnwerk", key="ambulant")


def register(procedure, officer, *, channel, handling, step=None, event_date=None):
    client = ClientFactory.create(organisation=procedure.organisation, name="Mirjam de Boer")
    return services.complaint_register(
        procedure=procedure,
        actor=officer,
        channel=channel,
        handling=handling,
        complainant=services.Complainant(name="Mirjam de Boer", relation=Relation.CLIENT),
        details=services.Details(
            summary="Huishoudelijke hulp kwam niet",
            description="Drie weken lang kwam er niemand van HuishoudenPlus.",
            event_date=event_date,
        ),
        client=client,
        step=step,
    )


def test_concern_to_management_decided_then_reopened_after_disputes_body(procedure, travel):
    officer = staff()
    director = staff()
    travel("2026-10-01")
    complaint = register(procedure, officer, channel=Channel.PHONE, handling=Handling.INFORMAL)
    assert complaint.step == "employee"

    travel("2026-10-05")
    complaint = services.complaint_step_move(complaint, actor=officer, to_step="coordinator")
    # Mon 12 Oct: Mirjam puts it in a letter. Acknowledgement within 5 working days
    # (Mon 19 Oct); decision within six weeks (Mon 23 Nov).
    travel("2026-10-12")
    complaint = services.complaint_make_formal(complaint, actor=officer, filled_in_together=False)
    assert complaint.step == "management"
    assert terms_of(complaint) == {
        ("", "acknowledgement"): ("2026-10-19", "running", None),
        ("", "decision"): ("2026-11-23", "running", None),
    }
    assert ("management", "", "formal_complaint") in told(complaint)

    travel("2026-10-14")
    complaint = services.complaint_acknowledge(complaint, actor=director)
    assert terms_of(complaint)[("", "acknowledgement")] == ("2026-10-19", "met", True)

    travel("2026-11-20")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=director,
        verdict=Verdict.UPHELD,
        reasons="De planning van HuishoudenPlus heeft de vervanging niet geregeld.",
        decisions="Een vaste vervanger per wijk.",
        measures=[
            services.MeasureInput("Vervangingsrooster per wijk", "Teamleider", day("2027-01-01"))
        ],
    )
    complaint = services.complaint_close(complaint, actor=director)
    complaint = services.complaint_satisfaction_record(complaint, actor=officer, score=2)
    frozen = (complaint.decided_on, complaint.decision_due_on, complaint.decided_in_time)
    assert frozen == (day("2026-11-20"), day("2026-11-23"), True)

    # Mon 15 Feb 2027: the disputes body rules the measure insufficient; reopen.
    travel("2027-02-15")
    with pytest.raises(services.TransitionRefused, match="Give the reason"):
        services.complaint_reopen(complaint, actor=director, reason=" ")
    complaint = services.complaint_reopen(
        complaint,
        actor=director,
        reason="Uitspraak Geschillencommissie van 10 februari: opnieuw beoordelen.",
    )
    assert (complaint.state, complaint.closure) == ("open", "")
    travel("2027-03-01")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=director,
        verdict=Verdict.UPHELD,
        reasons="Na de uitspraak: ook een vergoeding voor de gemiste uren.",
        decisions="De gemiste uren worden vergoed.",
        no_measures_reason="De vervanging per wijk is al geregeld.",
    )
    complaint = services.complaint_close(complaint, actor=director)
    # The first decision's timeliness stays as it was frozen.
    assert (complaint.decided_on, complaint.decision_due_on, complaint.decided_in_time) == frozen
    assert complaint.judgements.count() == 2


def test_old_events_flagged_then_declined(procedure, travel):
    officer = staff()
    # Thu 24 Dec 2026, about events of November 2025: more than a year before.
    travel("2026-12-24")
    complaint = register(
        procedure,
        officer,
        channel=Channel.LETTER,
        handling=Handling.FORMAL,
        event_date=day("2025-11-03"),
    )
    assert complaint.events_older_than_limit
    # 5 working days over Christmas and New Year: Mon 4 Jan 2027.
    assert terms_of(complaint) == {
        ("", "acknowledgement"): ("2027-01-04", "running", None),
        ("", "decision"): ("2027-02-04", "running", None),
    }
    travel("2026-12-29")
    complaint = services.complaint_acknowledge(complaint, actor=officer)
    travel("2027-01-07")
    with pytest.raises(services.TransitionRefused, match="Give the motivation"):
        services.complaint_decline(complaint, actor=officer, motivation="")
    complaint = services.complaint_decline(
        complaint,
        actor=officer,
        motivation="De gebeurtenissen zijn meer dan een jaar oud en de medewerker is vertrokken.",
    )
    assert (complaint.state, complaint.closure) == ("closed", "declined")
    assert terms_of(complaint)[("", "decision")] == ("2027-02-04", "met", True)
    assert ("complainant", "decline_notice", "declined") in told(complaint)


def test_complaint_made_to_klachtenportaal_zorg(procedure, travel):
    officer = staff()
    travel("2026-11-02")
    complaint = register(
        procedure, officer, channel=Channel.FORM, handling=Handling.FORMAL, step="kpz"
    )
    assert (complaint.state, complaint.step) == ("referred", "kpz")
    # Klachtenportaal Zorg contacts the complainant within 5 working days (Mon 9 Nov).
    assert terms_of(complaint)[("kpz", "first_contact")] == ("2026-11-09", "running", None)
    travel("2026-11-04")
    complaint = services.complaint_contact_record(complaint, actor=officer, note="KPZ belde")
    travel("2026-11-30")
    complaint = services.complaint_referral_outcome(
        complaint, actor=officer, outcome=StepOutcome.RESOLVED, summary="Opgelost na bemiddeling"
    )
    complaint = services.complaint_close(complaint, actor=officer)
    assert terms_of(complaint) == {
        ("", "acknowledgement"): ("2026-11-09", "stopped", False),
        ("", "decision"): ("2026-12-14", "met", True),
        ("kpz", "first_contact"): ("2026-11-09", "met", True),
    }
