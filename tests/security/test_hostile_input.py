"""Hostile input gets a clear message and a 4xx, never a server error: NUL bytes in
every query parameter and form the probe found, far dates, dates before receipt."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from klachtpad.complaints import services
from klachtpad.organisations.models import Organisation
from tests.complaints.factories import ComplaintFactory
from tests.staff.conftest import member

pytestmark = pytest.mark.django_db
NUL = "a\x00b"


@pytest.fixture
def desk(client, sign_in, seeded):
    organisation = Organisation.objects.get(slug="next")
    user = member(organisation, "complaints_officer", "officer")
    for role in ("organisation_admin", "log_administrator"):
        from klachtpad.organisations.models import Membership

        Membership.objects.create(user=user, organisation=organisation, role=role)
    complaint = ComplaintFactory.create(procedure=organisation.procedures.get(), acknowledged=True)
    sign_in(user)
    return organisation, complaint


@pytest.mark.parametrize(
    "url",
    [
        "/staff/next/complaints/?q={v}",
        "/staff/next/complaints/?location={v}",
        "/staff/next/complaints/?step={v}",
        "/staff/next/complaints/{v}/",
        "/staff/next/log/?reference={v}",
        "/staff/next/log/?person={v}",
        "/staff/next/clients/?q={v}",
        "/next/klacht/ontvangen/{v}/",
        "/volgen/{v}/",
    ],
)
def test_a_nul_byte_anywhere_gets_a_400_in_dutch(client, desk, url):
    answer = client.get(url.format(v="a%00b"))
    assert answer.status_code == 400
    assert "teken dat niet gebruikt kan worden" in answer.content.decode()


def test_a_nul_byte_in_a_form_gets_a_400_and_nothing_is_saved(client, desk):
    _organisation, complaint = desk
    before = complaint.history.count()
    answer = client.post(
        f"/staff/next/complaints/{complaint.reference}/do/note/",
        {"note-note": NUL, "version": str(complaint.version)},
    )
    assert answer.status_code == 400
    assert complaint.history.count() == before


@pytest.mark.parametrize(
    "query",
    [
        "start=0001-01-01&end=0001-12-31",
        "start=9999-01-01&end=9999-12-31",
    ],
)
def test_a_report_in_year_1_or_9999_gets_a_message(client, desk, query):
    answer = client.get(f"/staff/next/reports/?{query}")
    assert answer.status_code == 400
    assert "kan niet kloppen" in answer.content.decode()


def test_the_terms_calculator_at_the_end_of_the_calendar_gets_a_message(client, desk):
    organisation, _complaint = desk
    procedure = organisation.procedures.get()
    answer = client.get(f"/staff/next/admin/terms/?procedure={procedure.pk}&received_on=9999-12-20")
    assert answer.status_code < 500
    assert "kan niet kloppen" in answer.content.decode()


def test_a_received_date_in_year_1_is_refused(client, desk):
    organisation, _complaint = desk
    answer = client.post(
        "/staff/next/complaints/new/",
        {
            "procedure": str(organisation.procedures.get().pk),
            "handling": "informal",
            "channel": "phone",
            "received_on": "0001-01-01",
            "complainant_name": "Jan",
            "complainant_relation": "client",
            "summary": "Iets",
            "description": "Iets gebeurde.",
        },
    )
    assert answer.status_code == 200
    assert "kan niet kloppen" in answer.content.decode()


def test_an_acknowledgement_before_receipt_is_refused(seeded):
    organisation = Organisation.objects.get(slug="next")
    complaint = ComplaintFactory.create(procedure=organisation.procedures.get())
    with pytest.raises(services.TransitionRefused, match="before the complaint was received"):
        services.complaint_acknowledge(
            complaint,
            actor=services.Actor(name="officer"),
            on=complaint.received_on - timedelta(days=1),
        )
    assert timezone.localdate() >= complaint.received_on
