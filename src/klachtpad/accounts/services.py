"""Second factors: an authenticator app (TOTP) with recovery codes as a backup."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10


def second_factor_pending(user: User) -> TOTPDevice:
    """The authenticator being set up: made once, confirmed by the first good code."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    return device


def second_factor_confirm(user: User, token: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the pending authenticator with ``token``; returns it and new recovery codes."""
    device = second_factor_pending(user)
    if not device.verify_token(token):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user=user).delete()
        recovery = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    return device, codes


def second_factor_ready(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def second_factor_check(user: User, token: str) -> Device | None:
    """The confirmed device that accepts ``token`` (throttled per device), or None."""
    for device in devices_for_user(user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(token):
            return device
    return None
