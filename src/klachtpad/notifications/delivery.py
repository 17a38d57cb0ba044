"""Sending one queued mail: the attempt, its status, and trying again later while the
server may still take it (the task only calls this)."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from klachtpad.complaints.models import RecipientChoices
from klachtpad.domain.messages import gettext_noop
from klachtpad.letters.services import letters_sent_by_mail
from klachtpad.notifications.mail import mail_compose
from klachtpad.notifications.models import (
    MailDelivery,
    MailKindChoices,
    MailStatusChoices,
    NotificationKindChoices,
)
from klachtpad.notifications.services import officers_for, staff_notify

logger = logging.getLogger(__name__)

# Plans the next attempt at a moment; called inside the attempt's transaction, so that
# the plan commits with the failure it follows.
Retry = Callable[[datetime], None]


def mail_attempt(delivery_id: int, *, retry: Retry) -> None:
    """Send one queued mail. The attempt and its status change commit together."""
    try:
        with transaction.atomic():
            delivery = MailDelivery.objects.select_for_update().get(pk=delivery_id)
            if delivery.status != MailStatusChoices.QUEUED:
                return  # sent already, or given up
            mail_compose(delivery).send(fail_silently=False)
            now = timezone.now()
            delivery.status = MailStatusChoices.SENT
            delivery.attempts += 1
            delivery.sent_at = now
            delivery.next_attempt_at = None
            delivery.save(update_fields=["status", "attempts", "sent_at", "next_attempt_at"])
            if delivery.kind == MailKindChoices.NEWS and delivery.history_entry_id:
                letters_sent_by_mail(delivery.history_entry_id, now)
    except (smtplib.SMTPException, OSError) as error:
        _attempt_failed(delivery_id, error, retry)


def _permanent(error: Exception) -> bool:
    """A refusal the server will repeat (5xx), as opposed to one that may pass (4xx,
    no connection)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def retry_pause(attempts: int) -> timedelta:
    """1 minute after the first failure, doubling, at most ``KLACHTPAD_MAIL_MAX_PAUSE``."""
    pause = timedelta(minutes=2 ** min(attempts - 1, 16))
    return min(pause, settings.KLACHTPAD_MAIL_MAX_PAUSE)


def _attempt_failed(delivery_id: int, error: Exception, retry: Retry) -> None:
    now = timezone.now()
    with transaction.atomic():
        delivery = MailDelivery.objects.select_for_update().get(pk=delivery_id)
        delivery.attempts += 1
        delivery.last_error = f"{type(error).__name__}: {error}"[:500]
        give_up_at = delivery.created_at + timedelta(hours=settings.KLACHTPAD_MAIL_GIVE_UP_HOURS)
        if _permanent(error) or now >= give_up_at:
            delivery.status = MailStatusChoices.FAILED
            delivery.next_attempt_at = None
            delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            logger.warning("mail %s given up: %s", delivery.pk, delivery.last_error)
            _tell_officer(delivery)
            return
        delivery.next_attempt_at = now + retry_pause(delivery.attempts)
        delivery.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        retry(delivery.next_attempt_at)
    logger.info("mail %s: attempt %s failed (%s)", delivery_id, delivery.attempts, error)


def _tell_officer(delivery: MailDelivery) -> None:
    """A mail to a complainant that finally failed: the officer must reach them otherwise.
    (Staff mail that fails shows in the file only, so failures cannot feed themselves.)"""
    if delivery.complaint is None or delivery.kind not in (
        MailKindChoices.STATUS_LINK,
        MailKindChoices.NEWS,
    ):
        return
    complaint = delivery.complaint
    staff_notify(
        officers_for(complaint),
        organisation=complaint.organisation,
        kind=NotificationKindChoices.MAIL_FAILED,
        template=gettext_noop(
            "%(reference)s: a mail to the complainant could not be delivered. "
            "Reach them another way."
        ),
        params={"reference": complaint.reference, "to": RecipientChoices.COMPLAINANT.value},
        complaint=complaint,
    )
