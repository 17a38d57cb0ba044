"""Staff intake: a concern told by phone or in person, a complaint that came by post."""

from __future__ import annotations

import pytest

from klachtpad.audit.models import AccessLogEntry
from klachtpad.complaints.models import Client, Complaint
from tests.complaints.factories import ClientFactory
from tests.staff.conftest import member

pytestmark = pytest.mark.django_db

URL = "/staff/next/complaints/new/"


def answers(next_org, **changes):
    data = {
        "procedure": str(next_org.procedures.order_by("id").first().pk),
        "handling": "informal",
        "channel": "phone",
        "complainant_name": "Anouk Bakker",
        "complainant_relation": "client",
        "complainant_phone": "06-12345678",
        "summary": "Begeleider kwam niet",
        "description": "Mijn begeleider kwam gisteren niet en belde ook niet af.",
    }
    data.update(changes)
    return data


def test_a_concern_by_phone_with_a_new_client_is_recorded(sign_in, officer, next_org):
    client = sign_in(officer)

    response = client.post(
        URL, answers(next_org, client_number="N-0042", client_name="Anouk Bakker")
    )

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/complaints/{complaint.reference}/")
    assert complaint.handling == "informal"
    assert complaint.channel == "phone"
    assert complaint.recorded_by == officer
    assert complaint.client == Client.objects.get(organisation=next_org, client_number="N-0042")
    html = client.get(response["Location"]).content.decode()
    assert f"Vastgelegd als {complaint.reference}." in html
    assert AccessLogEntry.objects.filter(
        complaint_reference=complaint.reference, action="change", outcome="allowed"
    ).exists()


def test_a_known_client_is_found_by_number(sign_in, officer, next_org):
    known = ClientFactory.create(organisation=next_org, client_number="N-0007")

    sign_in(officer).post(URL, answers(next_org, client_number="N-0007"))

    assert Complaint.objects.get().client == known


def test_an_unknown_client_number_without_a_name_is_asked_for(sign_in, officer, next_org):
    response = sign_in(officer).post(URL, answers(next_org, client_number="N-9999"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is nog geen cliënt met dit nummer" in html
    assert "Mijn begeleider kwam gisteren niet en belde ook niet af." in html
    assert not Complaint.objects.exists()
    assert not Client.objects.filter(client_number="N-9999").exists()


def test_a_formal_complaint_by_phone_needs_the_form_filled_in_together(sign_in, officer, next_org):
    client = sign_in(officer)

    refused = client.post(URL, answers(next_org, handling="formal"))

    assert refused.status_code == 200
    assert "Een formele klacht is schriftelijk" in refused.content.decode()
    assert not Complaint.objects.exists()

    accepted = client.post(URL, answers(next_org, handling="formal", filled_in_together="on"))

    assert accepted.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.handling == "formal"
    assert complaint.filled_in_together
    assert complaint.terms.filter(kind="decision").exists()


def test_a_letter_is_a_formal_complaint_without_more_ado(sign_in, officer, next_org):
    sign_in(officer).post(URL, answers(next_org, handling="formal", channel="letter"))

    assert Complaint.objects.get().handling == "formal"


def test_a_key_worker_records_a_concern_and_makes_it_formal_with_the_client(sign_in, next_org):
    worker = member(next_org, "key_worker", "begeleider")
    client = sign_in(worker)
    client.post(URL, answers(next_org, channel="in_person"))
    complaint = Complaint.objects.get()

    response = client.post(
        f"/staff/next/complaints/{complaint.reference}/do/makeformal/",
        {
            "version": str(complaint.version),
            "makeformal-received_on": complaint.received_on.isoformat(),
            "makeformal-filled_in_together": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    complaint.refresh_from_db()
    assert complaint.handling == "formal"


def test_a_role_without_intake_cannot_open_the_form(sign_in, next_org):
    manager = member(next_org, "management", "directie")

    assert sign_in(manager).get(URL).status_code in (403, 404)
