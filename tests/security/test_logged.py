"""What the probe found missing from the access log: worklists (which files they
showed), improvement actions, the complainant's own reads, and people with no role."""

from __future__ import annotations

import pytest

from klachtpad.audit.models import AccessLogEntry
from klachtpad.organisations.models import Organisation
from klachtpad.reports.models import ImprovementAction
from tests.complaints.factories import ComplaintFactory, UserFactory
from tests.staff.conftest import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_org(seeded):
    return Organisation.objects.get(slug="next")


def test_a_worklist_entry_names_the_files_shown_but_not_the_search_words(client, sign_in, next_org):
    complaint = ComplaintFactory.create(procedure=next_org.procedures.get())
    officer = member(next_org, "complaints_officer", "officer")
    sign_in(officer)
    client.get("/staff/next/complaints/?q=begeleider&state=open")
    entry = AccessLogEntry.objects.filter(user=officer, action="search").latest("sequence")
    assert complaint.reference in entry.detail
    assert "q,state" in entry.detail and "begeleider" not in entry.detail


def test_improvement_actions_are_logged(client, sign_in, next_org):
    officer = member(next_org, "complaints_officer", "officer")
    action = ImprovementAction.objects.create(
        organisation=next_org,
        title="Roosters",
        owner="teamleider",
        due_on="2027-01-01",
        created_on="2026-11-01",
    )
    sign_in(officer)
    client.get("/staff/next/improvements/")
    client.get(f"/staff/next/improvements/{action.pk}/")
    details = set(AccessLogEntry.objects.filter(user=officer).values_list("detail", flat=True))
    assert "improvements" in details and f"GET improvement {action.pk}" in details


def test_the_complainants_own_reads_are_logged_without_the_link(client, next_org):
    from tests.public.links import mailed_link

    complaint = ComplaintFactory.create(procedure=next_org.procedures.get())
    link = mailed_link(complaint)
    token = link.split("/")[2]
    assert client.get(link, follow=True).status_code == 200
    entry = AccessLogEntry.objects.get(complaint_reference=complaint.reference)
    assert entry.action == "view" and entry.outcome == "allowed"
    assert "klager" in entry.on_behalf_of or "complainant" in entry.on_behalf_of
    assert token not in entry.detail


def test_someone_without_a_role_who_tries_an_organisation_is_logged(client, sign_in, next_org):
    stranger = UserFactory.create(username="vreemde")
    permens = Organisation.objects.get(slug="permens")
    member(permens, "complaints_officer", "vreemde")
    sign_in(stranger)
    assert client.get("/staff/next/complaints/").status_code == 404
    refused = AccessLogEntry.objects.get(organisation=next_org, user=stranger)
    assert refused.outcome == "refused"


def test_an_overlong_reference_does_not_break_the_page(client, sign_in, next_org):
    officer = member(next_org, "complaints_officer", "officer")
    sign_in(officer)
    assert client.get("/staff/next/complaints/" + "9" * 200 + "/").status_code == 404
