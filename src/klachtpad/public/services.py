"""Filing a complaint through the public form, and the private links to its status page."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.utils import timezone

from klachtpad.complaints.models import Complaint, Forwarded
from klachtpad.complaints.services.files import files_undone_on_failure
from klachtpad.organisations.models import Organisation
from klachtpad.organisations.selectors import scheme_texts
from klachtpad.public.models import LinkRequest, StatusLink, StatusLinkViaChoices, Submission
from klachtpad.retention.services import file_purging
from klachtpad.tokens import token_lookup, token_new

# How long a form sent again still shows the confirmation with a private link.
REPEAT_LINK_WINDOW = timedelta(days=1)


class TooManyRequests(Exception):
    """One address sent more than the limit in the last hour."""


def address_hash(address: str) -> str:
    """An address kept only to count requests; keyed, so it cannot be looked up."""
    key = settings.SECRET_KEY.encode("utf-8")
    return hmac.new(key, address.encode("utf-8"), hashlib.sha256).hexdigest()


def submission_key_new() -> str:
    return secrets.token_urlsafe(24)


def status_link_issue(
    complaint: Complaint, *, via: StatusLinkViaChoices, revoke_others: bool = False
) -> str:
    """A new private link for ``complaint``; only its hash is kept.

    A link mailed anew ends the earlier mailed links nobody opened yet (they wait in a
    mailbox, or were seen). ``revoke_others``: the complainant asked for a new link (the
    old one may be lost or seen by others), so every earlier link, and every browser
    opened with one, stops working now."""
    token, hashed = token_new()
    now = timezone.now()
    earlier = StatusLink.objects.filter(complaint=complaint, expires_at__gt=now)
    if revoke_others:
        earlier.update(expires_at=now)
    elif via == StatusLinkViaChoices.MAIL:
        earlier.filter(via=via, opened_at__isnull=True).update(expires_at=now)
    StatusLink.objects.create(
        complaint=complaint,
        token_hash=hashed,
        via=via,
        expires_at=now + timedelta(days=settings.KLACHTPAD_STATUS_LINK_DAYS),
    )
    return token


@dataclass(frozen=True)
class Opened:
    """A link traded for a browser's key: ``key`` goes into the cookie until ``until``."""

    key: str
    until: datetime


def status_link_trade(token: str) -> Opened | None:
    """Open a link once: it becomes a key for this browser, and the link is spent."""
    hashed = token_lookup(token)
    if hashed is None:
        return None
    now = timezone.now()
    with transaction.atomic():
        link = (
            StatusLink.objects.select_for_update()
            .filter(token_hash=hashed, expires_at__gt=now, opened_at__isnull=True)
            .first()
        )
        if link is None:
            return None
        key, link.session_hash = token_new()
        link.opened_at = now
        link.save(update_fields=["opened_at", "session_hash"])
    return Opened(key=key, until=link.expires_at)


def status_link_spent(token: str) -> Complaint | None:
    """The complaint of a link that was opened already (in another browser) and still
    runs: its holder may ask for a fresh link by mail, and nothing more."""
    hashed = token_lookup(token)
    if hashed is None:
        return None
    link = (
        StatusLink.objects.select_related("complaint")
        .filter(token_hash=hashed, expires_at__gt=timezone.now(), opened_at__isnull=False)
        .first()
    )
    return link.complaint if link else None


def status_link_open(key: str) -> Complaint | None:
    """The complaint this browser's key opens, while its link runs, or None."""
    hashed = token_lookup(key)
    if hashed is None:
        return None
    link = (
        StatusLink.objects.select_related("complaint__procedure__scheme_version")
        .defer(*scheme_texts("complaint__procedure__scheme_version"))
        .filter(session_hash=hashed, expires_at__gt=timezone.now())
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
    with files_undone_on_failure(), transaction.atomic():
        submission, earlier = _submission_claim(key=key, organisation=organisation, address=address)
        if earlier is not None:
            if earlier.complaint is None:  # pragma: no cover - both commit together
                raise IntegrityError(key)
            # A double click or a retried sending from the same address shows the same
            # confirmation, with a private link of its own (only hashes are kept).
            again = earlier.address_hash == address_hash(address) and (
                earlier.at >= timezone.now() - REPEAT_LINK_WINDOW
            )
            token = (
                status_link_issue(earlier.complaint, via=StatusLinkViaChoices.PAGE) if again else ""
            )
            return Submitted(earlier.complaint, new=False, token=token)
        complaint = register()
        submission.complaint = complaint
        submission.save(update_fields=["complaint"])
        token = status_link_issue(complaint, via=StatusLinkViaChoices.PAGE)
        tell(complaint)
    return Submitted(complaint, new=True, token=token)


def _submission_claim(
    *, key: str, organisation: Organisation, address: str
) -> tuple[Submission, Submission | None]:
    """The row of a form sent now, and the earlier row when this form was sent before.
    Raises ``TooManyRequests`` when the address sends forms too often."""
    hashed = address_hash(address)
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                key=key, organisation=organisation, address_hash=hashed
            )
    except IntegrityError:
        return Submission(key=key), Submission.objects.select_related("complaint", "forwarded").get(
            key=key
        )
    limit = settings.KLACHTPAD_SUBMISSIONS_PER_HOUR
    since = timezone.now() - timedelta(hours=1)
    if Submission.objects.filter(address_hash=hashed, at__gte=since).count() > limit:
        raise TooManyRequests
    return submission, None


def message_submit(
    *, key: str, organisation: Organisation, address: str, forward: Callable[[], Forwarded]
) -> Forwarded:
    """Send on the message of one form once, however often the form is sent (as
    ``complaint_submit``, for a subject the scheme sends elsewhere)."""
    with transaction.atomic():
        submission, earlier = _submission_claim(key=key, organisation=organisation, address=address)
        if earlier is not None:
            if earlier.forwarded is None:  # pragma: no cover - both commit together
                raise IntegrityError(key)
            return earlier.forwarded
        forwarded = forward()
        submission.forwarded = forwarded
        submission.save(update_fields=["forwarded"])
    return forwarded


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


def public_rows_remove(now: datetime) -> int:
    """Remove what the public side keeps only for a while, ``KLACHTPAD_PUBLIC_ROWS_DAYS``
    after it last served (docs/privacy.md): a form's row guards against the same form
    sent twice (a day) and counts an address's forms (an hour); a request for a new link
    counts an address's requests (an hour); a status link that ended opens nothing.
    Returns how many rows went."""
    before = now - timedelta(days=settings.KLACHTPAD_PUBLIC_ROWS_DAYS)
    return (
        Submission.objects.filter(at__lt=before).delete()[0]
        + LinkRequest.objects.filter(at__lt=before).delete()[0]
        + StatusLink.objects.filter(expires_at__lt=before).delete()[0]
    )


@receiver(file_purging)
def _file_rows_remove(
    sender: object, complaint: Complaint, removal: Callable[[str, Any], None], **kwargs: Any
) -> None:
    """A purged file's form row and private links go with it."""
    removal("submissions", Submission.objects.filter(complaint=complaint))
    removal("status_links", StatusLink.objects.filter(complaint=complaint))
