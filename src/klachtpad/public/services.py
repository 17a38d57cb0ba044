"""Filing a complaint through the public form, and the private links to its status page."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from klachtpad.complaints.models import Complaint
from klachtpad.organisations.models import Organisation
from klachtpad.public.models import LinkRequest, StatusLink, Submission


class TooManyRequests(Exception):
    """One address sent more than the limit in the last hour."""


def address_hash(address: str) -> str:
    """An address kept only to count requests; keyed, so it cannot be looked up."""
    key = settings.SECRET_KEY.encode("utf-8")
    return hmac.new(key, address.encode("utf-8"), hashlib.sha256).hexdigest()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def submission_key_new() -> str:
    return secrets.token_urlsafe(24)


def status_link_issue(complaint: Complaint, *, revoke_others: bool = False) -> str:
    """A new private link for ``complaint``; only its hash is kept. ``revoke_others``:
    the complainant asked for a new link (the old one may be lost or seen by others), so
    every earlier link stops working now."""
    token = secrets.token_urlsafe(32)
    if revoke_others:
        StatusLink.objects.filter(complaint=complaint, expires_at__gt=timezone.now()).update(
            expires_at=timezone.now()
        )
    StatusLink.objects.create(
        complaint=complaint,
        token_hash=_token_hash(token),
        expires_at=timezone.now() + timedelta(days=settings.KLACHTPAD_STATUS_LINK_DAYS),
    )
    return token


def status_link_open(token: str) -> Complaint | None:
    """The complaint behind a link that is still valid, or None."""
    link = (
        StatusLink.objects.select_related("complaint__procedure__scheme_version")
        .filter(token_hash=_token_hash(token), expires_at__gt=timezone.now())
        .first()
    )
    if link is None:
        return None
    StatusLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    return link.complaint


@dataclass(frozen=True)
class Submitted:
    complaint: Complaint
    new: bool  # False: this form had been sent before; ``complaint`` is that one
    token: str = ""


def complaint_submit(
    *,
    key: str,
    organisation: Organisation,
    address: str,
    register: Callable[[], Complaint],
    tell: Callable[[Complaint], None],
) -> Submitted:
    """Register the complaint of one form once, however often the form is sent.

    The submission row and the complaint commit together. A second sending of the same
    form waits for the first (the unique key) and gets its complaint; a first sending
    that was refused leaves no row, so the corrected form can be sent again.
    """
    hashed = address_hash(address)
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    key=key, organisation=organisation, address_hash=hashed
                )
        except IntegrityError:
            earlier = Submission.objects.select_related("complaint").get(key=key)
            if earlier.complaint is None:  # pragma: no cover - both commit together
                raise
            return Submitted(earlier.complaint, new=False)
        limit = settings.KLACHTPAD_SUBMISSIONS_PER_HOUR
        since = timezone.now() - timedelta(hours=1)
        if Submission.objects.filter(address_hash=hashed, at__gte=since).count() > limit:
            raise TooManyRequests
        complaint = register()
        submission.complaint = complaint
        submission.save(update_fields=["complaint"])
        token = status_link_issue(complaint)
        tell(complaint)
    return Submitted(complaint, new=True, token=token)


def status_link_request(*, address: str) -> None:
    """Count one request for a new link from ``address``; refused when it asks too often.

    The caller hands the look-up to the worker (``public.tasks``), so that the answer
    takes the same work whether or not a complaint matches: nobody learns from it, or
    from its timing, which complaints exist."""
    hashed = address_hash(address)
    since = timezone.now() - timedelta(hours=1)
    recent = LinkRequest.objects.filter(address_hash=hashed, at__gte=since).count()
    if recent >= settings.KLACHTPAD_LINK_REQUESTS_PER_HOUR:
        raise TooManyRequests
    LinkRequest.objects.create(address_hash=hashed)


def status_link_match(*, organisation_id: int, reference: str, email: str) -> Complaint | None:
    """The complaint whose reference and e-mail address are these, or None."""
    return (
        Complaint.objects.filter(
            organisation_id=organisation_id, reference=reference, complainant_email__iexact=email
        )
        .exclude(complainant_email="")
        .first()
    )
