"""Term reminders and daily digests, run by the hourly round (``tasks.tick``).

- A running term that ends within the organisation's ``reminder_working_days``: one
  reminder to the handler and the term's responsible role (the complaints officers when
  nobody handles it and the scheme names no role). A new end date after an extension
  gets a reminder of its own.
- A term that has passed: a reminder every day, and once a notice to those the scheme
  informs of overdue terms (``inform: term_overdue``), or else to management, who
  answer for the organisation's terms.
- A measure of a judgement not yet realised (Wkkgz art. 17(1)(c)) is treated alike: one
  reminder to its owner (the file's officers when it names none) before its date, daily
  ones after it, and once a notice to those the scheme informs of ``measure_overdue``,
  or else to management.
- Each ``ReminderSent`` row is unique per term (or measure), kind and day, so rounds
  that overlap or repeat send nothing twice.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Field, JSONField, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from klachtpad.complaints.models import (
    Complaint,
    Measure,
    Term,
    TermStatusChoices,
)
from klachtpad.complaints.selectors import officers_for, users_for
from klachtpad.domain.deadlines import standing
from klachtpad.domain.messages import gettext_noop
from klachtpad.domain.permissions import StaffRole
from klachtpad.domain.schemes.vocabulary import Event, Role
from klachtpad.notifications.models import (
    DeliveryModeChoices,
    Digest,
    MailKindChoices,
    NotificationKindChoices,
    ReminderKindChoices,
    ReminderSent,
    StaffNotification,
)
from klachtpad.notifications.outbox import StaffMessage, mail_queue, staff_notify_all
from klachtpad.organisations.models import CALENDAR_FIELDS, Organisation
from klachtpad.organisations.selectors import scheme_texts, users_with_role

BEFORE = gettext_noop('%(reference)s: the term "%(term)s" ends on %(day)s.')
OVERDUE = gettext_noop('%(reference)s: the term "%(term)s" ended on %(day)s and is not met.')
ESCALATED = gettext_noop(
    '%(reference)s: the term "%(term)s" ended on %(day)s and is not met. '
    "You are told because the organisation answers for its terms."
)


MEASURE_BEFORE = gettext_noop('%(reference)s: the measure "%(measure)s" is due on %(day)s.')
MEASURE_OVERDUE = gettext_noop(
    '%(reference)s: the measure "%(measure)s" was due on %(day)s and is not realised.'
)
MEASURE_ESCALATED = gettext_noop(
    '%(reference)s: the measure "%(measure)s" was due on %(day)s and is not realised. '
    "You are told because the organisation answers for its measures."
)


class _Round:
    """One round: what was sent already (read once), who answers for each organisation's
    files (read once per organisation and role), and what the round sends, written
    together when it ends."""

    def __init__(self, today: date, terms: list[Term], measures: list[Measure]) -> None:
        self.today = today
        self.rows: list[ReminderSent] = []
        self.messages: list[StaffMessage] = []
        self._officers: dict[tuple[int, int | None, str | None], list[User]] = {}
        sent = ReminderSent.objects.filter(Q(term__in=terms) | Q(measure__in=measures))
        self._sent: set[tuple[int | None, int | None, str, date]] = (
            set(sent.values_list("term", "measure", "kind", "on")) if terms or measures else set()
        )

    def once(
        self, kind: ReminderKindChoices, on: date, *, term: Term | None = None, **of: Any
    ) -> bool:
        """Record a reminder of a term (or ``measure=``); False when it was sent already."""
        measure = of.get("measure")
        key = (term.pk if term else None, measure.pk if measure else None, kind.value, on)
        if key in self._sent:
            return False
        self._sent.add(key)
        self.rows.append(ReminderSent(term=term, kind=kind.value, on=on, **of))
        return True

    def officers(self, complaint: Complaint, responsible: str | None = None) -> list[User]:
        if responsible == Role.EMPLOYEE_CONCERNED.value:  # the file's own people
            return officers_for(complaint, responsible)
        key = (complaint.organisation_id, complaint.handler_id, responsible)
        if key not in self._officers:
            self._officers[key] = officers_for(complaint, responsible)
        return self._officers[key]

    def tell(self, message: StaffMessage) -> None:
        self.messages.append(message)

    def written(self) -> None:
        ReminderSent.objects.bulk_create(self.rows)
        staff_notify_all(self.messages)


def _escalation_users(complaint: Complaint, event: Event, steps: tuple[str, ...]) -> list[User]:
    spec = complaint.procedure.spec()
    informs = list(spec.inform) + [
        item for step in spec.steps if step.id in steps for item in step.inform
    ]
    named = [item.who.value for item in informs if event in item.of]
    if named:
        return [user for role in named for user in users_for(complaint, role)]
    return list(users_with_role(complaint.organisation, StaffRole.MANAGEMENT))


def _remind(round_: _Round, term: Term, template: str, users: list[User]) -> None:
    complaint = term.complaint
    kind = (
        NotificationKindChoices.TERM_REMINDER
        if template == BEFORE
        else NotificationKindChoices.TERM_OVERDUE
    )
    params = {
        "reference": complaint.reference,
        "term": term.kind_label(),
        "term_kind": term.kind,
        "day": term.end_on.isoformat(),
    }
    round_.tell(
        StaffMessage(tuple(users), complaint.organisation, kind, template, params, complaint)
    )


@dataclass(frozen=True)
class _Horizons:
    """The last day a reminder looks ahead to: the one most organisations share, and
    the others, each with the organisations that have it (their calendars and warning
    days differ, their horizons seldom do)."""

    common: date | None
    others: dict[date, list[int]]

    def within(self, organisation: str, due: str) -> Q:
        """Due by the horizon of its organisation. The common horizon is written without
        naming its organisations: only those with another horizon are named, so a round
        over a thousand organisations on one calendar sends no list of a thousand."""
        if self.common is None:
            return Q(pk__in=[])
        named = [pk for pks in self.others.values() for pk in pks]
        found = Q(**{f"{due}__lte": self.common}) & ~Q(**{f"{organisation}__in": named})
        for horizon, organisations in self.others.items():
            found |= Q(**{f"{organisation}__in": organisations, f"{due}__lte": horizon})
        return found


_CALENDAR = (*CALENDAR_FIELDS, "reminder_working_days")


def _as_text() -> dict[str, Cast]:
    """The calendar's fields as text, named ``_field``: JSON is compared and grouped as
    text on both databases."""
    return {f"_{name}": Cast(name, output_field=TextField()) for name in _CALENDAR}


def _horizons(today: date) -> _Horizons:
    """Each calendar the organisations keep is read once, as the database keeps it (as
    text), with how many keep it; a calendar's organisations are read only when its
    horizon is not the common one."""
    calendars = Organisation.objects.order_by().values(**_as_text()).annotate(count=Count("pk"))
    sharing: dict[date, list[dict[str, str | None]]] = defaultdict(list)
    counts: dict[date, int] = defaultdict(int)
    for calendar in calendars:
        values = {name: calendar[f"_{name}"] for name in _CALENDAR}
        organisation = Organisation(**{name: _decoded(name, text) for name, text in values.items()})
        horizon = organisation.working_calendar().add_working_days(
            today, organisation.reminder_working_days
        )
        sharing[horizon].append(values)
        counts[horizon] += calendar["count"]
    if not counts:
        return _Horizons(None, {})
    common = max(counts, key=counts.__getitem__)
    others = {
        horizon: list(_keeping(values).values_list("pk", flat=True))
        for horizon, values in sharing.items()
        if horizon != common
    }
    return _Horizons(common, others)


def _keeping(calendars: list[dict[str, str | None]]) -> QuerySet[Organisation]:
    """The organisations that keep one of ``calendars`` (values as text, as read)."""
    found = Q(pk__in=[])
    for values in calendars:
        found |= Q(**{f"_{name}": text for name, text in values.items()})
    return Organisation.objects.order_by().annotate(**_as_text()).filter(found)


def _decoded(name: str, text: str | None) -> Any:
    """A calendar field's value from its text in the database."""
    field = Organisation._meta.get_field(name)
    if text is None:
        return None
    if isinstance(field, JSONField):
        return json.loads(text)
    assert isinstance(field, Field)  # noqa: S101 - a calendar field is a column
    return field.to_python(text)


