"""The private part of an invitation: a random link, issued when the mail is sent; only
its hash is kept, and it opens the invitation once, until it expires."""

from __future__ import annotations

import hashlib
import secrets

from django.db.models import QuerySet
from django.utils import timezone

from klachtpad.organisations.models import Invitation


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_token_issue(invitation: Invitation) -> str:
    """A new link for ``invitation``; an earlier one (a failed attempt) stops working."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(token)
    invitation.save(update_fields=["token_hash"])
    return token


def invitations_open() -> QuerySet[Invitation]:
    """Invitations not used yet and not expired."""
    return Invitation.objects.filter(used_at__isnull=True, expires_at__gt=timezone.now())


def invitation_by_token(token: str) -> Invitation | None:
    """The unused, unexpired invitation behind a link, or None."""
    if not token or len(token) > 100:
        return None
    return invitations_open().filter(token_hash=_hash(token)).select_related("user").first()
