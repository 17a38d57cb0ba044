"""What follows from one change to a complaint, in its own transaction: letters to the
complainant, a mail that there is news, and notifications to staff. The complaints app
announces each change (``complaints.signals.history_appended``); ``history_appended``
below is connected to it when the app is ready."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from klachtpad.complaints.models import Complaint, HistoryEntry, OutgoingMessage, RecipientChoices
from klachtpad.complaints.selectors import officers_for, users_for
from klachtpad.complaints.services.transition import StaffNote
from klachtpad.domain.messages import gettext_noop
from klachtpad.domain.schemes.vocabulary import Event
from klachtpad.domain.workflow import Action
from klachtpad.letters.models import DeliveryChoices
from klachtpad.letters.services import letters_write
from klachtpad.notifications.models import MailDelivery, MailKindChoices, NotificationKindChoices
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
    params = {"reference": complaint.reference}
    letters = letters_write(complaint, entry, messages, signer=signer)
    if any(m.recipient == RecipientChoices.COMPLAINANT for m in messages) and not by_complainant:
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
            staff_notify(
                officers_for(complaint),
                organisation=complaint.organisation,
                kind=NotificationKindChoices.LETTER_TO_POST,
                template=TO_POST,
                params=params,
                complaint=complaint,
            )
    told = []
    for message in messages:
        if message.recipient == RecipientChoices.COMPLAINANT:
            continue
        template = DOCUMENT_SENTENCE if message.document else EVENT_SENTENCES.get(message.event, "")
        if not template:
            continue
        staff_notify(
            users_for(complaint, message.recipient),
            organisation=complaint.organisation,
            kind=NotificationKindChoices.INFORMED,
            template=template,
            params=params,
            complaint=complaint,
        )
        told.append(message.pk)
    OutgoingMessage.objects.filter(pk__in=told).update(sent_at=timezone.now())
    for note in notes:
        staff_notify(
            note.users,
            organisation=complaint.organisation,
            kind=NotificationKindChoices.INFORMED,
            template=note.sentence or EVENT_SENTENCES[note.event.value if note.event else ""],
            params=params,
            complaint=complaint,
        )
    if by_complainant and entry.action in COMPLAINANT_ACTIONS:
        staff_notify(
            officers_for(complaint),
            organisation=complaint.organisation,
            kind=NotificationKindChoices.COMPLAINANT_ACTIVITY,
            template=COMPLAINANT_ACTIONS[entry.action],
            params=params,
            complaint=complaint,
        )


def _status_mail_waiting(complaint: Complaint) -> bool:
    """A link mail not yet sent already tells the complainant to look at the page."""
    return MailDelivery.objects.filter(
        complaint=complaint,
        kind__in=[MailKindChoices.STATUS_LINK, MailKindChoices.NEWS],
        status="queued",
    ).exists()
