"""What follows from one change to a complaint, in its own transaction: letters to the
complainant, a mail that there is news, and notifications to staff. The complaints app
announces each change (``complaints.signals.history_appended``); ``history_appended``
below is connected to it when the app is ready."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from klachtpad.complaints.models import Complaint, HistoryEntry, OutgoingMessage, RecipientChoices
from klachtpad.complaints.selectors import officers_for, users_for
from klachtpad.complaints.services.transition import StaffNote
from klachtpad.domain.messages import gettext_noop
from klachtpad.domain.schemes.vocabulary import Event
from klachtpad.domain.workflow import Action
from klachtpad.letters.models import DeliveryChoices, Letter
from klachtpad.letters.services import letters_write
from klachtpad.notifications.models import (
    MailDelivery,
    MailKindChoices,
    MailStatusChoices,
    NotificationKindChoices,
)
from klachtpad.notifications.outbox import mail_queue, staff_notify

EVENT_SENTENCES = {
    Event.CONCERN_RECORDED.value: gettext_noop("%(reference)s: a concern was recorded."),
    Event.FORMAL_COMPLAINT.value: gettext_noop("%(reference)s: a formal complaint came in."),
    Event.STEP_CHANGED.value: gettext_noop("%(reference)s: the complaint moved to another step."),
    Event.TERM_EXTENDED.value: gettext_noop("%(reference)s: a term was extended."),
    Event.DECLINED.value: gettext_noop("%(reference)s: the complaint was declined."),
    Event.DECIDED.value: gettext_noop("%(reference)s: a judgement was given."),
    Event.RESOLVED.value: gettext_noop("%(reference)s: the complaint was resolved."),
    Event.CLOSED.value: gettext_noop("%(reference)s: the complaint was closed."),
    Event.TERM_OVERDUE.value: gettext_noop("%(reference)s: a term has passed."),
}
DOCUMENT_SENTENCE = gettext_noop("%(reference)s: a letter was written that you receive a copy of.")

COMPLAINANT_ACTIONS = {
    Action.ADD_INFORMATION.value: gettext_noop("%(reference)s: the complainant added information."),
    Action.REQUEST_MEETING.value: gettext_noop(
        "%(reference)s: the complainant asks for a meeting."
    ),
    Action.WITHDRAW.value: gettext_noop("%(reference)s: the complainant withdrew the complaint."),
    Action.RECORD_SATISFACTION.value: gettext_noop(
        "%(reference)s: the complainant answered the satisfaction question."
    ),
}
TO_POST = gettext_noop("%(reference)s: a letter to the complainant waits to be posted.")


def history_appended(sender: type, signal: Any, **change: Any) -> None:
    """The receiver of ``complaints.signals.history_appended``."""
    messages_dispatch(**change)


def messages_dispatch(
    *,
    complaint: Complaint,
    entry: HistoryEntry,
    messages: list[OutgoingMessage],
    notes: list[StaffNote],
    signer: str,
    by_complainant: bool,
) -> None:
    """Letters, mail and notifications for one history entry; runs in its transaction."""
    letters = letters_write(complaint, entry, messages, signer=signer)
    if any(m.recipient == RecipientChoices.COMPLAINANT for m in messages) and not by_complainant:
        _complainant_told(complaint, entry, letters)
    _staff_told(complaint, messages, notes)
    if by_complainant and entry.action in COMPLAINANT_ACTIONS:
        _inform(
            complaint,
            officers_for(complaint),
            COMPLAINANT_ACTIONS[entry.action],
            kind=NotificationKindChoices.COMPLAINANT_ACTIVITY,
        )


def _complainant_told(complaint: Complaint, entry: HistoryEntry, letters: list[Letter]) -> None:
    """A mail that there is news, unless one waits already; without an address, the
    officers hear that a letter waits to be posted."""
    if complaint.complainant_email:
        if not _status_mail_waiting(complaint):
            mail_queue(
                kind=MailKindChoices.NEWS,
                to=complaint.complainant_email,
                language=complaint.language,
                complaint=complaint,
                history_entry=entry,
            )
    elif any(letter.delivery == DeliveryChoices.POST for letter in letters):
        _inform(
            complaint, officers_for(complaint), TO_POST, kind=NotificationKindChoices.LETTER_TO_POST
        )


def _staff_told(
    complaint: Complaint, messages: list[OutgoingMessage], notes: list[StaffNote]
) -> None:
    """The staff the scheme's messages go to, and those the change asked to tell."""
    told = []
    for message in messages:
        if message.recipient == RecipientChoices.COMPLAINANT:
            continue
        template = DOCUMENT_SENTENCE if message.document else EVENT_SENTENCES.get(message.event, "")
        if template:
            _inform(complaint, users_for(complaint, message.recipient), template)
            told.append(message.pk)
    OutgoingMessage.objects.filter(pk__in=told).update(sent_at=timezone.now())
    for note in notes:
        _inform(complaint, note.users, note.sentence or EVENT_SENTENCES[note.event or ""])


def _inform(
    complaint: Complaint,
    users: Iterable[User],
    template: str,
    *,
    kind: NotificationKindChoices = NotificationKindChoices.INFORMED,
) -> None:
    staff_notify(
        users,
        organisation=complaint.organisation,
        kind=kind,
        template=template,
        params={"reference": complaint.reference},
        complaint=complaint,
    )


def _status_mail_waiting(complaint: Complaint) -> bool:
    """A link mail not yet sent already tells the complainant to look at the page."""
    return MailDelivery.objects.filter(
        complaint=complaint,
        kind__in=[MailKindChoices.STATUS_LINK, MailKindChoices.NEWS],
        status__in=[MailStatusChoices.QUEUED, MailStatusChoices.SENDING],
    ).exists()
