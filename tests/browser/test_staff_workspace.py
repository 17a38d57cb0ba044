"""The staff workspace in Debian's chromium: an officer's day, and axe-core on every page."""

from datetime import timedelta
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import totp

from klachtpad.accounts.models import Authenticator
from klachtpad.domain.calendars import AtwCalendar
from klachtpad.organisations.models import Membership, Organisation
from tests.browser.conftest import PASSWORD, axe_clean, open_action
from tests.complaints.factories import ComplaintFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workplace(live_server):
    call_command("scheme_load", "schemes/iederzijnwerk.yaml", verbosity=0)
    organisation = Organisation.objects.get(slug="iederzijnwerk")
    officer = UserFactory.create(username="olga", first_name="Olga", last_name="Officier")
    officer.set_password(PASSWORD)
    officer.save()
    # At IederZijnWerk management extends the decision term (the scheme says so).
    for role in ("complaints_officer", "management", "organisation_admin", "log_administrator"):
        Membership.objects.create(user=officer, organisation=organisation, role=role)
    device = Authenticator.objects.create(user=officer, name="app", confirmed=True)
    procedure = organisation.procedures.first()
    # Received 12 days ago and not acknowledged: the acknowledgement term has passed.
    overdue = ComplaintFactory.create(
        procedure=procedure, received_on=timezone.localdate() - timedelta(days=12)
    )
    ComplaintFactory.create(procedure=procedure, acknowledged=True)
    return organisation, device, overdue


def sign_in(page, live_server, device):
    page.goto(f"{live_server.url}/account/login/")
    axe_clean(page, "login")
    page.get_by_label("Gebruikersnaam").fill("olga")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Verder").click()
    axe_clean(page, "second factor")
    device.refresh_from_db()
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Inloggen").click()


def test_officer_extends_an_overdue_complaint_plans_a_meeting_and_judges(
    browser_page, live_server, workplace
):
    _organisation, device, overdue = workplace
    page = browser_page
    sign_in(page, live_server, device)

    # The worklist puts the overdue complaint on top, marked.
    page.wait_for_url("**/staff/iederzijnwerk/complaints/")
    axe_clean(page, "worklist")
    first = page.locator("tbody tr").first
    assert overdue.reference in first.inner_text()
    assert "te laat" in first.inner_text()
    first.get_by_role("link", name=overdue.reference).click()

    axe_clean(page, "complaint")
    decision = overdue.terms.get(kind="decision")
    # The longest extension: four weeks after the unshifted six (ADR 2), also when the
    # six weeks end on a holiday and the Atw moved the end.
    new_end = decision.start_on + timedelta(weeks=10)
    extend = open_action(page, "extend")
    extend.get_by_label("Nieuwe einddatum").fill(new_end.isoformat())
    extend.get_by_label("Reden (de klager leest dit)").fill(
        "We willen eerst met de begeleider praten."
    )
    extend.get_by_role("button", name="Opslaan").click()
    errors = page.locator(".errorlist, .errors").all_inner_texts()
    assert "Opgeslagen: Termijn verlengen" in page.content(), errors

    plan = open_action(page, "meetingplan")
    meeting = (timezone.localtime() + timedelta(days=3)).replace(hour=14, minute=0)
    plan.get_by_label("Datum en tijd").fill(meeting.strftime("%Y-%m-%dT%H:%M"))
    plan.get_by_label("Plaats").fill("Kantoor Hoorn")
    plan.get_by_role("button", name="Opslaan").click()
    assert "Gepland op" in page.content()

    open_action(page, "judgement")
    form = page.locator("#action-judgement")
    form.locator("select[name=judgement-verdict]").select_option("partly_upheld")
    form.get_by_label("Onderbouwing").fill(
        "De afspraken zijn twee keer niet nagekomen, zo blijkt uit het rooster."
    )
    form.get_by_label("Genomen beslissingen").fill("Wij bieden excuses aan.")
    due = (timezone.localdate() + timedelta(weeks=6)).isoformat()
    for number, (measure, owner) in enumerate(
        [
            ("Vaste begeleider per cliënt", "Teamleider"),
            ("Afspraken schriftelijk bevestigen", "Begeleider"),
        ],
        start=1,
    ):
        form.get_by_label(f"Maatregel {number}:", exact=True).fill(measure)
        form.get_by_label(f"Wie voert maatregel {number} uit").fill(owner)
        form.get_by_label(f"Maatregel {number} gerealiseerd uiterlijk").fill(due)
    form.get_by_role("button", name="Opslaan").click()
    text = page.content()
    assert "Oordeel: deels gegrond" in text
    assert "Vaste begeleider per cliënt" in text and "Afspraken schriftelijk bevestigen" in text
    axe_clean(page, "complaint after judgement")
    overdue.refresh_from_db()
    assert overdue.state == "decided"
    # A legal term that would end on a Saturday, Sunday or holiday ends on the next
    # working day (Atw art. 1), the extended one too.
    assert overdue.terms.get(kind="decision").end_on == AtwCalendar().end_of_term(new_end)


