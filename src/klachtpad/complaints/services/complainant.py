"""What the complainant does through the status page: add information, ask for a meeting.

Withdrawing and answering the satisfaction question use the same services staff use,
with the complainant as actor; everything lands in the complaint's history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from klachtpad.complaints.models import Complaint
from klachtpad.complaints.services.attachments import (
    attachment_check,
    attachment_store,
    attachments_room,
)
from klachtpad.complaints.services.transition import (
    Actor,
    Transition,
    TransitionRefused,
    complaint_transition,
)
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.workflow import Action


def complainant_actor(complaint: Complaint) -> Actor:
    """The complainant, acting through their private link."""
    return Actor(name=complaint.complainant_name, complainant=True)


def complaint_information_add(
    complaint: Complaint,
    *,
    actor: Actor,
    text: str = "",
    uploads: Iterable[UploadedFile] = (),
) -> Complaint:
    """The complainant adds words, files or both to their complaint."""
    uploads = list(uploads)
    attachments_room(complaint, len(uploads), by_complainant=True)
    files = [(upload, attachment_check(upload)) for upload in uploads]
    if not text.strip() and not files:
        raise TransitionRefused(Message(gettext_noop("Write something or choose a file to send.")))

    def apply(change: Transition) -> None:
        names = [attachment_store(change, *file).name for file in files]
        if names:
            change.record(attachments=names)

    return complaint_transition(
        complaint,
        action=Action.ADD_INFORMATION,
        actor=actor,
        apply=apply,
        reason=text.strip(),
    )


def complaint_meeting_request(complaint: Complaint, *, actor: Actor, wish: str = "") -> Complaint:
    """The complainant asks to talk about the complaint; ``wish`` says when or how."""

    def apply(change: Transition) -> None:
        change.record(via="status page")

    return complaint_transition(
        complaint,
        action=Action.REQUEST_MEETING,
        actor=actor,
        apply=apply,
        reason=wish.strip(),
    )


@dataclass(frozen=True)
class MailFacts:
    """An e-mail being put in a file: who sent it, when the server received it."""

    sender: str
    received_at: datetime
    subject: str
    text: str

    @property
    def received_on(self) -> date:
        """The day of receipt, in the organisation's time zone (a mail of 23:30 UTC in
        winter arrived the next day in the Netherlands)."""
        return timezone.localdate(self.received_at)


def complaint_mail_file(
    complaint: Complaint,
    *,
    actor: Actor,
    mail: MailFacts,
    uploads: Iterable[UploadedFile] = (),
) -> Complaint:
    """An e-mail lands in the file with its files: from the complainant (an answer to
    a mail of ours, threaded by the inbox) as information they added, which only an
    open file takes; put there by staff as a note, in any state. A mail is not a form:
    its files go in as far as the file has room, the rest stays with the mail."""
    uploads = list(uploads)
    room = max(0, settings.KLACHTPAD_FILES_PER_COMPLAINT - complaint.attachments.count())
    files = [(upload, attachment_check(upload)) for upload in uploads[:room]]

    def apply(change: Transition) -> None:
        names = [attachment_store(change, *file).name for file in files]
        change.record(
            via="e-mail",
            mail_from=mail.sender,
            mail_received=mail.received_on.isoformat(),
            subject=mail.subject,
            **({"attachments": names} if names else {}),
            **({"files_not_taken": len(uploads) - len(files)} if len(uploads) > room else {}),
        )

    return complaint_transition(
        complaint,
        action=Action.ADD_INFORMATION if actor.complainant else Action.ADD_NOTE,
        actor=actor,
        apply=apply,
        reason=mail.text.strip(),
    )