def _not_yet(today: date, of: str, due: str) -> Q:
    """Those of which a reminder is still to be sent: before the end, the one warning;
    after it, today's overdue notice or the escalation. A term reminded of already is
    not read again (and its reminder not tried again) every hour until it ends."""
    sent = ReminderSent.objects.filter(**{of: OuterRef("pk")})
    warned = sent.filter(kind=ReminderKindChoices.BEFORE, on=OuterRef(due))
    told = sent.filter(kind=ReminderKindChoices.OVERDUE, on=today)
    escalated = sent.filter(kind=ReminderKindChoices.ESCALATED, on=OuterRef(due))
    return Q(**{f"{due}__gte": today}) & ~Exists(warned) | Q(**{f"{due}__lt": today}) & (
        ~Exists(told) | ~Exists(escalated)
    )


def reminders_send(now: datetime) -> int:
    """Send the reminders due at ``now``; returns how many terms and measures were
    reminded of. One query finds what is due in every organisation, leaving out what was
    sent already; the round writes what it sends together. Rounds that overlap share the
    work out: each takes the rows the other has not locked (on SQLite they take turns)."""
    today = timezone.localdate(now)
    horizons = _horizons(today)
    with transaction.atomic():
        terms = list(
            Term.objects.filter(
                horizons.within("complaint__organisation_id", "end_on"),
                _not_yet(today, "term", "end_on"),
                status=TermStatusChoices.RUNNING,
            )
            .order_by()
            .select_related("complaint__organisation", "complaint__handler")
            .select_related("complaint__procedure__scheme_version")
            .defer(*scheme_texts("complaint__procedure__scheme_version"))
            .select_for_update(skip_locked=True, of=("self",))
        )
        measures = list(
            Measure.objects.filter(
                horizons.within("judgement__complaint__organisation_id", "due_on"),
                _not_yet(today, "measure", "due_on"),
                realised_on__isnull=True,
            )
            .order_by()
            .select_related("owner_user", "judgement__complaint__organisation")
            .select_related("judgement__complaint__handler")
            .select_related("judgement__complaint__procedure__scheme_version")
            .defer(*scheme_texts("judgement__complaint__procedure__scheme_version"))
            .select_for_update(skip_locked=True, of=("self",))
        )
        round_ = _Round(today, terms, measures)
        sent = sum(_term_reminded(round_, term) for term in terms)
        sent += sum(_measure_reminded(round_, measure) for measure in measures)
        round_.written()
    return sent


