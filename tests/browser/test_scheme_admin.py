"""The organisation admin, no programmer, changes the scheme from the screens on a
phone: a term the law does not allow is refused with the reason, the right one is
saved as a new version, and the change is seen line by line."""

import pytest
from django.core.management import call_command

from klachtpad.organisations.models import Category, Organisation
from tests.browser.conftest import axe_clean, checked, sign_in_as, staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_changes_a_term_and_the_categories_from_the_screens(browser_page, live_server):
    call_command("scheme_load", "schemes/next.yaml", verbosity=0)
    next_org = Organisation.objects.get(slug="next")
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in_as(page, live_server, staff_member(next_org, "beheer", "organisation_admin"))

    page.goto(f"{live_server.url}/staff/next/admin/scheme/")
    page.get_by_role("link", name="Termijnen", exact=True).click()
    axe_clean(page, "terms form")
    field = page.get_by_label("Schriftelijke beslissing")
    field.fill("8w")
    field.press("Enter")  # by keyboard: Enter sends the form

    problems = page.locator("#problems")
    assert "8w is langer dan de 6 weken van Wkkgz art. 17 lid 1" in problems.inner_text()
    assert page.evaluate("document.activeElement.id") == "problems"
    assert page.get_by_label("Schriftelijke beslissing").input_value() == "8w"
    axe_clean(page, "terms refused")
    assert next_org.scheme_versions.count() == 1

    page.get_by_label("Schriftelijke beslissing").fill("5w")
    page.get_by_role("button", name="Controleren en opslaan als nieuwe versie").click()
    assert "Versie 2 van de regeling geldt nu voor nieuwe klachten." in page.content()
    page.get_by_role("link", name="Bekijk wat de laatste wijziging deed").click()
    assert "within: 5w" in page.locator("pre.diff .added").all_inner_texts()[0]
    axe_clean(page, "compare")

    page.goto(f"{live_server.url}/staff/next/admin/scheme/change/categories/")
    page.locator("[name=category-3-ORDER]").fill("0")  # "Iets anders" first
    page.locator("[name=category-4-name_nl]").fill("Geld")
    page.locator("[name=category-4-name_en]").fill("Money")
    page.locator("[name=category-4-ORDER]").fill("9")
    page.get_by_role("button", name="Controleren en opslaan als nieuwe versie").click()
    assert "Versie 3" in page.content()
    codes = list(Category.objects.filter(organisation=next_org, active=True).values_list("code"))
    assert [code for (code,) in codes] == ["other", "care", "housing", "communication", "geld"]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the form is {width}px wide"

    # The complaint form shows them in that order.
    page.goto(f"{live_server.url}/next/klacht/care/?stap=2")
    names = [name.strip() for name in page.locator("#question-categories label").all_inner_texts()]
    assert names[0] == "Iets anders" and names[-1] == "Geld"


def test_the_admin_writes_a_letter_and_sees_it_as_they_type(phone, live_server):
    """With JavaScript the preview follows the typing; without it, a button shows it."""
    call_command("scheme_load", "schemes/next.yaml", verbosity=0)
    next_org = Organisation.objects.get(slug="next")
    page, checker = phone
    sign_in_as(page, live_server, staff_member(next_org, "beheer", "organisation_admin"))
    page.goto(f"{live_server.url}/staff/next/admin/letters/decision/nl/")
    assert "{{ letter.addressee }}" in page.locator("table.stack").inner_text()
    checked(page, checker, "letter editor")

    page.locator("textarea").fill("<p>Beste {{ letter.addressee }}, dit is ons besluit.</p>")
    scripted = page.evaluate("typeof htmx !== 'undefined'")
    if scripted:
        page.locator("textarea").press_sequentially(" ")  # a key typed: the preview follows
    else:
        page.get_by_role("button", name="Toon het voorbeeld hier").click()
    preview = page.frame_locator("#letter-preview iframe").locator("body")
    preview.get_by_text("Beste J. de Vries, dit is ons besluit.").wait_for()
    checked(page, checker, "letter preview")
