"""The public procedure pages in Debian's chromium: 320 px wide, keyboard only."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import axe_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUGS = ["next", "iederzijnwerk", "permens", "zorgkracht12", "nexxtep"]


@pytest.fixture
def page(chromium_path, live_server):
    from playwright.sync_api import sync_playwright

    call_command("scheme_load", *[f"schemes/{slug}.yaml" for slug in SLUGS], verbosity=0)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(
            viewport={"width": 320, "height": 640}, java_script_enabled=False
        )
        yield context.new_page()
        browser.close()


def test_every_page_fits_320_px_without_javascript(page, live_server):
    for prefix in ["", "/en"]:
        for slug in SLUGS:
            page.goto(f"{live_server.url}{prefix}/{slug}/")
            assert page.locator("h1").is_visible()
            # No sideways scrolling: the document is no wider than the screen.
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{prefix}/{slug}/ is {width}px wide"


def test_keyboard_reaches_content_and_language_switch(page, live_server):
    page.goto(f"{live_server.url}/next/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.keyboard.press("Tab")  # Klachtpad
    page.keyboard.press("Tab")  # English
    assert page.evaluate("document.activeElement.textContent") == "English"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/en/next/")
    assert page.locator("h1").inner_text() == "Complaints at Next"


def test_the_error_pages_are_readable_at_320_px_and_pass_axe(page, live_server):
    # axe runs as a script: this page may run one.
    page = page.context.browser.new_context(viewport={"width": 320, "height": 640}).new_page()
    for prefix, heading in [("", "We kunnen deze pagina niet vinden"), ("/en", "We cannot find")]:
        answer = page.goto(f"{live_server.url}{prefix}/niet/hier/")
        assert answer is not None and answer.status == 404
        assert heading in page.locator("h1").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        axe_clean(page, f"404 {prefix or '/'}")
    page.goto(f"{live_server.url}/volgen/")  # no key in this browser
    assert "werkt niet" in page.locator("h1").inner_text()
    axe_clean(page, "status page without a key")
