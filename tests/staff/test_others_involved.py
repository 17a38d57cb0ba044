"""IederZijnWerk: "Indien nodig kan IederZijnWerk Ambulant contact opnemen met andere
betrokkenen bij de klacht, maar dit gebeurt altijd na toestemming van de betrokken
partij." The consent is recorded first; a contact without it is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from klachtpad.organisations.models import Organisation
from tests.complaints.factories import ComplaintFactory
from tests.staff.conftest import member

pytestmark = pytest.mark.django_db


def post(client, complaint, action, **fields):
    data = {f"{action}-{name}": value for name, value in fields.items()}
    complaint.refresh_from_db()
    data["version"] = str(complaint.version)
    url = f"/staff/{complaint.organisation.slug}/complaints/{complaint.reference}/do/{action}/"
    return client.post(url, data)


def test_iederzijnwerk_contacts_the_gp_only_after_consent(sign_in, seeded):
    izw = Organisation.objects.get(slug="iederzijnwerk")
    complaint = ComplaintFactory.create(procedure=izw.procedures.get(), step="management")
    client = sign_in(member(izw, "complaints_officer", "izw-klachten"))
    today = timezone.localdate()
    refused = post(
        client, complaint, "othercontact", person="Huisarts Visser", contacted_on=today.isoformat()
    )
    assert refused.status_code == 422
    assert "alleen met toestemming" in refused.content.decode()
    consent = post(
        client,
        complaint,
        "consent",
        person="Huisarts  Visser",
        consent_by="Jan Klager",
        how="oral",
        consent_on=(today - timedelta(days=1)).isoformat(),
    )
    assert consent.status_code == 302
    done = post(
        client,
        complaint,
        "othercontact",
        person="huisarts visser",
        contacted_on=today.isoformat(),
        note="Bevestigt de gemiste afspraken.",
    )
    assert done.status_code == 302
    page = client.get(f"/staff/iederzijnwerk/complaints/{complaint.reference}/").content.decode()
    assert "Huisarts Visser" in page and "Jan Klager" in page
    assert "Bevestigt de gemiste afspraken." in page
    other = complaint.others.get()
    assert (other.consent_on, other.contacted_on) == (today - timedelta(days=1), today)


def test_where_the_scheme_does_not_ask_a_contact_needs_no_consent(sign_in, seeded):
    next_org = Organisation.objects.get(slug="next")
    complaint = ComplaintFactory.create(procedure=next_org.procedures.get())
    client = sign_in(member(next_org, "complaints_officer", "klachten"))
    done = post(
        client,
        complaint,
        "othercontact",
        person="De buurvrouw",
        contacted_on=timezone.localdate().isoformat(),
    )
    assert done.status_code == 302
