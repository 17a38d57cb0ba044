"""Procedures Klachtpad was not written for, walked from the screens: the complaints
officer of Jeugdbescherming Rotterdam Rijnmond records the committee's hearing and
ruling; the file, the letter and the report keep it as the committee's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from klachtpad.complaints.models import Complaint
from klachtpad.letters.models import Letter
from klachtpad.organisations.models import Procedure
from tests.browser.conftest import act, axe_clean, sign_in_as, staff_member
from tests.complaints.factories import ComplaintFactory
from tests.schemes.test_providers import PROVIDERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_jbrr_the_officer_records_the_committees_hearing_and_ruling(browser_page, live_server):
    call_command("scheme_load", str(PROVIDERS / "jbrr.yaml"), verbosity=0)
    procedure = Procedure.objects.get(organisation__slug="jbrr")
    officer = staff_member(procedure.organisation, "secretaris", "complaints_officer")
    complaint: Complaint = ComplaintFactory.create(procedure=procedure, step="committee")
    page = browser_page
    sign_in_as(page, live_server, officer)
    page.goto(f"{live_server.url}/staff/jbrr/complaints/{complaint.reference}/")
    assert "Klachtencommissie JBRR" in page.content()

    when = (timezone.localtime() + timedelta(days=2)).replace(hour=10, minute=0)
    act(
        page,
        "meetingplan",
        {"Datum en tijd": when.strftime("%Y-%m-%dT%H:%M"), "Plaats": "Kantoor JBRR"},
    )
    page.locator("#action-judgement summary").click()
    form = page.locator("#action-judgement")
    form.locator("select[name=judgement-verdict]").select_option("upheld")
    form.get_by_label("Onderbouwing").fill("De ouders zijn niet gehoord voor het besluit.")
    form.get_by_role("button", name="Opslaan").click()
    text = page.content()
    assert "Uitspraak van Klachtencommissie JBRR: gegrond" in text
    assert "advies: de organisatie reageert erop" in text
    axe_clean(page, "complaint with the committee's ruling")
    complaint.refresh_from_db()
    assert complaint.verdict == ""
    letter = Letter.objects.get(complaint=complaint, kind="judgement")
    assert "Het oordeel van Klachtencommissie JBRR" in letter.html
