"""Second factors: an authenticator app (TOTP) with recovery codes as a backup."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django_otp.models import Device

from klachtpad.accounts.models import Authenticator, RecoveryCode, RecoveryCodes
from klachtpad.accounts.sealing import code_hashes

RECOVERY_CODES = 10
# Recovery codes: 10 characters from an alphabet without look-alikes (0/o, 1/l).
_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def _recovery_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(10))


def second_factor_pending(user: User) -> Authenticator:
    """The authenticator being set up: made once, confirmed by the first good code."""
    device: Authenticator = Authenticator.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )[0]
    return device


def second_factor_confirm(user: User, token: str) -> tuple[Authenticator, list[str]] | None:
    """Confirm the pending authenticator with ``token``; returns it and new recovery codes."""
    device = second_factor_pending(user)
    if not device.verify_token(token):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        RecoveryCodes.objects.filter(user=user).delete()
        recovery = RecoveryCodes.objects.create(user=user, name="recovery codes", confirmed=True)
        codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=recovery, code_hash=code_hashes(code)[0]) for code in codes
        )
    return device, codes


def second_factor_ready(user: User) -> bool:
    return bool(Authenticator.objects.filter(user=user, confirmed=True).exists())


def second_factor_check(user: User, token: str) -> Device | None:
    """The confirmed device that accepts ``token`` (throttled per device), or None. Only
    these two kinds count: django-otp's own devices keep their secrets in clear."""
    devices: list[Device] = [
        *Authenticator.objects.filter(user=user, confirmed=True),
        *RecoveryCodes.objects.filter(user=user, confirmed=True),
    ]
    for device in devices:
        if device.verify_is_allowed()[0] and device.verify_token(token):
            return device
    return None


def second_factor_remove(user: User) -> None:
    """The authenticator and recovery codes stop working at once."""
    Authenticator.objects.filter(user=user).delete()
    RecoveryCodes.objects.filter(user=user).delete()
