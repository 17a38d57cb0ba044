"""The outbox: queue a mail, send it, try again while the server may still take it, and
tell staff what they should know, at once or in their digest.

Call ``mail_queue`` and ``staff_notify`` inside the transaction of the change that causes
them: the mail row and the task that sends it commit with the change, or vanish with it.
A mail to a complainant that finally fails tells the officer, through this same outbox;
that is why the queue, the task and the attempt live in one module.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django_tasks import task

from klachtpad.complaints.models import Complaint, HistoryEntry, RecipientChoices
from klachtpad.complaints.selectors import officers_for
from klachtpad.domain.messages import gettext_noop
from klachtpad.letters.services import letters_sent_by_mail
from klachtpad.notifications.mail import mail_compose, mail_subject, staff_subject, written_in
from klachtpad.notifications.models import (
    COMPLAINANT_MAIL,
    DeliveryModeChoices,
    MailDelivery,
    MailKindChoices,
    MailStatusChoices,
    NotificationKindChoices,
    NotificationPreference,
    StaffNotification,
)
from klachtpad.organisations.models import Organisation

logger = logging.getLogger(__name__)

# Plans the next attempt at a moment; called inside the attempt's transaction, so that
# the plan commits with the failure it follows.
Retry = Callable[[datetime], None]


def mail_queue(
    *,
    kind: MailKindChoices,
    to: str,
    language: str,
    organisation: Organisation | None = None,
    complaint: Complaint | None = None,
    history_entry: HistoryEntry | None = None,
    user: User | None = None,
    facts: dict[str, Any] | None = None,
) -> MailDelivery:
    """Write a mail row and enqueue the task that sends it, in the caller's transaction."""
    delivery = _subjected(
        MailDelivery(
            organisation=organisation or (complaint.organisation if complaint else None),
            complaint=complaint,
            history_entry=history_entry,
            user=user,
            to=to,
            kind=kind.value,
            language=language,
            facts=facts or {},
        )
    )
    delivery.save()
    mail_send.enqueue(delivery.pk)
    return delivery


def _subjected(
    delivery: MailDelivery, subject: Callable[[MailDelivery], str] = mail_subject
) -> MailDelivery:
    """``delivery`` with its subject, in the language the mail is written in."""
    with translation.override(written_in(delivery)):
        delivery.subject = subject(delivery)
    return delivery


@task(queue_name="mail")
def mail_send(delivery_id: int) -> None:
    """Send one queued mail (``mail_attempt``); after a passing failure the same task runs
    again at the moment the attempt planned."""

    def again(at: datetime) -> None:
        mail_send.using(run_after=at).enqueue(delivery_id)

    mail_attempt(delivery_id, retry=again)


@task(queue_name="mail")
def mails_send(delivery_ids: list[int]) -> None:
    """Send the mails of one round one after another, each as ``mail_send`` does (its
    own claim, its own retry). A mail that fails in a way no retry helps does not keep
    the others back; the task fails after them, as ``mail_send`` would have."""
    failed: Exception | None = None
    for delivery_id in delivery_ids:
        try:
            mail_send.call(delivery_id)
        except Exception as error:  # raised again below, after the others
            logger.exception("mail %s could not be sent", delivery_id)
            failed = failed or error
    if failed is not None:
        raise failed


def mail_attempt(delivery_id: int, *, retry: Retry) -> None:
    """Send one queued mail, holding no lock on its row while the server talks.

    The mail is first claimed with a conditional update (its own transaction), so two
    workers never send it both; a claim whose worker died lapses after the task lease.
    The body is written and sent in one transaction, so a private link it carries is
    kept only when the mail went out; the result is recorded in a transaction of its
    own. A worker that dies after the server took the mail and before the result was
    recorded sends it once more after the lease, with the same Message-ID."""
    now = timezone.now()
    claimed = (
        MailDelivery.objects.filter(pk=delivery_id)
        .filter(
            Q(status=MailStatusChoices.QUEUED)
            | Q(status=MailStatusChoices.SENDING, claimed_until__lt=now)
        )
        .update(status=MailStatusChoices.SENDING, claimed_until=now + settings.KLACHTPAD_TASK_LEASE)
    )
    if not claimed:
        return  # sent already, given up, or being sent by another worker
    delivery = MailDelivery.objects.get(pk=delivery_id)
    try:
        with transaction.atomic():
            mail_compose(delivery).send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:
        _attempt_failed(delivery_id, error, retry)
        return
    except Exception as error:
        # No retry mends a mail that cannot be made: it is shown failed, not as being
        # sent for ever, and the officer told; the task fails with the error.
        _attempt_failed(delivery_id, error, retry, permanent=True)
        raise
    sent = timezone.now()
    with transaction.atomic():
        MailDelivery.objects.filter(pk=delivery_id).update(
            status=MailStatusChoices.SENT,
            attempts=F("attempts") + 1,
            sent_at=sent,
            next_attempt_at=None,
            claimed_until=None,
        )
        if delivery.kind == MailKindChoices.NEWS and delivery.history_entry_id:
            letters_sent_by_mail(delivery.history_entry_id, sent)


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


