"""The access log's keys: the one in use, the ones from before a rotation, and the
development key derived from the secret key; each known by a short id."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def _key_id(key: bytes) -> str:
    return hashlib.sha256(b"klachtpad-key-id:" + key).hexdigest()[:12]


def audit_keys() -> dict[str, bytes]:
    """Every key entries may have been made with, by id; the first is the one in use."""
    keys: dict[str, bytes] = {}
    for configured in [settings.KLACHTPAD_AUDIT_KEY, *settings.KLACHTPAD_AUDIT_OLD_KEYS]:
        if configured:
            key = str(configured).encode()
            keys[_key_id(key)] = key
    # Development without a configured key; and entries from before keys had ids.
    derived = hashlib.sha256(b"klachtpad-access-log:" + settings.SECRET_KEY.encode()).digest()
    keys.setdefault(_key_id(derived), derived)
    keys[""] = derived
    return keys


def current_key() -> tuple[str, bytes]:
    return next(iter(audit_keys().items()))


def signature(payload: bytes, key_id: str) -> str:
    """The HMAC of ``payload`` with the key ``key_id`` ("" when that key is unknown)."""
    key = audit_keys().get(key_id)
    return hmac.new(key, payload, hashlib.sha256).hexdigest() if key else ""
