"""Secrets of the second factor at rest: authenticator keys encrypted (Fernet, AES with
HMAC), recovery codes kept only as a keyed hash. The key is ``KLACHTPAD_OTP_KEY``; in
development it is derived from the secret key. Keys from before a rotation stay in
``KLACHTPAD_OTP_OLD_KEYS`` until ``manage.py otp_rekey`` has sealed everything anew."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def _secrets() -> list[bytes]:
    configured = [settings.KLACHTPAD_OTP_KEY, *settings.KLACHTPAD_OTP_OLD_KEYS]
    found = [str(key).encode() for key in configured if key]
    return found or [b"klachtpad-otp-development:" + settings.SECRET_KEY.encode()]


def _fernet_key(secret: bytes) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(b"klachtpad-otp-seal:" + secret).digest())


def _sealer() -> MultiFernet:
    return MultiFernet([Fernet(_fernet_key(secret)) for secret in _secrets()])


class Unsealable(Exception):
    """Sealed with a key that is no longer configured."""


def seal(secret: bytes) -> str:
    return _sealer().encrypt(secret).decode("ascii")


def unseal(sealed: str) -> bytes:
    try:
        return _sealer().decrypt(sealed.encode("ascii"))
    except InvalidToken as error:
        raise Unsealable from error


def reseal(sealed: str) -> str:
    """The same secret, sealed with the key in use now."""
    return _sealer().rotate(sealed.encode("ascii")).decode("ascii")


def code_hashes(code: str) -> list[str]:
    """The keyed hashes ``code`` may be kept under: with the key in use first, then with
    the keys from before a rotation."""
    normalised = "".join(code.split()).lower().encode()
    return [
        hmac.new(b"klachtpad-recovery:" + secret, normalised, hashlib.sha256).hexdigest()
        for secret in _secrets()
    ]
