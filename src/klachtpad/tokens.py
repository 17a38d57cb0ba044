"""Private links and browser keys: random, and kept only as their SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_MAX = 100  # a token longer than this was never issued


def token_new() -> tuple[str, str]:
    """A new token and the hash to keep of it."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_lookup(token: str) -> str | None:
    """The hash to look ``token`` up by, or None when it cannot be one of ours."""
    return token_hash(token) if token and len(token) <= TOKEN_MAX else None
