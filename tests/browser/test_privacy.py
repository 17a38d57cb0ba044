"""The organisation admin sets a retention term; the complaints officer sees the files
due to go, holds one with a reason, and records a person's request, which lands on the
worklist with its term."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from klachtpad.complaints.models import Complaint
from klachtpad.organisations.models import Organisation
from klachtpad.retention.models import RetentionHold, RetentionRule, SubjectRequest
from tests.browser.conftest import axe_clean, sign_in_as, staff_member
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_admin_sets_a_term_and_the_officer_holds_a_file_and_records_a_request(
    browser_page, live_server, seeded
):
    organisation = Organisation.objects.get(slug="next")
    old = ComplaintFactory.create(procedure=organisation.procedures.first(), closed=True)
    three_years_ago = timezone.localdate() - timedelta(days=3 * 366)
    Complaint.objects.filter(pk=old.pk).update(closed_on=three_years_ago)
    admin = staff_member(organisation, "beheer", "organisation_admin", name="Bea Beheer")
    officer = staff_member(organisation, "olga", "complaints_officer", name="Olga Officier")
    page = browser_page

    sign_in_as(page, live_server, admin)
    page.goto(f"{live_server.url}/staff/next/privacy/terms/")
    axe_clean(page, "retention terms")
    page.get_by_label("Jaren na afsluiting").fill("2")
    page.get_by_label("Waarom deze termijn").fill("Twee jaar, zoals in onze klachtenregeling.")
    page.get_by_role("button", name="De termijn opslaan").click()
    assert "De bewaartermijn is opgeslagen" in page.content()
    assert RetentionRule.objects.get(organisation=organisation).years == 2

    sign_in_as(page, live_server, officer)
    page.get_by_role("link", name="Bewaren en privacy").click()
    axe_clean(page, "retention list")
    row = page.locator("tbody tr", has_text=old.reference)
    assert "bij de volgende opschoning" in row.inner_text()
    row.get_by_label("Reden").fill("De klager heeft een advocaat ingeschakeld.")
    row.get_by_role("button", name="Vasthouden").click()
    assert "Het dossier wordt vastgehouden" in page.content()
    row = page.locator("tbody tr", has_text=old.reference)
    assert "De klager heeft een advocaat ingeschakeld." in row.inner_text()
    assert RetentionHold.objects.filter(complaint=old, released_at__isnull=True).exists()

    page.get_by_role("link", name="Verzoeken over persoonsgegevens").first.click()
    page.get_by_label("Wat de persoon vraagt").select_option("access")
    page.get_by_label("Naam van de persoon").fill(old.complainant_name)
    page.get_by_role("button", name="Het verzoek vastleggen").click()
    axe_clean(page, "request")
    assert "Het verzoek is vastgelegd" in page.content()
    assert old.reference in page.locator("main ul").first.inner_text()
    due = SubjectRequest.objects.get().due_on

    page.get_by_role("link", name="Klachten", exact=True).click()
    requests = page.locator("section", has_text="Verzoeken over persoonsgegevens")
    assert old.complainant_name in requests.inner_text()
    assert str(due.day) in requests.inner_text()
