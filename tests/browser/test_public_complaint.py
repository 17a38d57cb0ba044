"""A person files a complaint on a phone, by keyboard only, without JavaScript, and
follows it: Debian's chromium at 320 px, axe-core on every page."""

from pathlib import Path

import pytest
from django.core.management import call_command

from klachtpad.complaints import services
from klachtpad.complaints.models import Complaint
from tests.browser.conftest import checked, tab_to
from tests.complaints.factories import staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def next_page(page, expected):
    """Go on by keyboard to the next page of the form."""
    tab_to(page, "button[value=next]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert expected in page.content(), page.locator("main").inner_text()


def test_a_person_files_by_keyboard_follows_it_and_withdraws(phone, live_server, tmp_path):
    call_command("scheme_load", "schemes/next.yaml", verbosity=0)
    page, checker = phone
    letter = Path(tmp_path) / "brief.pdf"
    letter.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")

    page.goto(f"{live_server.url}/next/klacht/")
    page.wait_for_url("**/next/klacht/care/")
    checked(page, checker, "form")

    assert "Stap 1 van 4" in page.content()

    # Go on with too little: the page comes back with the message next to the question.
    tab_to(page, "#id_name")
    page.keyboard.type("Anouk Bakker")
    tab_to(page, "button[value=next]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Er klopt nog iets niet" in page.content()
    assert page.locator("#id_name").input_value() == "Anouk Bakker"
    # The summary has the focus and names each missing answer of this page, linked.
    assert page.evaluate("document.activeElement.id") == "form-errors"
    summary = page.locator("#form-errors li a")
    assert summary.all_inner_texts() == ["Kies wie je bent."]
    assert summary.first.get_attribute("href") == "#question-relation"
    checked(page, checker, "form with errors")

    tab_to(page, "input[name=relation][value=client]")
    page.keyboard.press("Space")
    next_page(page, "Stap 2 van 4")
    checked(page, checker, "what happened")
    tab_to(page, "#id_description")
    page.keyboard.type("Mijn begeleider kwam drie keer niet.")
    next_page(page, "Stap 3 van 4")
    # Enter in a field goes on, as the first button of the page does.
    tab_to(page, "#id_email")
    page.keyboard.type("anouk@example.org")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Stap 4 van 4" in page.content()
    answers = page.locator("dl.answers").all_inner_texts()
    assert "Mijn begeleider kwam drie keer niet." in " ".join(answers)
    assert "anouk@example.org" in " ".join(answers)
    checked(page, checker, "check your answers")

    # The file field is reached by Tab; Space there opens the browser's own file dialog,
    # which headless Chromium does not always raise in time, so the file is chosen into
    # the field that has the focus.
    tab_to(page, "#id_attachments")
    page.locator("#id_attachments:focus").set_input_files(str(letter))
    tab_to(page, "button[value=send]")
    with page.expect_navigation(url="**/klacht/ontvangen/**"):
        page.keyboard.press("Enter")

    complaint = Complaint.objects.get()
    assert complaint.reference in page.content()
    assert complaint.attachments.get().name == "brief.pdf"
    checked(page, checker, "received")

    tab_to(page, "a.button")
    with page.expect_navigation(url="**/volgen/**"):
        page.keyboard.press("Enter")
    assert "We werken aan je klacht." in page.content()
    assert "laten weten dat we je klacht hebben ontvangen" not in page.content()
    checked(page, checker, "status")

    services.complaint_acknowledge(complaint, actor=staff())
    page.reload()
    assert "laten weten dat we je klacht hebben ontvangen" in page.content()

    tab_to(page, "#id_sure")
    page.keyboard.press("Space")
    tab_to(page, "button.secondary")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Je bent gestopt met je klacht." in page.content()
    complaint.refresh_from_db()
    assert complaint.closure == "withdrawn"
    checked(page, checker, "status after withdrawing")
