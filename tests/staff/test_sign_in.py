"""Signing in: password, then a second factor; no complaint page with a password alone."""

import re
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.oath import totp

from klachtpad.accounts.models import Authenticator
from klachtpad.audit.models import AccessLogEntry


def staff_url_names():
    """Every named page of the staff workspace, with the arguments it takes."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append(
                    (pattern.name, re.findall(r"<(?:\w+:)?(\w+)>", prefix + str(pattern.pattern)))
                )

    resolver = get_resolver()
    for top in resolver.url_patterns:
        if isinstance(top, URLResolver):
            for inner in top.url_patterns:
                if isinstance(inner, URLResolver) and getattr(inner, "namespace", "") == "staff":
                    walk(inner.url_patterns, "")
    return found


def url_for(name, args, organisation, complaint):
    values = {
        "organisation": organisation.slug,
        "reference": complaint.reference,
        "action": "note",
        "attachment": 1,
        "membership": 1,
        "letter": 1,
        "kind": "decision",
        "language": "nl",
        "improvement": 1,
        "procedure": "youth",
        "build": 1,
        "number": "C00001",
        "report": 1,
        "change": 1,
        "session": 1,
        "version": 1,
        "part": "texts",
        "subject": 1,
        "item": 1,
        "index": 0,
    }
    return reverse(f"staff:{name}", kwargs={key: values[key] for key in args})


def test_every_staff_page_refuses_a_password_alone(client, next_org, officer, complaint):
    names = staff_url_names()
    complaint_pages = [name for name, args in names if "reference" in args]
    assert len(names) >= 15 and len(complaint_pages) >= 4
    client.force_login(officer)  # password checked, no second factor
    for name, args in names:
        url = url_for(name, args, next_org, complaint)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, method)
            assert response["Location"].startswith(reverse("accounts:second_factor")), name
    assert AccessLogEntry.objects.count() == 0  # nothing was shown, so nothing to log


def test_anonymous_visitors_are_sent_to_sign_in(client, next_org, complaint):
    for name, args in staff_url_names():
        response = client.get(url_for(name, args, next_org, complaint))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login")), name


def test_a_recovery_code_works_once_instead_of_the_app(client, officer):
    officer.set_password("een-lang-wachtwoord-1")
    officer.save()
    Authenticator.objects.create(user=officer, confirmed=True, name="app")
    codes = second_factor_confirm_codes(officer)
    client.post(
        reverse("accounts:login"), {"username": "officer", "password": "een-lang-wachtwoord-1"}
    )
    ok = client.post(reverse("accounts:second_factor"), {"token": codes[0]})
    assert ok.status_code == 302
    client.post(reverse("accounts:logout"))
    client.post(
        reverse("accounts:login"), {"username": "officer", "password": "een-lang-wachtwoord-1"}
    )
    again = client.post(reverse("accounts:second_factor"), {"token": codes[0]})
    assert again.status_code == 200 and "klopt niet" in again.content.decode()


def second_factor_confirm_codes(user):
    from klachtpad.accounts.services import second_factor_confirm, second_factor_pending

    pending = second_factor_pending(user)
    confirmed = second_factor_confirm(user, f"{totp(pending.bin_key):06d}")
    assert confirmed is not None
    return confirmed[1]


def test_repeated_wrong_passwords_lock_the_account_with_a_clear_message(client, officer):
    officer.set_password("een-lang-wachtwoord-1")
    officer.save()
    for _ in range(5):
        response = client.post(
            reverse("accounts:login"), {"username": "officer", "password": "fout"}
        )
    text = response.content.decode()
    assert response.status_code == 429
    assert "te vaak" in text and "15 minuten" in text
    # Even the right password is refused while the account is locked.
    right = client.post(
        reverse("accounts:login"), {"username": "officer", "password": "een-lang-wachtwoord-1"}
    )
    assert right.status_code == 429


@pytest.mark.parametrize(
    ("idle", "since_sign_in", "signed_out"),
    [
        (timedelta(minutes=29), timedelta(hours=1), False),
        (timedelta(minutes=31), timedelta(hours=1), True),  # 30 minutes without activity
        (timedelta(minutes=5), timedelta(hours=12, minutes=1), True),  # 12 hours at most
    ],
)
def test_sessions_end_when_idle_or_too_old(
    sign_in, officer, next_org, idle, since_sign_in, signed_out
):
    from django.utils import timezone

    client = sign_in(officer)
    start = timezone.now()
    session = client.session
    session["klachtpad_signed_in_at"] = (start - since_sign_in).isoformat()
    session["klachtpad_last_seen_at"] = (start - idle).isoformat()
    session.save()
    response = client.get(reverse("staff:worklist", kwargs={"organisation": next_org.slug}))
    assert (response.status_code == 302) == signed_out


def test_one_address_trying_many_accounts_is_stopped_too(client, settings, db):
    """Per account and address, one person's typos lock only that account from there;
    across user names, one address is stopped after the per-address limit."""
    settings.KLACHTPAD_LOGIN_ATTEMPTS_PER_ADDRESS = 8
    for number in range(8):
        client.post(reverse("accounts:login"), {"username": f"raad{number}", "password": "x"})
    blocked = client.post(reverse("accounts:login"), {"username": "nog-een", "password": "x"})
    assert blocked.status_code == 429
    assert "vanaf dit internetadres" in blocked.content.decode().lower()
    elsewhere = client.post(
        reverse("accounts:login"),
        {"username": "nog-een", "password": "x"},
        REMOTE_ADDR="192.0.2.7",
    )
    assert elsewhere.status_code == 200  # another address may still try


def test_the_password_form_says_je_like_the_rest_of_the_workspace(client, sign_in, officer):
    """Django's own Dutch says "u"; the workspace speaks with "je" throughout."""
    sign_in(officer)
    html = client.post(
        "/account/password/", {"old_password": "x", "new_password1": "123", "new_password2": "123"}
    ).content.decode()
    assert "Je oude wachtwoord is niet juist ingevoerd." in html
    assert "Je wachtwoord mag niet volledig uit cijfers bestaan." in html
    assert "Je wachtwoord moet minstens 12 tekens lang zijn." in html
    assert "Uw " not in html
