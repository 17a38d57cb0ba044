"""Security headers: a strict CSP, Permissions-Policy, no-store on every page with file
data, htmx keeping no copies of pages, and production settings that pass check --deploy."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from klachtpad.organisations.models import Organisation
from tests.complaints.factories import ComplaintFactory
from tests.staff.conftest import member

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def script_sources(policy: str) -> str:
    return next(part for part in policy.split("; ") if part.startswith("script-src"))


def test_staff_pages_have_a_strict_policy_and_are_not_stored(client, sign_in, seeded):
    organisation = Organisation.objects.get(slug="next")
    complaint = ComplaintFactory.create(procedure=organisation.procedures.get())
    sign_in(member(organisation, "complaints_officer", "officer"))
    for url in ("/staff/next/complaints/", f"/staff/next/complaints/{complaint.reference}/"):
        answer = client.get(url)
        policy = answer["Content-Security-Policy"]
        assert script_sources(policy) == "script-src 'self'"
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert "camera=()" in answer["Permissions-Policy"]
        assert answer["Cache-Control"] == "no-store"
        # htmx keeps no snapshots of pages (complaint summaries) in sessionStorage.
        assert '"historyCacheSize": 0' in answer.content.decode()


def test_the_status_page_and_sign_in_are_not_stored_but_public_pages_may_be(client, seeded):
    assert client.get("/account/login/")["Cache-Control"] == "no-store"
    assert client.get("/volgen/onbekend/")["Cache-Control"] == "no-store"
    public = client.get("/next/")
    assert "no-store" not in public.get("Cache-Control", "")
    assert script_sources(public["Content-Security-Policy"]) == "script-src 'self'"


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KLACHTPAD_")}
    env.pop("DATABASE_URL", None)
    env.update(
        KLACHTPAD_SECRET_KEY=secrets.token_urlsafe(60),
        KLACHTPAD_AUDIT_KEY=secrets.token_urlsafe(40),
        KLACHTPAD_ALLOWED_HOSTS="klachten.example.org",
        KLACHTPAD_OTP_KEY="een-eigen-sleutel-voor-tweede-factoren",
        KLACHTPAD_DATA_DIR=str(tmp_path),
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout + done.stderr
    without_key = {key: value for key, value in env.items() if key != "KLACHTPAD_AUDIT_KEY"}
    refused = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=without_key,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0 and "KLACHTPAD_AUDIT_KEY" in refused.stderr


def test_the_platform_admin_shows_no_authenticator_keys_or_recovery_codes():
    from django.contrib import admin
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from klachtpad.accounts.models import Authenticator, RecoveryCode, RecoveryCodes

    for model in (
        TOTPDevice,
        StaticDevice,
        StaticToken,
        Authenticator,
        RecoveryCodes,
        RecoveryCode,
    ):
        assert not admin.site.is_registered(model), model