def _attempt_failed(
    delivery_id: int, error: Exception, retry: Retry, *, permanent: bool = False
) -> None:
    now = timezone.now()
    with transaction.atomic():
        delivery = MailDelivery.objects.select_for_update().get(pk=delivery_id)
        delivery.attempts += 1
        delivery.last_error = f"{type(error).__name__}: {error}"[:500]
        give_up_at = delivery.created_at + timedelta(hours=settings.KLACHTPAD_MAIL_GIVE_UP_HOURS)
        if permanent or _permanent(error) or now >= give_up_at:
            delivery.status = MailStatusChoices.FAILED
            delivery.next_attempt_at = delivery.claimed_until = None
            delivery.save(
                update_fields=[
                    "attempts",
                    "last_error",
                    "status",
                    "next_attempt_at",
                    "claimed_until",
                ]
            )
            logger.warning("mail %s given up: %s", delivery.pk, delivery.last_error)
            _tell_officer(delivery)
            return
        delivery.status = MailStatusChoices.QUEUED
        delivery.claimed_until = None
        delivery.next_attempt_at = now + retry_pause(delivery.attempts)
        delivery.save(
            update_fields=["attempts", "last_error", "status", "claimed_until", "next_attempt_at"]
        )
        retry(delivery.next_attempt_at)
    logger.info("mail %s: attempt %s failed (%s)", delivery_id, delivery.attempts, error)


def mail_bounced(delivery: MailDelivery, reason: str) -> None:
    """The receiving side reported, after it took the mail, that it could not deliver it
    (a bounce): the mail is marked failed and the officer told, as for a refusal."""
    with transaction.atomic():
        delivery = MailDelivery.objects.select_for_update().get(pk=delivery.pk)
        already = delivery.status == MailStatusChoices.FAILED
        delivery.status = MailStatusChoices.FAILED
        delivery.last_error = reason[:500]
        delivery.next_attempt_at = delivery.claimed_until = None
        delivery.save(update_fields=["status", "last_error", "next_attempt_at", "claimed_until"])
        if not already:
            _tell_officer(delivery)


def _tell_officer(delivery: MailDelivery) -> None:
    """A mail to a complainant that finally failed: the officer must reach them otherwise.
    (Staff mail that fails shows in the file only, so failures cannot feed themselves.)"""
    if delivery.complaint is None or delivery.kind not in COMPLAINANT_MAIL:
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


def preferred_mode(user: User, kind: NotificationKindChoices) -> DeliveryModeChoices:
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind.value)
        .values_list("mode", flat=True)
        .first()
    )
    return DeliveryModeChoices(chosen or DeliveryModeChoices.IMMEDIATE)


@dataclass(frozen=True)
class _Subject:
    """The subject of a mail telling ``notification``, from the row in hand."""

    notification: StaffNotification

    def __call__(self, _delivery: MailDelivery) -> str:
        return staff_subject(self.notification)


@dataclass(frozen=True)
class StaffMessage:
    """One thing to tell ``users`` (see ``staff_notify``)."""

    users: tuple[User, ...]
    organisation: Organisation
    kind: NotificationKindChoices
    template: str
    params: dict[str, str]
    complaint: Complaint | None = None


def staff_notify(
    users: Iterable[User],
    *,
    organisation: Organisation,
    kind: NotificationKindChoices,
    template: str,
    params: dict[str, str],
    complaint: Complaint | None = None,
) -> list[StaffNotification]:
    """Tell each of ``users`` one thing, at once or in their digest, as they chose."""
    message = StaffMessage(tuple(users), organisation, kind, template, params, complaint)
    return staff_notify_all([message])


def staff_notify_all(messages: Iterable[StaffMessage]) -> list[StaffNotification]:
    """``staff_notify`` for many messages at once: the choices of all their people are
    read in one query, and the notifications, the mails and the one task that sends them
    written together."""
    told = [
        (message, user)
        for message in messages
        for user in {user.pk: user for user in message.users}.values()
    ]
    if not told:
        return []
    chosen = NotificationPreference.objects.filter(
        user__in={user.pk for _message, user in told},
        kind__in={message.kind.value for message, _user in told},
    ).values_list("user_id", "kind", "mode")
    modes = {(user_id, kind): mode for user_id, kind, mode in chosen}
    notifications = [
        StaffNotification(
            organisation=message.organisation,
            user=user,
            complaint=message.complaint,
            kind=message.kind.value,
            template=message.template,
            params=message.params,
            mode=modes.get((user.pk, message.kind.value), DeliveryModeChoices.IMMEDIATE),
        )
        for message, user in told
    ]
    # The mails first, so that each notification is written with its mail.
    mailed = [
        (notification, user)
        for notification, (_message, user) in zip(notifications, told, strict=True)
        if notification.mode == DeliveryModeChoices.IMMEDIATE and user.email
    ]
    deliveries = MailDelivery.objects.bulk_create(
        _subjected(
            MailDelivery(
                organisation=notification.organisation,
                complaint=notification.complaint,
                user=user,
                to=user.email,
                kind=MailKindChoices.STAFF.value,
                language=settings.LANGUAGE_CODE,
            ),
            _Subject(notification),
        )
        for notification, user in mailed
    )
    for (notification, _user), delivery in zip(mailed, deliveries, strict=True):
        notification.mail = delivery
    made = StaffNotification.objects.bulk_create(notifications)
    if deliveries:  # after the notifications: a mail taken at once finds its text
        mails_send.enqueue([delivery.pk for delivery in deliveries])
    return made
