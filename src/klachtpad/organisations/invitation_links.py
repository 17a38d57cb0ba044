"""The private part of an invitation: a random link, issued when the mail is sent; only
its hash is kept, and it opens the invitation once, until it expires."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from klachtpad.organisations.models import Invitation
from klachtpad.tokens import token_lookup, token_new


def invitation_token_issue(invitation: Invitation) -> str:
    """A new link for ``invitation``; an earlier one (a failed attempt) stops working."""
    token, invitation.token_hash = token_new()
    invitation.save(update_fields=["token_hash"])
    return token


def invitations_open() -> QuerySet[Invitation]:
    """Invitations not used yet and not expired."""
    return Invitation.objects.filter(used_at__isnull=True, expires_at__gt=timezone.now())


def invitation_by_token(token: str) -> Invitation | None:
    """The unused, unexpired invitation behind a link, or None."""
    hashed = token_lookup(token)
    if hashed is None:
        return None
    return invitations_open().filter(token_hash=hashed).select_related("user").first()