def test_every_staff_page_has_no_axe_violations_and_works_by_keyboard(
    browser_page, live_server, workplace
):
    organisation, device, overdue = workplace
    page = browser_page
    sign_in(page, live_server, device)
    page.wait_for_url("**/complaints/")
    base = f"{live_server.url}/staff/{organisation.slug}"
    pages = [
        "/complaints/",
        "/complaints/?q=afspraken&state=open",
        f"/complaints/{overdue.reference}/",
        f"/complaints/{overdue.reference}/print/",
        "/complaints/new/",
        "/shared/",
        "/admin/staff/",
        "/admin/scheme/change/categories/",
        "/admin/scheme/change/terms/",
        "/admin/locations/",
        "/admin/calendar/",
        "/admin/scheme/",
        f"/admin/terms/?procedure={organisation.procedures.first().pk}&received_on=2026-03-02",
        f"/log/?reference={overdue.reference}",
    ]
    for path in pages:
        page.goto(base + path)
        assert page.locator("h1").is_visible(), path
        axe_clean(page, path)
    for path in ["/en/staff/iederzijnwerk/complaints/", "/staff/?choose=1"]:
        page.goto(live_server.url + path)
        axe_clean(page, path)
    # Keyboard: the skip link comes first and shows where focus is.
    page.goto(base + "/complaints/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


# Words the browser broke over two lines, in the readable cells of a page.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('main td, main th, main dd, main dt')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1 && match[0].length < 30) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def test_the_worklist_and_a_complaint_read_on_a_phone(browser_page, live_server, workplace):
    """At 320 px the worklist and the terms are cards, nothing scrolls sideways, and no
    word is broken in the middle."""
    _organisation, device, overdue = workplace
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, live_server, device)
    page.wait_for_url("**/staff/iederzijnwerk/complaints/")
    for where in ("worklist", "complaint"):
        if where == "complaint":
            page.get_by_role("link", name=overdue.reference).click()
            page.wait_for_url(f"**/complaints/{overdue.reference}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, where
        assert page.evaluate(BROKEN_WORDS) == [], where
        axe_clean(page, f"{where} at 320 px")
    # Each value under its name: the column heading is written before it.
    label = "getComputedStyle(document.querySelector('td[data-label]'), '::before').content"
    assert page.evaluate(label) == '"Stap: "'
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.evaluate(label) == "none"  # on a wide screen: an ordinary table


def test_report_charts_keep_their_legend_whole_on_a_phone(browser_page, live_server, workplace):
    _organisation, device, _overdue = workplace
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, live_server, device)
    page.goto(f"{live_server.url}/staff/iederzijnwerk/reports/")
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.chart-legend li')].map(li => {
             const r = li.getBoundingClientRect();
             return [r.left, r.top, r.right, r.bottom];
           })"""
    )
    assert boxes, "no chart legend on the report page"
    assert all(right <= 320 for _left, _top, right, _bottom in boxes)
    for first, second in pairwise(boxes):
        side_by_side = first[1] == second[1]
        assert not side_by_side or first[2] <= second[0], (first, second)  # no overlap
    wide = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
             .filter(e => e.getBoundingClientRect().right > 321)
             .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))
             .slice(0, 8)"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, wide
    page.emulate_media(media="print")
    assert page.locator("form.filters").first.is_hidden()  # paper shows no controls
    axe_clean(page, "report at 320 px")


def test_the_officer_reads_a_long_history_whole(browser_page, live_server, workplace):
    """A file with a long history opens with its newest lines and says how many came
    before; the officer asks for the whole and reads the first line too."""
    from klachtpad.complaints import services

    _organisation, device, overdue = workplace
    actor = services.Actor(name="Olga Officier")
    complaint = overdue
    for number in range(1, 61):
        complaint = services.complaint_note_add(complaint, actor=actor, note=f"Gebeld ({number}).")
    total = complaint.history.count()
    page = browser_page
    sign_in(page, live_server, device)
    page.wait_for_url("**/staff/iederzijnwerk/complaints/")
    page.get_by_role("link", name=overdue.reference).click()
    page.wait_for_url(f"**/complaints/{overdue.reference}/")
    lines = page.locator("ol.timeline > li")
    assert lines.count() == 50
    assert "Gebeld (60)." in lines.last.inner_text()
    earlier = page.get_by_text(f"{total - 50} eerdere regels niet")
    assert earlier.is_visible()

    page.get_by_role("link", name="Toon de hele geschiedenis").click()
    page.wait_for_url("**?history=all#history")
    assert lines.count() == total
    assert "Gebeld (1)." in page.locator("ol.timeline").inner_text()
    assert page.get_by_role("link", name="Toon de hele geschiedenis").count() == 0
    axe_clean(page, "the whole history")
