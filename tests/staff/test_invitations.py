"""New staff, a lost phone and a forgotten password: a link to the person's own address,
never a password chosen by someone else, never a second factor set up after a password
alone."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp

from klachtpad.accounts.models import Authenticator
from klachtpad.audit.models import AccessLogEntry
from klachtpad.organisations.models import Membership, Organisation, RoleChange
from tests.staff.conftest import member
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db

BASE = "/staff/next/admin"
PASSWORD = "Een-eigen-lang-wachtwoord-7"


@pytest.fixture
def admin(sign_in, next_org):
    return sign_in(member(next_org, "organisation_admin", "beheerder"))


def mailed_link(to: str) -> str:
    run_tasks()
    sent = [message for message in mail.outbox if to in message.to]
    assert sent, f"no mail to {to}"
    found = re.search(r"https?://\S+", str(sent[-1].body))
    assert found
    return urlsplit(found.group(0)).path


def signed_in(client: Client, user: User) -> None:
    """``client`` signed in as ``user``, second factor passed, keeping its session."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = Authenticator.objects.create(user=user, confirmed=True, name="app")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def code_for(user: User) -> str:
    device = Authenticator.objects.get(user=user, confirmed=False)
    return f"{totp(device.bin_key):06d}"


def test_new_staff_set_up_their_second_factor_then_choose_their_password(admin, next_org):
    answer = admin.post(
        f"{BASE}/staff/invite/",
        {
            "email": "noor@example.org",
            "first_name": "Noor",
            "last_name": "Nieuw",
            "role": "key_worker",
        },
        follow=True,
    )
    assert "Er is een uitnodiging onderweg naar noor@example.org" in answer.content.decode()
    noor = User.objects.get(email="noor@example.org")
    assert not noor.has_usable_password()  # nobody but Noor will know it
    link = mailed_link("noor@example.org")
    assert "uitnodiging" in mail.outbox[-1].subject.lower()

    newcomer = Client()
    opened = newcomer.get(link)
    assert opened.status_code == 302 and opened["Location"] == "/account/welcome/"
    setup = newcomer.get("/account/welcome/").content.decode()
    assert "<svg" in setup and "otp-key" in setup
    codes = newcomer.post("/account/welcome/", {"token": code_for(noor)}).content.decode()
    assert "Volgende: kies je wachtwoord" in codes
    weak = newcomer.post(
        "/account/welcome/password/", {"new_password1": "kort", "new_password2": "kort"}
    )
    assert "te kort" in weak.content.decode()
    done = newcomer.post(
        "/account/welcome/password/", {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert done.status_code == 302
    noor.refresh_from_db()
    assert noor.check_password(PASSWORD)
    # Signed in, with the second factor; the role waits for a second admin.
    assert newcomer.get("/staff/", follow=True).status_code == 200
    request = RoleChange.objects.get(user=noor, change="requested")
    assert request.by is not None and request.by.username == "beheerder"
    assert not Membership.objects.filter(user=noor).exists()
    # The link worked once.
    again = Client().get(link)
    assert again.status_code == 410 and "werkt niet" in again.content.decode()


def test_a_password_alone_never_sets_up_a_second_factor(client, next_org):
    """The probe: an account without a confirmed authenticator, opened by its password."""
    user = member(next_org, "complaints_officer", "zonder")
    user.set_password(PASSWORD)
    user.save()
    answer = client.post(
        "/account/login/", {"username": "zonder", "password": PASSWORD}, follow=True
    )
    page = answer.content.decode()
    assert answer.status_code == 403 and "nog geen tweede factor" in page
    assert "otp-key" not in page and "<svg" not in page
    assert client.get("/account/second-factor/setup/").status_code == 302  # signed out
    assert not Authenticator.objects.filter(user=user).exists()
    assert client.get("/staff/next/complaints/").status_code == 302


def test_an_address_with_an_account_is_asked_and_joins_only_if_its_owner_agrees(
    admin, seeded, client, sign_in
):
    elsewhere = member(Organisation.objects.get(slug="permens"), "key_worker", "elders")
    elsewhere.email = "elders@example.org"
    elsewhere.save()
    users_before = User.objects.count()
    answer = admin.post(
        f"{BASE}/staff/invite/",
        {"email": "elders@example.org", "first_name": "E", "last_name": "L", "role": "key_worker"},
        follow=True,
    )
    # The admin learns nothing: the same answer as for a new address.
    assert "Er is een uitnodiging onderweg naar elders@example.org" in answer.content.decode()
    assert User.objects.count() == users_before
    assert "elders" not in answer.content.decode().replace("elders@example.org", "")
    link = mailed_link("elders@example.org")
    owner = Client()
    assert owner.get(link)["Location"] == "/account/welcome/"
    assert owner.get("/account/welcome/")["Location"].startswith("/account/login/")
    # Signed in as themselves, with their own second factor, they decide.
    signed_in(owner, elsewhere)
    question = owner.get("/account/welcome/").content.decode()
    assert "vraagt je om voor" in question
    owner.post("/account/welcome/", {"decision": "accept"})
    assert RoleChange.objects.filter(user=elsewhere, change="requested").exists()
    assert not Membership.objects.filter(user=elsewhere, organisation__slug="next").exists()


def test_declining_an_invitation_asks_for_nothing(admin, seeded):
    elsewhere = member(Organisation.objects.get(slug="permens"), "key_worker", "elders")
    elsewhere.email = "elders@example.org"
    elsewhere.save()
    admin.post(
        f"{BASE}/staff/invite/",
        {"email": "elders@example.org", "first_name": "E", "last_name": "L", "role": "key_worker"},
    )
    link = mailed_link("elders@example.org")
    owner = Client()
    owner.get(link)
    signed_in(owner, elsewhere)
    owner.post("/account/welcome/", {"decision": "decline"})
    assert not RoleChange.objects.filter(user=elsewhere).exists()
    assert Client().get(link).status_code == 410


def test_an_admin_cannot_invite_their_own_address(admin):
    own = User.objects.get(username="beheerder")
    own.email = "beheer@example.org"
    own.save()
    answer = admin.post(
        f"{BASE}/staff/invite/",
        {
            "email": "BEHEER@example.org",
            "first_name": "B",
            "last_name": "B",
            "role": "log_administrator",
        },
    )
    assert answer.status_code == 422 and "Niemand geeft zichzelf een rol" in answer.content.decode()


def test_an_account_the_admin_invited_gets_nothing_without_a_second_person(admin, next_org):
    """The probe: the admin invites an address they control and accepts for it."""
    admin.post(
        f"{BASE}/staff/invite/",
        {
            "email": "pop@example.org",
            "first_name": "P",
            "last_name": "P",
            "role": "complaints_officer",
        },
    )
    pop = User.objects.get(email="pop@example.org")
    link = mailed_link("pop@example.org")
    puppet = Client()
    puppet.get(link)
    puppet.get("/account/welcome/")
    puppet.post("/account/welcome/", {"token": code_for(pop)})
    puppet.post(
        "/account/welcome/password/", {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    request = RoleChange.objects.get(user=pop, change="requested")
    refused = admin.post(
        f"{BASE}/staff/requests/{request.pk}/", {"decision": "approve"}, follow=True
    )
    assert "Een tweede persoon beslist" in refused.content.decode()
    assert not Membership.objects.filter(user=pop).exists()
    assert puppet.get("/staff/next/complaints/").status_code in (403, 404)


def test_an_invitation_link_stops_working_after_its_days(admin):
    admin.post(
        f"{BASE}/staff/invite/",
        {"email": "laat@example.org", "first_name": "L", "last_name": "L", "role": "key_worker"},
    )
    link = mailed_link("laat@example.org")
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert Client().get(link).status_code == 410


def test_a_lost_phone_is_reset_with_a_logged_reason_and_a_link_to_the_owner(
    admin, next_org, officer
):
    officer.email = "olga@example.org"
    officer.set_password(PASSWORD)
    officer.save()
    Authenticator.objects.create(user=officer, confirmed=True, name="oude telefoon")
    short = admin.post(f"{BASE}/staff/second-factor/", {"person": officer.pk, "reason": "kwijt"})
    assert short.status_code == 422 and "minstens 10" in short.content.decode()
    assert Authenticator.objects.filter(user=officer).exists()
    reason = "Telefoon verloren, gemeld per telefoon op 1 december."
    done = admin.post(
        f"{BASE}/staff/second-factor/", {"person": officer.pk, "reason": reason}, follow=True
    )
    assert "is gereset" in done.content.decode()
    assert not Authenticator.objects.filter(user=officer).exists()
    logged = AccessLogEntry.objects.get(action="grant", detail__contains="second factor reset")
    assert reason in logged.detail
    assert logged.user is not None and logged.user.username == "beheerder"
    link = mailed_link("olga@example.org")
    owner = Client()
    owner.get(link)
    owner.get("/account/welcome/")
    codes = owner.post("/account/welcome/", {"token": code_for(officer)}).content.decode()
    assert "Nu inloggen" in codes
    # The link set up the app; it signed nobody in: password and code as always.
    assert owner.get("/staff/")["Location"].startswith("/account/login/")
    owner.post("/account/login/", {"username": "officer", "password": PASSWORD})
    assert owner.get("/staff/")["Location"].startswith("/account/second-factor/")


def test_an_admin_cannot_reset_their_own_second_factor(admin):
    own = User.objects.get(username="beheerder")
    own.email = "beheer@example.org"
    own.save()
    answer = admin.post(
        f"{BASE}/staff/second-factor/",
        {"person": own.pk, "reason": "Ik wil een nieuwe telefoon gebruiken."},
    )
    assert answer.status_code == 422 and "je eigen tweede factor" in answer.content.decode()
    assert Authenticator.objects.filter(user=own).exists()


def test_staff_change_their_own_password(sign_in, officer):
    officer.set_password(PASSWORD)
    officer.save()
    client = sign_in(officer)
    wrong = client.post(
        "/account/password/",
        {
            "old_password": "fout",
            "new_password1": "Nieuw-lang-wachtwoord-8",
            "new_password2": "Nieuw-lang-wachtwoord-8",
        },
    )
    assert wrong.status_code == 200 and "niet juist ingevoerd" in wrong.content.decode()
    right = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Nieuw-lang-wachtwoord-8",
            "new_password2": "Nieuw-lang-wachtwoord-8",
        },
        follow=True,
    )
    assert "Je nieuwe wachtwoord is opgeslagen" in right.content.decode()
    officer.refresh_from_db()
    assert officer.check_password("Nieuw-lang-wachtwoord-8")


def test_a_forgotten_password_is_reset_by_mail_and_the_second_factor_still_asked(client, officer):
    officer.email = "olga@example.org"
    officer.set_password(PASSWORD)
    officer.save()
    Authenticator.objects.create(user=officer, confirmed=True, name="app")
    unknown = client.post(
        "/account/password/forgotten/", {"email": "niemand@example.org"}, follow=True
    )
    known = client.post("/account/password/forgotten/", {"email": "olga@example.org"}, follow=True)
    assert unknown.content.decode() == known.content.decode()  # nothing to learn
    link = mailed_link("olga@example.org")
    assert len(mail.outbox) == 1
    form = client.get(link, follow=True)
    assert "Kies een nieuw wachtwoord" in form.content.decode()
    new = "Weer-een-lang-wachtwoord-9"
    saved = client.post(
        form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert "Je nieuwe wachtwoord is opgeslagen" in saved.content.decode()
    assert client.get("/staff/")["Location"].startswith("/account/login/")  # not signed in
    client.post("/account/login/", {"username": "officer", "password": new})
    assert client.get("/staff/")["Location"].startswith("/account/second-factor/")
    assert Client().get(link, follow=True).content.decode().count("werkt niet") >= 1