def _term_reminded(round_: _Round, term: Term) -> int:
    """The reminders of one term due today; 1 when the handler's were sent."""
    complaint = term.complaint
    responsible = term.rule.get("responsible")
    if not standing(term.end_on, round_.today).overdue:
        if round_.once(ReminderKindChoices.BEFORE, term.end_on, term=term):
            _remind(round_, term, BEFORE, round_.officers(complaint, responsible))
            return 1
        return 0
    reminded = 0
    if round_.once(ReminderKindChoices.OVERDUE, round_.today, term=term):
        _remind(round_, term, OVERDUE, round_.officers(complaint, responsible))
        reminded = 1
    if round_.once(ReminderKindChoices.ESCALATED, term.end_on, term=term):
        users = _escalation_users(complaint, Event.TERM_OVERDUE, (term.step, complaint.step))
        _remind(round_, term, ESCALATED, users)
    return reminded


def _measure_remind(round_: _Round, measure: Measure, template: str, users: list[User]) -> None:
    complaint = measure.judgement.complaint
    params = {
        "reference": complaint.reference,
        "measure": measure.description[:120],
        "day": measure.due_on.isoformat(),
    }
    kind = NotificationKindChoices.MEASURE_REMINDER
    round_.tell(
        StaffMessage(tuple(users), complaint.organisation, kind, template, params, complaint)
    )


def _measure_reminded(round_: _Round, measure: Measure) -> int:
    """The reminders of one measure due today; 1 when its owner's were sent."""
    complaint = measure.judgement.complaint
    owner = measure.owner_user
    users = [owner] if owner is not None and owner.is_active else round_.officers(complaint)
    if not standing(measure.due_on, round_.today).overdue:
        if round_.once(ReminderKindChoices.BEFORE, measure.due_on, measure=measure):
            _measure_remind(round_, measure, MEASURE_BEFORE, users)
            return 1
        return 0
    reminded = 0
    if round_.once(ReminderKindChoices.OVERDUE, round_.today, measure=measure):
        _measure_remind(round_, measure, MEASURE_OVERDUE, users)
        reminded = 1
    if round_.once(ReminderKindChoices.ESCALATED, measure.due_on, measure=measure):
        steps = (measure.judgement.step, complaint.step)
        escalated = _escalation_users(complaint, Event.MEASURE_OVERDUE, steps)
        _measure_remind(round_, measure, MEASURE_ESCALATED, escalated)
    return reminded


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
