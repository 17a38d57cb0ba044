"""Term reminders and daily digests, run by the hourly round (``tasks.tick``).

- A running term that ends within the organisation's ``reminder_working_days``: one
  reminder to the handler and the term's responsible role (the complaints officers when
  nobody handles it and the scheme names no role). A new end date after an extension
  gets a reminder of its own.
- A term that has passed: a reminder every day, and once a notice to those the scheme
  informs of overdue terms (``inform: term_overdue``), or else to management, who
  answer for the organisation's terms.
- Each ``ReminderSent`` row is unique per term, kind and day, so rounds that overlap or
  repeat send nothing twice.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from klachtpad.complaints.models import Term, TermKindChoices, TermStatusChoices
from klachtpad.domain.messages import gettext_noop
from klachtpad.domain.permissions import StaffRole
from klachtpad.domain.schemes.vocabulary import Event, TermKind
from klachtpad.notifications.models import (
    DeliveryModeChoices,
    Digest,
    MailKindChoices,
    NotificationKindChoices,
    ReminderKindChoices,
    ReminderSent,
    StaffNotification,
)
from klachtpad.notifications.services import (
    mail_queue,
    officers_for,
    staff_notify,
    users_for,
    users_with_role,
)
from klachtpad.organisations.models import Organisation

BEFORE = gettext_noop('%(reference)s: the term "%(term)s" ends on %(day)s.')
OVERDUE = gettext_noop('%(reference)s: the term "%(term)s" ended on %(day)s and is not met.')
ESCALATED = gettext_noop(
    '%(reference)s: the term "%(term)s" ended on %(day)s and is not met. '
    "You are told because the organisation answers for its terms."
)


def _once(term: Term, kind: ReminderKindChoices, on: date) -> bool:
    """Record a reminder; False when it was sent already."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(term=term, kind=kind.value, on=on)
    except IntegrityError:
        return False
    return True


def _escalation_users(term: Term) -> list[User]:
    complaint = term.complaint
    spec = complaint.procedure.spec()
    informs = list(spec.inform) + [
        item
        for step in spec.steps
        if step.id in (term.step, complaint.step)
        for item in step.inform
    ]
    named = [item.who.value for item in informs if Event.TERM_OVERDUE in item.of]
    if named:
        return [user for role in named for user in users_for(complaint, role)]
    return list(users_with_role(complaint.organisation, StaffRole.MANAGEMENT))


def _remind(term: Term, template: str, users: list[User]) -> None:
    complaint = term.complaint
    kind = (
        NotificationKindChoices.TERM_REMINDER
        if template == BEFORE
        else NotificationKindChoices.TERM_OVERDUE
    )
    staff_notify(
        users,
        organisation=complaint.organisation,
        kind=kind,
        template=template,
        params={
            "reference": complaint.reference,
            "term": str(TermKindChoices(term.kind).label),
            "term_kind": TermKind(term.kind).value,
            "day": term.end_on.isoformat(),
        },
        complaint=complaint,
    )


def reminders_send(now: datetime) -> int:
    """Send the reminders due at ``now``; returns how many terms were reminded of."""
    today = timezone.localdate(now)
    sent = 0
    for organisation in Organisation.objects.all():
        calendar = organisation.working_calendar()
        horizon = calendar.add_working_days(today, organisation.reminder_working_days)
        terms = (
            Term.objects.filter(
                complaint__organisation=organisation,
                status=TermStatusChoices.RUNNING,
                end_on__lte=horizon,
            )
            .select_related("complaint__organisation", "complaint__handler", "complaint__procedure")
            .select_related("complaint__procedure__scheme_version")
        )
        for term in terms:
            with transaction.atomic():
                responsible = term.rule.get("responsible")
                officers = officers_for(term.complaint, responsible)
                if term.end_on >= today:
                    if _once(term, ReminderKindChoices.BEFORE, term.end_on):
                        _remind(term, BEFORE, officers)
                        sent += 1
                    continue
                if _once(term, ReminderKindChoices.OVERDUE, today):
                    _remind(term, OVERDUE, officers)
                    sent += 1
                if _once(term, ReminderKindChoices.ESCALATED, term.end_on):
                    _remind(term, ESCALATED, _escalation_users(term))
    return sent


def digests_send(now: datetime) -> int:
    """One mail per person with the notifications they chose to get daily; sent once a
    day from ``KLACHTPAD_DIGEST_HOUR``. Returns how many digests were queued."""
    local = timezone.localtime(now)
    if local.hour < settings.KLACHTPAD_DIGEST_HOUR:
        return 0
    today = local.date()
    waiting = StaffNotification.objects.filter(
        mode=DeliveryModeChoices.DIGEST, mail__isnull=True
    ).exclude(user__email="")
    queued = 0
    for user_id in waiting.values_list("user", flat=True).distinct():
        with transaction.atomic():
            if Digest.objects.filter(user_id=user_id, on=today).exists():
                continue
            items = list(waiting.select_for_update().filter(user_id=user_id).select_related("user"))
            if not items:
                continue
            user = items[0].user
            mail = mail_queue(
                kind=MailKindChoices.DIGEST,
                to=user.email,
                language=settings.LANGUAGE_CODE,
                user=user,
                facts={"notifications": [item.pk for item in items]},
            )
            try:
                with transaction.atomic():
                    Digest.objects.create(user=user, on=today, mail=mail)
            except IntegrityError:
                transaction.set_rollback(True)  # another round made today's digest
                continue
            StaffNotification.objects.filter(pk__in=[item.pk for item in items]).update(mail=mail)
            queued += 1
    return queued
