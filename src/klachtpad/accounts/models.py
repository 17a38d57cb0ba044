"""The second factors: an authenticator app and a set of recovery codes, as django-otp
devices whose secrets are never stored in clear (``sealing``)."""

from __future__ import annotations

import secrets
import time
from base64 import b32encode
from datetime import timedelta
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin, TimestampMixin, VerifyNotAllowed
from django_otp.oath import TOTP

from klachtpad.accounts.sealing import code_hashes, seal, unseal

KEY_BYTES = 20
STEP = 30
DIGITS = 6
TOLERANCE = 1  # the code before and after the current one count too


def new_sealed_key() -> str:
    return seal(secrets.token_bytes(KEY_BYTES))


class _CappedThrottle(ThrottlingMixin):  # type: ignore[misc]  # django-otp is untyped
    """django-otp's back-off (1, 2, 4 ... seconds after wrong codes), at most
    ``KLACHTPAD_OTP_MAX_WAIT_SECONDS``: whoever has the password cannot lock the real
    user out for long by typing wrong codes; the address lock-out stops them instead."""

    class Meta:
        abstract = True

    def get_throttle_factor(self) -> int:
        return 1

    def verify_is_allowed(self) -> tuple[bool, dict[str, Any] | None]:
        if self.throttling_failure_count > 0 and self.throttling_failure_timestamp is not None:
            wait = min(
                2 ** (self.throttling_failure_count - 1), settings.KLACHTPAD_OTP_MAX_WAIT_SECONDS
            )
            until = self.throttling_failure_timestamp + timedelta(seconds=wait)
            if timezone.now() < until:
                return False, {
                    "reason": VerifyNotAllowed.N_FAILED_ATTEMPTS,
                    "failure_count": self.throttling_failure_count,
                    "locked_until": until,
                }
        return True, None


class Authenticator(TimestampMixin, _CappedThrottle, Device):  # type: ignore[misc]  # untyped
    """An authenticator app (TOTP, RFC 6238: 6 digits, 30 seconds, SHA-1 as the apps
    expect). Its key is stored encrypted."""

    sealed_key: models.TextField[str, str] = models.TextField(default=new_sealed_key)
    drift: models.SmallIntegerField[int, int] = models.SmallIntegerField(default=0)
    last_t: models.BigIntegerField[int, int] = models.BigIntegerField(default=-1)  # used once

    class Meta(Device.Meta):  # type: ignore[misc]
        verbose_name = "authenticator"

    @property
    def bin_key(self) -> bytes:
        return unseal(self.sealed_key)

    def verify_token(self, token: Any) -> bool:
        if not self.verify_is_allowed()[0]:
            return False
        try:
            number = int(token)
        except (TypeError, ValueError):
            verified = False
        else:
            totp = TOTP(self.bin_key, STEP, 0, DIGITS, self.drift)
            totp.time = time.time()
            verified = bool(totp.verify(number, TOLERANCE, self.last_t + 1))
            if verified:
                self.last_t = totp.t()
                self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified

    @property
    def config_url(self) -> str:
        """The otpauth:// address an app reads from the QR code."""
        issuer = settings.OTP_TOTP_ISSUER.replace(":", "")
        label = f"{issuer}:{self.user.get_username()}"
        params = urlencode(
            {
                "secret": b32encode(self.bin_key).decode(),
                "algorithm": "SHA1",
                "digits": DIGITS,
                "period": STEP,
            }
        )
        return f"otpauth://totp/{quote(label)}?{params}&issuer={quote(issuer)}"


class RecoveryCodes(_CappedThrottle, Device):  # type: ignore[misc]  # django-otp is untyped
    """Codes for when the app is not at hand; each works once. Only keyed hashes are
    kept, so the codes are shown once, when they are made."""

    class Meta(Device.Meta):  # type: ignore[misc]
        verbose_name = "recovery codes"

    def verify_token(self, token: Any) -> bool:
        if not self.verify_is_allowed()[0]:
            return False
        used, _ = self.codes.filter(code_hash__in=code_hashes(str(token))).delete()
        if used:
            self.throttle_reset(commit=True)
            return True
        self.throttle_increment(commit=True)
        return False


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodes, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return f"recovery code of {self.device_id}"
