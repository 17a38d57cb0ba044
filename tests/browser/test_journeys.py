"""Journeys on a 320 px phone, by keyboard, without and with JavaScript: a person who
lost the link to their complaint finds the way back; the external officer works across
the organisations served; the officer sees the next step and why others cannot be done."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from klachtpad.complaints import services
from klachtpad.complaints.models import Complaint
from klachtpad.organisations.models import Membership, Organisation
from tests.browser.conftest import checked, form_walk, sign_in_as, staff_member, tab_to
from tests.complaints.factories import ComplaintFactory, staff
from tests.tasks import run_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press_enter_on(page, selector):
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_person_who_lost_the_link_finds_the_way_back(phone, live_server):
    call_command("scheme_load", "schemes/next.yaml", verbosity=0)
    page, checker = phone
    page.goto(f"{live_server.url}/next/klacht/care/")
    form_walk(
        page,
        {
            "Je naam": "Anouk Bakker",
            "Wat is er gebeurd?": "Mijn begeleider kwam niet.",
            "Je e-mailadres": "anouk@example.org",
        },
        ticks=["Ik ben zelf de cliënt"],
    )
    complaint = Complaint.objects.get()
    services.complaint_acknowledge(complaint, actor=staff())
    run_tasks()
    mail.outbox.clear()

    # Another browser, an old link: a friendly page with the way on.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/volgen/een-oude-link/")
    assert "Deze link werkt niet (meer)" in page.content()
    checked(page, checker, "dead link")
    press_enter_on(page, "a.button")
    press_enter_on(page, "a[href='/next/']")
    checked(page, checker, "procedure page")
    press_enter_on(page, "a[href='/next/klacht/nieuwe-link/']")
    checked(page, checker, "new link page")
    tab_to(page, "#id_reference")
    page.keyboard.type(complaint.reference)
    tab_to(page, "#id_email")
    page.keyboard.type("anouk@example.org")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checked(page, checker, "new link asked")

    run_tasks()
    body = str(mail.outbox[-1].body)
    link = re.search(r"http://127\.0\.0\.1:8000(/volgen/\S+/)", body)
    assert link is not None, body
    page.goto(live_server.url + link.group(1))
    assert "laten weten dat we je klacht hebben ontvangen" in page.content()
    checked(page, checker, "status page again")


def test_the_external_officer_works_across_the_organisations_served(phone, live_server):
    for slug in ("next", "permens"):
        call_command("scheme_load", f"schemes/{slug}.yaml", verbosity=0)
    next_org, permens = (Organisation.objects.get(slug=s) for s in ("next", "permens"))
    officer = staff_member(next_org, "eva", "complaints_officer", name="Eva Extern")
    Membership.objects.create(user=officer, organisation=permens, role="complaints_officer")
    late = ComplaintFactory.create(
        procedure=next_org.procedures.first(),
        received_on=timezone.localdate() - timedelta(days=60),
    )
    ComplaintFactory.create(procedure=permens.procedures.first(), acknowledged=True)
    page, checker = phone
    sign_in_as(page, live_server, officer)

    page.goto(f"{live_server.url}/staff/?choose=1")
    rows = page.locator("tbody tr").all_inner_texts()
    assert any(row.startswith("Next") and "1" in row for row in rows), rows
    checked(page, checker, "chooser")
    press_enter_on(page, "a[href='/staff/all/complaints/']")
    checked(page, checker, "all complaints")
    cards = page.locator("#worklist tbody tr").all_inner_texts()
    assert "Next" in cards[0] and late.reference in cards[0]  # the overdue one first

    page.select_option("#organisation", label="perMens")
    tab_to(page, ".filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**organisation={permens.pk}**")
    cards = page.locator("#worklist tbody tr").all_inner_texts()
    assert len(cards) == 1 and "perMens" in cards[0]

    page.goto(f"{live_server.url}/staff/next/complaints/{late.reference}/")
    assert page.locator(".organisation-name").inner_text() == "Next"
    # The next step the scheme expects comes first and open; what cannot be done now is
    # listed with the reason, opened by keyboard.
    first = page.locator("details.action").first
    assert first.get_attribute("open") is not None and "suggested" in first.get_attribute("class")
    tab_to(page, "details.not-now > summary")
    page.keyboard.press("Enter")
    assert page.locator("details.not-now").get_attribute("open") is not None
    checked(page, checker, "complaint page")
