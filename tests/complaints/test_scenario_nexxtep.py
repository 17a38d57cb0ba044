"""Nexxtep (reintegration, contract only): four weeks that do not move for King's Day,
an extension without a maximum, and a judgement that everyone signs when resolved."""

import pytest

from klachtpad.complaints import services
from klachtpad.domain.schemes.vocabulary import Channel, Handling, Relation, Verdict
from klachtpad.organisations.models import Procedure

from .factories import ClientFactory, day, staff, terms_of, told


@pytest.fixture
def procedure(seeded):
    return Procedure.objects.get(organisation__slug="nexxtep", key="service")


def test_contract_complaint_resolved_and_signed(procedure, travel):
    officer = staff()
    client = ClientFactory.create(organisation=procedure.organisation, name="Kevin Smit")
    # Mon 30 March 2026 + 4 weeks = Mon 27 April, King's Day. A contract term is not set
    # by law, so the Algemene termijnenwet does not move it.
    travel("2026-03-30")
    complaint = services.complaint_register(
        procedure=procedure,
        actor=officer,
        channel=Channel.EMAIL,
        handling=Handling.FORMAL,
        complainant=services.Complainant(name="Kevin Smit", relation=Relation.CLIENT),
        details=services.Details(
            summary="Trajectbegeleider reageert niet",
            description="Ik krijg al twee weken geen antwoord op mijn mails over mijn stage.",
        ),
        client=client,
        employees=[services.Employee("Ruud Peters", "trajectbegeleider")],
    )
    assert terms_of(complaint) == {
        ("complaints_officer", "decision"): ("2026-04-27", "running", None)
    }
    # The complaints officer informs the employee concerned of the complaint.
    assert ("employee_concerned", "", "formal_complaint") in told(complaint)

    # The scheme names no maximum: a longer extension is allowed, once.
    travel("2026-04-20")
    complaint = services.complaint_term_extend(
        complaint,
        actor=officer,
        new_end=day("2026-06-01"),
        notified_on=day("2026-04-20"),
        reason="De trajectbegeleider is met vakantie.",
    )
    assert terms_of(complaint)[("complaints_officer", "decision")][0] == "2026-06-01"

    travel("2026-05-08")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=officer,
        verdict=Verdict.UPHELD,
        reasons="Mails zijn niet beantwoord door een fout in de doorstuurregel.",
        decisions="Een vervangend aanspreekpunt bij afwezigheid.",
        resolved=True,
    )
    assert ("complainant", "judgement", "decided") in told(complaint)
    assert ("employee_concerned", "judgement", "decided") in told(complaint)

    # Resolved to satisfaction: complainant, complaints officer and employee sign.
    services.complaint_judgement_sign(
        complaint, actor=officer, party="complainant", name="Kevin Smit"
    )
    services.complaint_judgement_sign(
        complaint, actor=officer, party="complaints_officer", name="Pieter Smit"
    )
    with pytest.raises(services.TransitionRefused, match="already signed on 2026-05-08"):
        services.complaint_judgement_sign(
            complaint, actor=officer, party="complainant", name="Kevin Smit"
        )
    with pytest.raises(services.TransitionRefused, match="does not need a signature"):
        services.complaint_judgement_sign(
            complaint, actor=officer, party="management", name="Directie"
        )
    with pytest.raises(services.TransitionRefused, match="signature of: employee concerned"):
        services.complaint_close(complaint, actor=officer)
    services.complaint_judgement_sign(
        complaint, actor=officer, party="employee_concerned", name="Ruud Peters"
    )
    complaint = services.complaint_close(complaint, actor=officer)
    assert (complaint.closure, complaint.decided_in_time) == ("judged", True)
    assert complaint.judgements.get().signatures.count() == 3
