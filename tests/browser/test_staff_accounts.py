"""New staff in the browser: invited by an admin, set up their app from the mailed link,
choose their own password, and wait for a second admin; a lost phone is reset."""

from __future__ import annotations

import base64
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django_otp.oath import TOTP

from klachtpad.organisations.models import Membership, Organisation, RoleChange
from tests.browser.conftest import axe_clean, sign_in_as, staff_member
from tests.tasks import run_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link_in_mail(to: str) -> str:
    run_tasks()
    body = str([m for m in mail.outbox if to in m.to][-1].body)
    found = re.search(r"https?://\S+", body)
    assert found
    return urlsplit(found.group(0)).path


def code_on(page) -> str:  # type: ignore[no-untyped-def]
    key = page.locator("#otp-key").inner_text().replace(" ", "")
    return f"{TOTP(base64.b32decode(key)).token():06d}"


def test_an_invited_colleague_starts_work_after_a_second_admin_approves(browser_page, live_server):
    call_command("scheme_load", "schemes/next.yaml", verbosity=0)
    organisation = Organisation.objects.get(slug="next")
    admin = staff_member(organisation, "beheerder", "organisation_admin", name="Bea Beheer")
    second = staff_member(organisation, "tweede", "organisation_admin", name="Tim Tweede")
    page = browser_page

    sign_in_as(page, live_server, admin)
    page.goto(f"{live_server.url}/staff/next/admin/staff/")
    invite = page.locator("form", has=page.get_by_role("button", name="Uitnodiging sturen"))
    invite.get_by_label("E-mail").fill("noor@example.org")
    invite.get_by_label("Voornaam").fill("Noor")
    invite.get_by_label("Achternaam").fill("Nieuw")
    invite.get_by_label("Rol").select_option("complaints_officer")
    invite.get_by_role("button", name="Uitnodiging sturen").click()
    assert "Er is een uitnodiging onderweg naar noor@example.org" in page.content()
    axe_clean(page, "staff admin with an invitation")

    # Noor opens the link from her mail in her own browser.
    page.context.clear_cookies()
    page.goto(live_server.url + link_in_mail("noor@example.org"))
    assert page.url.endswith("/account/welcome/")
    axe_clean(page, "set up the second factor")
    page.get_by_label("Code").fill(code_on(page))
    page.get_by_role("button", name="Bevestigen").click()
    assert page.locator("#recovery-codes li").count() == 10
    page.get_by_role("link", name="Volgende: kies je wachtwoord").click()
    page.get_by_label("Nieuw wachtwoord:", exact=True).fill("Noor-haar-eigen-wachtwoord-1")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("Noor-haar-eigen-wachtwoord-1")
    page.get_by_role("button", name="Opslaan en inloggen").click()
    assert "Je gebruikersnaam is noor@example.org" in page.content()
    assert not Membership.objects.filter(user__username="noor@example.org").exists()

    # A second admin approves; Noor's role is in force.
    sign_in_as(page, live_server, second)
    page.goto(f"{live_server.url}/staff/next/admin/staff/")
    waiting = page.locator("li", has_text="Noor Nieuw")
    waiting.get_by_role("button", name="Goedkeuren").click()
    assert Membership.objects.filter(
        user__username="noor@example.org", role="complaints_officer"
    ).exists()
    assert RoleChange.objects.filter(change="approved", by=second).exists()


def test_an_admin_resets_a_lost_phone_and_the_colleague_sets_up_a_new_one(
    browser_page, live_server
):
    call_command("scheme_load", "schemes/next.yaml", verbosity=0)
    organisation = Organisation.objects.get(slug="next")
    admin = staff_member(organisation, "beheerder", "organisation_admin", name="Bea Beheer")
    olga = staff_member(organisation, "olga", "complaints_officer", name="Olga Officier")
    olga.email = "olga@example.org"
    olga.save()
    page = browser_page

    sign_in_as(page, live_server, admin)
    page.goto(f"{live_server.url}/staff/next/admin/staff/")
    reset = page.locator("form", has=page.get_by_role("button", name="Tweede factor resetten"))
    reset.get_by_label("Persoon").select_option(label="Olga Officier")
    reset.get_by_label("Waarom").fill("Telefoon verloren, gemeld op 1 december.")
    reset.get_by_role("button", name="Tweede factor resetten").click()
    assert "is gereset" in page.content()

    page.context.clear_cookies()
    page.goto(live_server.url + link_in_mail("olga@example.org"))
    page.get_by_label("Code").fill(code_on(page))
    page.get_by_role("button", name="Bevestigen").click()
    page.get_by_role("link", name="Nu inloggen").click()
    sign_in_as(page, live_server, olga)
    assert "/staff/next/" in page.url
