"""The secretary of Jeugdbescherming Rotterdam Rijnmond's complaints committee keeps
its seats, plans a session with a complaint on the agenda and records the minutes,
from the screens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from klachtpad.complaints.models import Complaint, Meeting
from klachtpad.letters.models import Letter
from klachtpad.organisations.models import Procedure
from tests.browser.conftest import axe_clean, sign_in_as, staff_member
from tests.complaints.factories import ComplaintFactory
from tests.schemes.test_providers import PROVIDERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretary_seats_the_committee_plans_a_session_and_records_minutes(
    browser_page, live_server
):
    call_command("scheme_load", str(PROVIDERS / "jbrr.yaml"), verbosity=0)
    procedure = Procedure.objects.get(organisation__slug="jbrr")
    secretary = staff_member(procedure.organisation, "secretaris", "complaints_officer")
    complaint: Complaint = ComplaintFactory.create(procedure=procedure, step="committee")
    page = browser_page
    sign_in_as(page, live_server, secretary)
    page.goto(f"{live_server.url}/staff/jbrr/")
    page.get_by_role("link", name="Commissies").click()

    def seat(name: str, role: str, works: bool = False) -> None:
        block = page.locator("section", has_text="Klachtencommissie JBRR")
        block.locator("summary", has_text="Lid toevoegen").click()
        block.get_by_label("Naam").fill(name)
        block.get_by_label("Zetel").select_option(role)
        if works:
            block.get_by_label("Werkt voor of bij de organisatie").check()
        block.get_by_role("button", name="Opslaan").click()

    seat("J. Intern", "chair", works=True)
    assert "De voorzitter mag niet voor of bij de zorgaanbieder werken" in page.content()
    page.goto(f"{live_server.url}/staff/jbrr/committees/")
    seat("mr. A. de Wit", "chair")
    seat("drs. B. Kaya", "member")
    seat("C. Vos", "member")
    text = page.content()
    assert "mr. A. de Wit" in text and complaint.reference in text
    axe_clean(page, "committee with members and a complaint waiting")

    page.locator("summary", has_text="Vergadering plannen").click()
    # Planned for a moment from now, so that its minutes can be recorded today.
    when = timezone.localtime() + timedelta(minutes=5)
    page.get_by_label("Datum en tijd").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Plaats").fill("Kantoor JBRR")
    page.get_by_label(f"{complaint.reference}: {complaint.summary}").check()
    page.get_by_role("button", name="Plannen en uitnodigen").click()
    assert "Vergadering van Klachtencommissie JBRR" in page.content()
    assert Letter.objects.filter(complaint=complaint, kind="meeting_invitation").exists()

    page.get_by_label("mr. A. de Wit (voorzitter)").check()
    page.get_by_label("drs. B. Kaya (lid)").check()
    page.get_by_label("Vergaderd op").fill(timezone.localdate().isoformat())
    page.get_by_label("Verslag (wat de commissie besprak en afsprak)").fill("Eén klacht behandeld.")
    page.get_by_label(f"Wat er gehoord is over {complaint.reference}").fill(
        "Ouders en jeugdbeschermer gehoord."
    )
    page.get_by_role("button", name="Opslaan").click()
    text = page.content()
    assert "Het verslag is vastgelegd" in text and "Eén klacht behandeld." in text
    axe_clean(page, "session with its minutes")
    meeting = Meeting.objects.get(complaint=complaint)
    assert meeting.summary == "Ouders en jeugdbeschermer gehoord." and meeting.held_on
