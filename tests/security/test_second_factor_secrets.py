"""Second factors at rest: a copy of the database alone passes nobody's second factor;
the key rotates; second factors set up before are kept; wrong codes lock out the
guesser's address, not the owner."""

from __future__ import annotations

import importlib
from base64 import b32encode
from binascii import hexlify

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_otp.oath import totp

from klachtpad.accounts.models import Authenticator, RecoveryCode, RecoveryCodes
from klachtpad.accounts.services import (
    second_factor_check,
    second_factor_confirm,
    second_factor_pending,
)
from tests.complaints.factories import UserFactory

pytestmark = pytest.mark.django_db


def enrolled(user):
    pending = second_factor_pending(user)
    confirmed = second_factor_confirm(user, f"{totp(pending.bin_key):06d}")
    assert confirmed is not None
    return confirmed


def stored_rows() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed_key FROM accounts_authenticator")
        keys = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT code_hash FROM accounts_recoverycode")
        hashes = [row[0] for row in cursor.fetchall()]
    return " ".join(keys + hashes)


def test_the_database_holds_no_authenticator_key_and_no_recovery_code():
    user = UserFactory.create()
    device, codes = enrolled(user)
    stored = stored_rows()
    key = device.bin_key
    assert hexlify(key).decode() not in stored
    assert b32encode(key).decode().rstrip("=") not in stored
    assert all(code not in stored for code in codes)
    assert RecoveryCode.objects.count() == 10
    # The codes still work, each once.
    assert second_factor_check(user, codes[0]) is not None
    assert second_factor_check(user, codes[0]) is None
    assert RecoveryCode.objects.count() == 9


def test_the_key_rotates_without_anyone_setting_up_their_app_again(settings):
    settings.KLACHTPAD_OTP_KEY = "eerste-sleutel-voor-tweede-factoren"
    settings.KLACHTPAD_OTP_OLD_KEYS = []
    user = UserFactory.create()
    device, _codes = enrolled(user)
    key = device.bin_key
    settings.KLACHTPAD_OTP_KEY = "tweede-sleutel-voor-tweede-factoren"
    settings.KLACHTPAD_OTP_OLD_KEYS = ["eerste-sleutel-voor-tweede-factoren"]
    device.refresh_from_db()
    assert device.bin_key == key  # read with the old key
    call_command("otp_rekey", verbosity=0)
    settings.KLACHTPAD_OTP_OLD_KEYS = []
    device.refresh_from_db()
    assert device.bin_key == key  # sealed anew with the new key alone
    Authenticator.objects.filter(pk=device.pk).update(last_t=-1)
    assert second_factor_check(user, f"{totp(key):06d}") is not None


def test_second_factors_set_up_before_sealing_are_kept_and_their_clear_copies_gone():
    from django.apps import apps
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = UserFactory.create()
    old = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="codes", confirmed=True)
    StaticToken.objects.create(device=static, token="oudecode1")
    migration = importlib.import_module(
        "klachtpad.accounts.migrations.0002_seal_earlier_second_factors"
    )
    migration.seal_earlier(apps, None)
    assert not TOTPDevice.objects.exists() and not StaticToken.objects.exists()
    moved = Authenticator.objects.get(user=user)
    assert moved.bin_key == old.bin_key
    assert second_factor_check(user, f"{totp(old.bin_key):06d}") is not None
    assert second_factor_check(user, "oudecode1") is not None
    assert RecoveryCodes.objects.filter(user=user).exists()


def test_wrong_codes_make_the_app_wait_at_most_a_minute(settings):
    user = UserFactory.create()
    device, _codes = enrolled(user)
    device.throttling_failure_count = 40  # 2**39 seconds, uncapped
    device.save()
    from django.utils import timezone

    device.throttling_failure_timestamp = timezone.now()
    allowed, data = device.verify_is_allowed()
    assert not allowed and data is not None
    assert (data["locked_until"] - device.throttling_failure_timestamp).total_seconds() == 60


def test_someone_guessing_codes_with_the_password_is_locked_out_at_their_address(client):
    """The probe: a password holder drives the code throttle to lock out the owner."""
    user = UserFactory.create(username="eigenaar")
    user.set_password("een-lang-wachtwoord-1")
    user.save()
    device, _codes = enrolled(user)
    client.post("/account/login/", {"username": "eigenaar", "password": "een-lang-wachtwoord-1"})
    for _ in range(5):
        answer = client.post("/account/second-factor/", {"token": "000000"})
    assert answer.status_code == 429 and "te vaak" in answer.content.decode()
    assert client.get("/staff/")["Location"].startswith("/account/login/")  # signed out
    # The owner, from their own address, signs in at once.
    Authenticator.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None, last_t=-1
    )
    owner = Client(REMOTE_ADDR="192.0.2.44")
    owner.post("/account/login/", {"username": "eigenaar", "password": "een-lang-wachtwoord-1"})
    ok = owner.post("/account/second-factor/", {"token": f"{totp(device.bin_key):06d}"})
    assert ok.status_code == 302
