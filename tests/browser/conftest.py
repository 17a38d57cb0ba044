"""Shared pieces of the browser tests: a desktop page and a phone in Debian's chromium, axe-core,
and signing staff in through the real pages with their second factor."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp

from klachtpad.accounts.models import Authenticator
from klachtpad.organisations.models import Membership
from tests.complaints.factories import UserFactory

PASSWORD = "een-lang-wachtwoord-1"


@pytest.fixture
def browser_page(chromium_path, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test still reads the
    # database between steps, which Django allows once told the loop is not serving it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        browser.close()


@pytest.fixture(params=[False, True], ids=["without-javascript", "with-javascript"])
def phone(request, chromium_path, live_server, monkeypatch):
    """A 320 px phone, by turns without and with JavaScript, and a second tab in which
    axe-core checks each page."""
    from playwright.sync_api import sync_playwright

    # The test reads and changes the database between steps while Playwright's loop runs.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(
            viewport={"width": 320, "height": 640}, java_script_enabled=request.param
        )
        context.set_default_timeout(15_000)
        # axe-core is JavaScript: it checks a copy of each page in a second tab.
        checker = browser.new_context(viewport={"width": 320, "height": 640}).new_page()
        checker.goto(live_server.url + "/")
        yield context.new_page(), checker
        browser.close()


def checked(page, checker, name):
    """axe-core finds nothing, and nothing is wider than the phone."""
    checker.set_content(page.content())
    results = Axe().run(checker)
    assert results.violations_count == 0, f"{name}: {results.generate_report()}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{name} is {width}px wide"


def tab_to(page, selector, limit=80):
    """Press Tab until the element ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def axe_clean(page, name):
    results = Axe().run(page)
    assert results.violations_count == 0, f"{name}: {results.generate_report()}"


def staff_member(organisation, username, *roles, name=""):
    """A colleague with ``roles``, a password and a confirmed authenticator."""
    first, _, last = (name or username).partition(" ")
    user = UserFactory.create(username=username, first_name=first, last_name=last)
    user.set_password(PASSWORD)
    user.save()
    for role in roles:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    Authenticator.objects.create(user=user, name="app", confirmed=True)
    return user


def sign_in_as(page, live_server, user):
    """Sign out whoever is signed in, then sign ``user`` in: password, then the code."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Verder").click()
    # django-otp refuses a code twice in one 30-second window; the walks sign the same
    # person in again within seconds, as a person would only minutes later.
    Authenticator.objects.filter(user=user).update(last_t=-1)
    device = Authenticator.objects.get(user=user)
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/staff/**")


def open_action(page, action):
    """Open an action on the complaint page, as a person does: the next step the scheme
    expects is open already; any other opens with a click on its title."""
    form = page.locator(f"#action-{action}")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    form.locator("form").wait_for()  # a form not open yet loads when its title opens
    return form


def act(page, action, fields, *, button="Opslaan"):
    """Open an action on the complaint page, fill in ``fields`` (label -> value), save."""
    form = open_action(page, action)
    for label, value in fields.items():
        control = form.get_by_label(label).first
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        elif control.get_attribute("type") in ("checkbox", "radio"):
            control.check()
        else:
            control.fill(value)
    form.get_by_role("button", name=button).click()
    errors = page.locator(".errorlist, .errors").all_inner_texts()
    assert "Opgeslagen" in page.content(), errors


def form_walk(page, answers, ticks=(), files=(), send="Verstuur mijn klacht"):
    """Fill in the public complaint form page by page, each answer on the page that
    asks it, and send it from the last page."""
    answers, ticks = dict(answers), list(ticks)
    while not page.get_by_role("button", name=send).count():
        _answer_here(page, answers, ticks)
        page.get_by_role("button", name="Verder").click()
        errors = page.locator("#form-errors")
        assert not errors.count(), errors.inner_text()
    _answer_here(page, answers, ticks)
    assert not answers and not ticks, f"never asked: {answers} {ticks}"
    if files:
        page.locator("#id_attachments").set_input_files(list(files))
    page.get_by_role("button", name=send).click()


def _answer_here(page, answers, ticks):
    for label in list(ticks):
        if page.get_by_label(label).count():
            page.get_by_label(label).first.check()
            ticks.remove(label)
    for label, value in list(answers.items()):
        if page.get_by_label(label).count():
            page.get_by_label(label).first.fill(value)
            del answers[label]
