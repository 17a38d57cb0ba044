"""The client's file and who may complain, from the staff pages: contacts and
representatives registered with their date, the date of death, and intake that checks
what staff tick against the file (Next, IederZijnWerk; Wkkgz art. 14)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from klachtpad.audit.models import AccessLogEntry
from klachtpad.complaints.models import Client, Complaint
from klachtpad.organisations.models import Organisation
from tests.staff.conftest import member

pytestmark = pytest.mark.django_db


def intake(client, organisation, **fields):
    data = {
        "procedure": str(organisation.procedures.get().pk),
        "handling": "formal",
        "channel": "letter",
        "complainant_relation": "client",
        "summary": "Geen begeleiding",
        "description": "Drie weken geen begeleider gezien.",
        **fields,
    }
    return client.post(f"/staff/{organisation.slug}/complaints/new/", data)


@pytest.fixture
def next_org(seeded):
    return Organisation.objects.get(slug="next")


def test_a_registered_family_member_complains_once_the_file_says_so(client, sign_in, next_org):
    officer = member(next_org, "complaints_officer", "klachten")
    sign_in(officer)
    made = client.post("/staff/next/clients/", {"client_number": "N-17", "name": "Ruud Bakker"})
    assert made.status_code == 302 and made["Location"] == "/staff/next/clients/N-17/"
    family = {
        "client_number": "N-17",
        "complainant_name": "Marja  Bakker",
        "complainant_relation": "family_member",
    }
    # Without the tick the scheme's rule refuses, in Dutch, and nothing is recorded.
    refused = intake(client, next_org, **family)
    assert refused.status_code == 200
    assert "mag alleen een klacht indienen als deze persoon als" in refused.content.decode()
    # Ticked, but the file does not say so yet.
    ticked = {**family, "conditions": ["registered_contact"]}
    refused = intake(client, next_org, **ticked)
    assert "is niet als contactpersoon geregistreerd" in refused.content.decode()
    assert not Complaint.objects.filter(organisation=next_org).exists()
    since = (timezone.localdate() - timedelta(days=300)).isoformat()
    added = client.post(
        "/staff/next/clients/N-17/contacts/",
        {"name": "Marja Bakker", "relation": "family_member", "registered_on": since},
    )
    assert added.status_code == 302
    page = client.get("/staff/next/clients/N-17/").content.decode()
    assert "Marja Bakker" in page and "familielid" in page
    accepted = intake(client, next_org, **ticked)
    assert accepted.status_code == 302
    complaint = Complaint.objects.get(organisation=next_org)
    assert complaint.complainant_contact is not None
    assert complaint.complainant_contact.registered_on == date.fromisoformat(since)
    assert complaint.reference in client.get("/staff/next/clients/N-17/").content.decode()


def test_a_surviving_relative_needs_the_date_of_death(client, sign_in, seeded):
    izw = Organisation.objects.get(slug="iederzijnwerk")
    sign_in(member(izw, "complaints_officer", "izw-klachten"))
    Client.objects.create(organisation=izw, client_number="I-1", name="Gerrit Mol")
    relative = {
        "client_number": "I-1",
        "complainant_name": "Anja Mol",
        "complainant_relation": "surviving_relative",
        "conditions": ["client_deceased"],
    }
    refused = intake(client, izw, **relative)
    assert "heeft geen overlijdensdatum" in refused.content.decode()
    future = client.post(
        "/staff/iederzijnwerk/clients/I-1/death/",
        {"died_on": (timezone.localdate() + timedelta(days=2)).isoformat()},
    )
    assert future.status_code == 422 and "in de toekomst" in future.content.decode()
    died = (timezone.localdate() - timedelta(days=20)).isoformat()
    client.post("/staff/iederzijnwerk/clients/I-1/death/", {"died_on": died})
    assert intake(client, izw, **relative).status_code == 302


def test_a_refused_representative_may_complain_about_the_refusal(client, sign_in, next_org):
    sign_in(member(next_org, "complaints_officer", "klachten"))
    Client.objects.create(organisation=next_org, client_number="N-2", name="Kees Prins")
    neighbour = {
        "client_number": "N-2",
        "complainant_name": "Henk de Buur",
        "complainant_relation": "other_involved",
    }
    assert intake(client, next_org, **neighbour).status_code == 200  # the scheme says no
    answer = intake(client, next_org, refused_as_representative="on", **neighbour)
    assert answer.status_code == 302
    history = client.get(answer["Location"]).content.decode()
    assert "(Wkkgz art. 14 lid 2)" in history


def test_client_pages_are_for_those_who_record_complaints_and_are_logged(client, sign_in, next_org):
    Client.objects.create(organisation=next_org, client_number="N-3", name="Fleur Kok")
    sign_in(member(next_org, "management", "directie"))
    assert client.get("/staff/next/clients/").status_code == 403
    worker = member(next_org, "key_worker", "begeleider")
    sign_in(worker)
    assert "Fleur Kok" in client.get("/staff/next/clients/?q=kok").content.decode()
    assert client.get("/staff/next/clients/N-3/").status_code == 200
    entries = AccessLogEntry.objects.filter(user=worker)
    assert entries.filter(detail="GET client N-3").exists()
    assert not entries.filter(detail__icontains="kok").exists()  # search words are not kept
    other = Organisation.objects.get(slug="permens")
    Client.objects.create(organisation=other, client_number="P-1", name="Elders")
    assert client.get("/staff/next/clients/P-1/").status_code == 404
