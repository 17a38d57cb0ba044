"""The one entry point through which every change to a complaint goes.

``complaint_transition`` opens a transaction, locks the complaint row, refuses a change
made against an older version ("someone else changed this complaint"), asks the domain
whether the action is allowed in the current state, lets the service apply its change,
saves the changed fields with a conditional UPDATE on the version, appends one history
entry and records the messages the scheme asks for; ``complaints.signals.history_appended``
then lets the notifications app write the letters, mail and staff notifications they call
for, in the same transaction. A refusal rolls back everything the service did, so nothing
half-done remains.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from klachtpad.complaints.models import (
    Complaint,
    HistoryEntry,
    OutgoingMessage,
    ReferenceCounter,
    TermStatusChoices,
)
from klachtpad.complaints.services.files import files_undone_on_failure
from klachtpad.complaints.signals import history_appended
from klachtpad.domain.calendars import AtwCalendar, WorkingCalendar
from klachtpad.domain.deadlines import check_day
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.notices import Notice, notices_for
from klachtpad.domain.schemes.model import Procedure, Scheme
from klachtpad.domain.schemes.vocabulary import DocumentKind, Event, Handling
from klachtpad.domain.workflow import Action, State, check_action, state_after
from klachtpad.organisations.models import Organisation, atw_calendar
from klachtpad.organisations.selectors import scheme_texts
from klachtpad.organisations.wording import param_words


class TransitionRefused(Exception):
    """The change is not allowed; ``reasons`` say why, in words for the person acting."""

    def __init__(self, *reasons: Message) -> None:
        super().__init__(" ".join(str(reason) for reason in reasons))
        self.reasons = reasons

    def messages(self) -> list[str]:
        """The reasons, translated into the active language."""
        return [reason.render(_, display=param_words) for reason in self.reasons]


class ConcurrentChange(TransitionRefused):
    def __init__(self) -> None:
        super().__init__(
            Message(
                gettext_noop(
                    "Someone else changed this complaint while you were working on it. "
                    "Reload it to see the change, then try again."
                )
            )
        )


def refuse_future(day: date, *, today: date) -> None:
    """A day of the file may not lie in the future, nor outside the days terms count on."""
    if (implausible := check_day(day)) is not None:
        raise TransitionRefused(implausible)
    if day > today:
        raise TransitionRefused(
            Message(gettext_noop("The date %(date)s is in the future."), {"date": day})
        )


@dataclass(frozen=True)
class Actor:
    """Who acts: a staff user, or someone named (the complainant, an outside body)."""

    name: str
    user: User | None = None
    complainant: bool = False  # the complainant, through the public form or their link

    @classmethod
    def staff(cls, user: User) -> Actor:
        full_name = getattr(user, "get_full_name", lambda: "")()
        return cls(name=full_name or user.get_username(), user=user)


@dataclass(frozen=True)
class StaffNote:
    """Staff to tell of a change beyond what the scheme sends: in the sentence of
    ``event``, or in ``sentence`` (a msgid with ``%(reference)s``)."""

    users: tuple[User, ...]
    event: Event | None = None
    sentence: str = ""


@dataclass
class Transition:
    """What a service sees and records while it changes one locked complaint."""

    complaint: Complaint
    action: Action
    actor: Actor
    now: datetime
    scheme: Scheme
    procedure: Procedure
    calendar: WorkingCalendar
    atw: AtwCalendar
    fields: set[str] = field(default_factory=set)
    details: dict[str, Any] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    notes: list[StaffNote] = field(default_factory=list)
    terms_moved: bool = False  # a term started, met, stopped or got another end
    # Registered in this transaction: no history, terms, judgements or meetings yet.
    new: bool = False
    ends_started: list[date] = field(default_factory=list)  # of the terms started now

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)

    def day(self, given: date | None) -> date:
        """The date something happened: ``given``, or today. The future is refused, and
        so is a day before the complaint was received (an acknowledgement, a meeting)."""
        if given is None:
            return self.today
        refuse_future(given, today=self.today)
        received = self.complaint.received_on
        if given < received:
            raise TransitionRefused(
                Message(
                    gettext_noop(
                        "The date %(date)s lies before the complaint was received, on %(received)s."
                    ),
                    {"date": given, "received": received},
                )
            )
        return given

    @property
    def handling(self) -> Handling:
        return Handling(self.complaint.handling)

    def set(self, **values: Any) -> None:
        """Change fields of the complaint; only these are written."""
        for name, value in values.items():
            setattr(self.complaint, name, value)
            self.fields.add(name)

    def record(self, **details: Any) -> None:
        """Add facts to the history entry (dates as ISO text)."""
        self.details.update(
            {
                key: value.isoformat() if isinstance(value, date) else value
                for key, value in details.items()
            }
        )

    def tell(
        self,
        event: Event | None,
        *,
        steps: Iterable[str] = (),
        documents: tuple[DocumentKind, ...] = (),
        to_complainant: bool = True,
    ) -> None:
        """Record the messages the scheme asks for when ``event`` happens at ``steps``."""
        learning = self.procedure.learning
        self.notices += notices_for(
            self.procedure,
            event=event,
            steps=tuple(steps) or (self.complaint.step,),
            formal=self.complaint.handling == Handling.FORMAL,
            documents=documents,
            feedback_to_employee=bool(learning and learning.feedback_to_employee),
            to_complainant=to_complainant,
        )

    def inform(
        self, users: Iterable[User], *, event: Event | None = None, sentence: str = ""
    ) -> None:
        """Tell ``users`` of this change (see ``StaffNote``), once it is recorded."""
        self.notes.append(StaffNote(tuple(users), event=event, sentence=sentence))

    def next_term_end_keep(self) -> None:
        """After its terms moved, the complaint's nearest running end (the worklist's order)."""
        if self.terms_moved:
            running = self.complaint.terms.filter(status=TermStatusChoices.RUNNING)
            nearest = (
                min(self.ends_started, default=None)
                if self.new
                else running.aggregate(end=Min("end_on"))["end"]
            )
            if nearest != self.complaint.next_term_end:
                self.set(next_term_end=nearest)
            self.terms_moved = False

    def refuse_if(self, reason: Message | None) -> None:
        if reason is not None:
            raise TransitionRefused(reason)


def context_for(
    complaint: Complaint, action: Action, actor: Actor, *, new: bool = False
) -> Transition:
    scheme = complaint.procedure.scheme_version.scheme()
    return Transition(
        complaint=complaint,
        action=action,
        actor=actor,
        now=timezone.now(),
        scheme=scheme,
        procedure=scheme.procedure(complaint.procedure.key),
        calendar=complaint.organisation.working_calendar(),
        atw=atw_calendar(),
        new=new,
    )


def complaint_transition(
    complaint: Complaint,
    *,
    action: Action,
    actor: Actor,
    apply: Callable[[Transition], None],
    reason: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """Apply one change to ``complaint`` and record it. Returns the updated complaint.

    ``expected_version`` is the version the person saw; pass it from every form so that
    two people acting on the same complaint cannot both succeed.
    """
    with files_undone_on_failure(), transaction.atomic():
        locked = (
            Complaint.objects.select_for_update()
            .select_related("procedure__scheme_version", "organisation")
            .defer(*scheme_texts("procedure__scheme_version"))
            .get(pk=complaint.pk)
        )
        if expected_version is not None and locked.version != expected_version:
            raise ConcurrentChange
        refusal = check_action(
            action, state=State(locked.state), handling=Handling(locked.handling)
        )
        if refusal is not None:
            raise TransitionRefused(refusal)
        change = context_for(locked, action, actor)
        apply(change)
        change.next_term_end_keep()
        after = state_after(action, State(locked.state))
        if after != locked.state and "state" not in change.fields:
            change.set(state=after.value)
        seen = locked.version
        change.set(version=seen + 1)
        written = Complaint.objects.filter(pk=locked.pk, version=seen).update(
            **{name: getattr(locked, name) for name in change.fields}
        )
        if written != 1:
            raise ConcurrentChange
        append_history(change, reason=reason)
    return locked


def append_history(change: Transition, *, reason: str) -> HistoryEntry:
    """Append the history entry for ``change`` and the messages it calls for."""
    complaint = change.complaint
    last = 0 if change.new else complaint.history.aggregate(last=Max("sequence"))["last"] or 0
    entry = HistoryEntry.objects.create(
        complaint=complaint,
        sequence=last + 1,
        at=change.now,
        actor=change.actor.user,
        actor_name=change.actor.name,
        action=change.action.value,
        reason=reason,
        state=complaint.state,
        step=complaint.step,
        details=change.details,
    )
    messages = OutgoingMessage.objects.bulk_create(
        OutgoingMessage(
            complaint=complaint,
            history_entry=entry,
            recipient=notice.recipient,
            event=notice.event.value if notice.event else "",
            document=str(notice.document or ""),
            sharing=notice.sharing.value,
            contents=[content.value for content in notice.contents],
        )
        for notice in change.notices
    )
    history_appended.send(
        sender=Complaint,
        complaint=complaint,
        entry=entry,
        messages=messages,
        notes=change.notes,
        signer=change.actor.name,
        by_complainant=change.actor.complainant,
    )
    return entry


def next_reference(complaint: Complaint, year: int) -> str:
    """The next reference of the organisation in ``year``. The lock on the year's counter,
    held until the transaction ends, keeps references unique and gapless; the year's
    first takes the organisation's row as its lock, as there is no counter to lock yet."""
    prefix = f"{year}-"
    counters = ReferenceCounter.objects.select_for_update().filter(
        organisation_id=complaint.organisation_id, year=year
    )
    counter = counters.first()
    if counter is None:
        Organisation.objects.select_for_update().only("pk").get(pk=complaint.organisation_id)
        counter = counters.first()  # made by an intake that held the lock before this one
    if counter is None:  # count once what came before this counter
        taken = Complaint.objects.filter(
            organisation=complaint.organisation, reference__startswith=prefix
        ).count()
        counter = ReferenceCounter(organisation=complaint.organisation, year=year, last=taken)
    counter.last += 1
    counter.save()
    return f"{prefix}{counter.last:04d}"


__all__ = [
    "Actor",
    "ConcurrentChange",
    "StaffNote",
    "Transition",
    "TransitionRefused",
    "append_history",
    "complaint_transition",
    "context_for",
]
