"""The external complaints officer serving several providers: what waits where, one list
of all their files, and every page saying whose file it is."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from klachtpad.audit.models import AccessLogEntry
from klachtpad.organisations.models import Membership, Organisation
from tests.complaints.factories import ComplaintFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def external(seeded):
    """An officer for Next and perMens; Next has a complaint past its term."""
    person = UserFactory.create(username="eva", first_name="Eva", last_name="Extern")
    for slug in ("next", "permens"):
        Membership.objects.create(
            user=person, organisation=Organisation.objects.get(slug=slug), role="complaints_officer"
        )
    today = timezone.localdate()
    late = ComplaintFactory.create(
        procedure=Organisation.objects.get(slug="next").procedures.first(),
        received_on=today - timedelta(days=60),
    )
    fresh = ComplaintFactory.create(
        procedure=Organisation.objects.get(slug="permens").procedures.first(),
        received_on=today,
        acknowledged=True,
    )
    # Nexxtep's file is not hers: she holds no role there.
    other = ComplaintFactory.create(
        procedure=Organisation.objects.get(slug="nexxtep").procedures.first()
    )
    return person, late, fresh, other


def test_the_chooser_says_what_waits_in_each_organisation(client, sign_in, external):
    person, _late, _fresh, _other = external
    sign_in(person)
    html = client.get("/staff/?choose=1").content.decode()
    rows = {
        name: cells
        for name, *cells in re.findall(
            r"<tr[^>]*><td><a [^>]+>([^<]+)</a></td>\s*<td[^>]*>(\d+)</td>"
            r"\s*<td[^>]*>(?:<span[^>]*>)?(\d+)",
            html,
        )
    }
    assert rows == {"Next": ["1", "1"], "perMens": ["1", "0"]}
    assert 'href="/staff/all/complaints/"' in html


def test_one_list_of_all_her_files_overdue_first_with_the_organisation(client, sign_in, external):
    person, late, fresh, _other = external
    sign_in(person)
    html = client.get("/staff/all/complaints/").content.decode()

    links = re.findall(r'href="/staff/([a-z0-9]+)/complaints/([0-9-]+)/"', html)
    assert links == [("next", late.reference), ("permens", fresh.reference)]
    assert "Organisatie" in html and ">Next</td>" in html
    only_permens = client.get(
        f"/staff/all/complaints/?organisation={fresh.organisation_id}"
    ).content.decode()
    assert re.findall(r'href="/staff/([a-z0-9]+)/complaints/', only_permens) == ["permens"]
    # Each organisation's access log shows which of its files the list showed.
    logged = AccessLogEntry.objects.filter(user=person, action="search")
    assert {entry.organisation.slug for entry in logged} == {"next", "permens"}


def test_the_complaint_page_names_its_organisation(client, sign_in, external):
    person, late, _fresh, _other = external
    sign_in(person)
    html = client.get(f"/staff/next/complaints/{late.reference}/").content.decode()
    assert '<p class="organisation-name">Next</p>' in html


def test_one_organisation_has_no_combined_list(client, sign_in, officer):
    sign_in(officer)
    assert client.get("/staff/all/complaints/").status_code == 403


def test_serving_five_providers_costs_the_queries_of_serving_two(client, sign_in, external):
    """An external officer of a thousand providers: roles, files and the access log of
    each organisation shown are read and written in queries that do not grow with them."""
    person, _late, _fresh, _other = external
    sign_in(person)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/staff/all/complaints/").status_code == 200
        return len(captured)

    queries()  # the session and the caches settle
    two = queries()
    for slug in ("nexxtep", "iederzijnwerk", "zorgkracht12"):
        organisation = Organisation.objects.get(slug=slug)
        Membership.objects.create(user=person, organisation=organisation, role="complaints_officer")
        ComplaintFactory.create(procedure=organisation.procedures.first(), acknowledged=True)
    queries()
    five = queries()

    assert five <= two, f"{two} queries for two providers, {five} for five"
    shown = AccessLogEntry.objects.filter(user=person, action="search")
    assert {entry.organisation.slug for entry in shown} >= {"nexxtep", "iederzijnwerk"}


def test_the_list_filters_on_one_provider_chosen_by_name(client, sign_in, external):
    person, late, _fresh, _other = external
    sign_in(person)
    next_org = Organisation.objects.get(slug="next")
    html = client.get(f"/staff/all/complaints/?organisation={next_org.pk}").content.decode()
    select = re.search(r'<select id="organisation".*?</select>', html, flags=re.S)
    assert select is not None
    options = re.findall(r'<option value="(\d*)"( selected)?>([^<]+)</option>', select.group(0))
    assert options == [
        ("", "", "alle"),
        (str(next_org.pk), " selected", "Next"),
        (str(Organisation.objects.get(slug="permens").pk), "", "perMens"),
    ]
    rows = re.findall(r'<span class="visually-hidden">([^<]+) </span>([^<]+)</a>', html)
    assert rows == [("Next", late.reference)]  # perMens's file is filtered out
