"""Reading the mailboxes and handling what came in. Each state change is one service.

Reading (``mailbox_read``) takes a mailbox for a while (a conditional update, so two
workers never read one mailbox at once and a dead worker's claim lapses), then takes
each waiting mail: stored first (message, item, and what it leads to, in one
transaction), moved out of the folder after. A worker that dies between the two finds
the mail stored the next time and only moves it; the unique UID and Message-ID make a
second store impossible either way.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from klachtpad.accounts.sealing import seal, unseal
from klachtpad.complaints.models import Complaint
from klachtpad.complaints.services import Actor, TransitionRefused
from klachtpad.complaints.services.attachments import attachment_name, attachment_type
from klachtpad.complaints.services.complainant import MailFacts, complaint_mail_file
from klachtpad.complaints.services.files import file_written
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.vocabulary import Handling
from klachtpad.domain.workflow import Action, State, check_action
from klachtpad.inbox import selectors
from klachtpad.inbox.imap import (
    Connection,
    MailboxError,
    Secrets,
    oauth_access_token,
    oauth_code_exchange,
)
from klachtpad.inbox.models import (
    AfterChoices,
    CannedText,
    DismissalChoices,
    InboxItem,
    ItemKindChoices,
    ItemStatusChoices,
    Mailbox,
    SignInChoices,
)
from klachtpad.inbox.parsing import (
    OWN_MESSAGE_ID,
    TEXT_LIMIT,
    Kind,
    Parsed,
    address_of,
    mail_parse,
)
from klachtpad.notifications.models import MailDelivery, MailKindChoices
from klachtpad.notifications.outbox import mail_bounced, mail_queue

logger = logging.getLogger(__name__)


def mailbox_faults(mailbox: Mailbox, *, secret: str = "") -> dict[str, Message]:
    """What would keep ``mailbox`` from being read, per setting; empty when none."""
    faults: dict[str, Message] = {}
    oauth = mailbox.sign_in == SignInChoices.OAUTH2
    if oauth and not (mailbox.oauth_token_url and mailbox.oauth_client_id):
        faults["oauth_token_url"] = Message(
            gettext_noop("OAuth 2.0 needs the token address and the client id.")
        )
    same = mailbox.done_folder.strip().lower() == mailbox.folder.strip().lower()
    if mailbox.after == AfterChoices.MOVE and same:
        faults["done_folder"] = Message(
            gettext_noop("Read mail must go to another folder than it came from.")
        )
    # A password or refresh token, unless the admin signs in at the provider for one.
    if not (secret or mailbox.secret_sealed or (oauth and mailbox.oauth_authorize_url)):
        faults["secret"] = Message(gettext_noop("Fill in the password or refresh token."))
    return faults


def mailbox_save(mailbox: Mailbox, *, secret: str = "", client_secret: str = "") -> Mailbox:
    """Keep a mailbox's settings; a secret given anew is sealed, an empty one kept.
    Refused with the reasons when it could not be read as it is."""
    faults = mailbox_faults(mailbox, secret=secret)
    if faults:
        raise TransitionRefused(*faults.values())
    if secret:
        mailbox.secret_sealed = seal(secret.encode())
    if client_secret:
        mailbox.oauth_client_secret_sealed = seal(client_secret.encode())
    mailbox.last_error = ""
    mailbox.save()
    return mailbox


def _secrets(mailbox: Mailbox) -> Secrets:
    return Secrets(
        secret=unseal(mailbox.secret_sealed).decode() if mailbox.secret_sealed else "",
        client_secret=(
            unseal(mailbox.oauth_client_secret_sealed).decode()
            if mailbox.oauth_client_secret_sealed
            else ""
        ),
    )


def _connection(mailbox: Mailbox) -> Connection:
    """A connection to open with ``with``; for OAuth 2.0 a fresh access token first, and
    a rotated refresh token kept."""
    secrets = _secrets(mailbox)
    if mailbox.sign_in != SignInChoices.OAUTH2:
        return Connection(mailbox, secrets)
    token, refresh = oauth_access_token(mailbox, secrets)
    if refresh != secrets.secret:
        Mailbox.objects.filter(pk=mailbox.pk).update(secret_sealed=seal(refresh.encode()))
    return Connection(mailbox, secrets, token)


def mailbox_check(mailbox: Mailbox) -> int:
    """Sign in and count the mail waiting; raises ``MailboxError`` with the server's words."""
    with _connection(mailbox) as box:
        return len(box.waiting())


def mailbox_oauth_finish(mailbox: Mailbox, *, code: str, back_to: str, verifier: str) -> None:
    """Keep the refresh token the provider gave after the admin agreed there."""
    refresh = oauth_code_exchange(
        mailbox, _secrets(mailbox), code=code, back_to=back_to, verifier=verifier
    )
    mailbox_save(mailbox, secret=refresh)


@dataclass
class Reading:
    taken: int = 0  # stored now
    moved: int = 0  # stored before (by another run) and only moved now
    error: str = ""


def _claim(mailbox_id: int) -> bool:
    now = timezone.now()
    return bool(
        Mailbox.objects.filter(pk=mailbox_id, active=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + settings.KLACHTPAD_TASK_LEASE)
    )


def mailbox_read(mailbox_id: int) -> Reading | None:
    """Take the mail waiting in one mailbox (at most KLACHTPAD_INBOX_BATCH); None when
    another worker is reading it."""
    if not _claim(mailbox_id):
        return None
    mailbox = Mailbox.objects.select_related("organisation").get(pk=mailbox_id)
    reading = Reading()
    try:
        with _connection(mailbox) as box:
            for uid in box.waiting()[: settings.KLACHTPAD_INBOX_BATCH]:
                if _take(box, uid):
                    reading.taken += 1
                else:
                    reading.moved += 1
                Mailbox.objects.filter(pk=mailbox_id).update(
                    claimed_until=timezone.now() + settings.KLACHTPAD_TASK_LEASE
                )
    except MailboxError as error:
        reading.error = str(error)[:500]
        logger.warning("mailbox %s: %s", mailbox_id, reading.error)
    except Exception as error:  # storage or database away: the mail waits on the server
        reading.error = f"{type(error).__name__}: {error}"[:500]
        raise
    finally:
        Mailbox.objects.filter(pk=mailbox_id).update(
            claimed_until=None, last_read_at=timezone.now(), last_error=reading.error
        )
    return reading


def _take(box: Connection, uid: int) -> bool:
    """Store one mail unless it is stored already, then move it out; True when stored now."""
    mailbox = box.mailbox
    kept = InboxItem.objects.filter(mailbox=mailbox, uidvalidity=box.uidvalidity, uid=uid)
    stored = False
    if not kept.exists():
        envelope = box.envelope(uid)
        if envelope is None:
            return False  # taken away meanwhile (by a person, or another reader)
        too_large = envelope.size > settings.KLACHTPAD_INBOX_MAX_BYTES
        stored = mail_take(
            Arrival(mailbox, box.uidvalidity, uid, envelope.received_at, envelope.size),
            box.fetch(uid, headers_only=too_large),
            too_large=too_large,
        )
    box.done(uid)
    return stored


@dataclass(frozen=True)
class Arrival:
    """Where and when a mail was found: its mailbox and folder's UIDVALIDITY, its UID,
    the server's moment of receipt and its size."""

    mailbox: Mailbox
    uidvalidity: int
    uid: int
    received_at: datetime
    size: int


def mail_take(arrival: Arrival, raw: bytes, *, too_large: bool = False) -> bool:
    """Keep one mail (``raw``: the whole message, or only its header when it is too
    large) and do what it leads to; False when it was kept before."""
    parsed = _parsed(raw, too_large)
    mailbox = arrival.mailbox
    if (
        parsed.message_id
        and InboxItem.objects.filter(mailbox=mailbox, message_id=parsed.message_id).exists()
    ):
        return False  # the same mail again (put back in the folder, or sent twice)
    item = InboxItem(
        organisation=mailbox.organisation,
        mailbox=mailbox,
        uidvalidity=arrival.uidvalidity,
        uid=arrival.uid,
        message_id=parsed.message_id,
        received_at=arrival.received_at,
        from_name=parsed.from_name,
        from_address=parsed.from_address,
        to=parsed.to,
        subject=parsed.subject,
        answers=list(parsed.in_reply_to),
        text=parsed.text,
        size=arrival.size,
        parts=[_judged(part.name, part.data) for part in parsed.parts],
        kind=ItemKindChoices.TOO_LARGE if too_large else _kind(mailbox, parsed),
        status=ItemStatusChoices.OPEN,
    )
    name = f"{hashlib.sha256(raw).hexdigest()[:16]}.eml"
    item.raw.save(name, ContentFile(raw), save=False)
    file_written(item.raw.storage, item.raw.name or "")
    try:
        with transaction.atomic():
            item.save()
            _route(item, parsed)
    except IntegrityError:
        item.raw.storage.delete(item.raw.name or "")
        return False  # stored by another worker a moment ago
    return True


def _parsed(raw: bytes, headers_only: bool) -> Parsed:
    """The mail read as far as it can be: a message the parser stumbles over is kept
    by its header, or as it came, for the officer to read; it never stops the mailbox."""
    try:
        return mail_parse(raw, headers_only=headers_only)
    except Exception:  # any of the many ways a message can be broken
        logger.warning("a mail could not be read in full", exc_info=True)
    try:
        return mail_parse(raw, headers_only=True)
    except Exception:
        logger.warning("a mail's header could not be read", exc_info=True)
    return Parsed(
        kind=Kind.MAIL,
        message_id="",
        in_reply_to=(),
        from_name="",
        from_address="",
        to="",
        subject="",
        text=raw[:TEXT_LIMIT].decode("utf-8", "replace"),
    )


def _kind(mailbox: Mailbox, parsed: Parsed) -> ItemKindChoices:
    """Ours, sent back to us (a loop), is recorded and never answered or threaded."""
    ours = {mailbox.address.lower(), address_of(settings.DEFAULT_FROM_EMAIL)}
    if parsed.kind is Kind.BOUNCE:
        return ItemKindChoices.BOUNCE
    if parsed.kind is Kind.AUTO_REPLY:
        return ItemKindChoices.AUTO_REPLY
    if parsed.from_address in ours:
        return ItemKindChoices.OWN
    return ItemKindChoices.MAIL


def _judged(name: str, data: bytes) -> dict[str, object]:
    """A file of the mail judged as an upload is: by size and by content."""
    upload = SimpleUploadedFile(name or "bijlage", data)
    found: dict[str, object] = {"name": name[:200], "size": len(data), "type": ""}
    if len(data) > settings.KLACHTPAD_ATTACHMENT_MAX_BYTES:
        found["refused"] = "too_large"
    elif not data:
        found["refused"] = "empty"
    else:
        content_type = attachment_type(upload)
        if content_type is None:
            found["refused"] = "kind"
        else:
            found |= {"type": content_type, "name": attachment_name(name, content_type)}
    return found


def _route(item: InboxItem, parsed: Parsed) -> None:
    """What the mail leads to, in the transaction that stores it."""
    if item.kind == ItemKindChoices.BOUNCE:
        _bounced(item, parsed)
    elif item.kind in (ItemKindChoices.AUTO_REPLY, ItemKindChoices.OWN):
        item.status = ItemStatusChoices.RECORDED
        item.save(update_fields=["status"])
    elif item.kind == ItemKindChoices.TOO_LARGE:
        item.note = "too_large"
        item.save(update_fields=["note"])
    else:
        _thread(item, parsed)


def _bounced(item: InboxItem, parsed: Parsed) -> None:
    bounce = parsed.bounce
    assert bounce is not None  # noqa: S101 - a bounce has its report
    own = [int(found) for found in OWN_MESSAGE_ID.findall(bounce.message_id)]
    delivery = selectors.delivery_of(item.organisation, own[0]) if own else None
    item.status = ItemStatusChoices.RECORDED
    if delivery is not None:
        reason = " ".join(filter(None, ["bounced", bounce.status, bounce.diagnostic]))
        mail_bounced(delivery, reason)
        item.complaint = delivery.complaint
        item.note = f"{delivery.to} {bounce.status}".strip()[:300]
    item.save(update_fields=["status", "complaint", "note"])


def _thread(item: InboxItem, parsed: Parsed) -> None:
    """A mail that answers ours, or names a file in its subject, goes into that file,
    but only when its sender is part of the file; otherwise it waits in the inbox."""
    organisation = item.organisation
    complaint = selectors.answered_complaint(organisation, parsed.own_ids())
    complaint = complaint or selectors.complaint_named(organisation, parsed.references())
    if complaint is None:
        return
    if item.from_address not in selectors.addresses_of(complaint):
        item.note = "not_part:" + complaint.reference
        item.save(update_fields=["note"])
        return
    actor = Actor(name=item.from_name or item.from_address, complainant=True)
    try:
        with transaction.atomic():
            complaint_mail_file(complaint, actor=actor, mail=mail_facts(item), uploads=_files(item))
    except TransitionRefused:
        # A file past handling takes nothing by itself; nor does one that refuses it now.
        closed = check_action(
            Action.ADD_INFORMATION,
            state=State(complaint.state),
            handling=Handling(complaint.handling),
        )
        item.note = ("closed:" if closed else "refused:") + complaint.reference
        item.save(update_fields=["note"])
        return
    item.complaint = complaint
    item.status = ItemStatusChoices.THREADED
    item.save(update_fields=["complaint", "status"])


def mail_facts(item: InboxItem) -> MailFacts:
    return MailFacts(
        sender=item.from_address, received_at=item.received_at, subject=item.subject, text=item.text
    )


def _files(item: InboxItem) -> Iterator[UploadedFile]:
    """The mail's files that may be kept, read again from the message as it came."""
    if not item.raw or not any(part.get("type") for part in item.parts):
        return
    with item.raw.open("rb") as kept:
        parsed = mail_parse(kept.read())
    for judged, part in zip(item.parts, parsed.parts, strict=False):
        if judged.get("type"):
            yield SimpleUploadedFile(str(judged["name"]), part.data, str(judged["type"]))


def item_raw(item: InboxItem) -> bytes:
    with item.raw.open("rb") as kept:
        return bytes(kept.read())


def _handled(item: InboxItem, actor: Actor) -> InboxItem:
    """The item locked, refused when someone handled it meanwhile."""
    locked = InboxItem.objects.select_for_update().get(pk=item.pk)
    if locked.status != ItemStatusChoices.OPEN:
        raise TransitionRefused(
            Message(gettext_noop("Someone else has handled this mail already; see the inbox."))
        )
    locked.handled_by = actor.user
    locked.handled_at = timezone.now()
    return locked


def _put_in_file(
    item: InboxItem, complaint: Complaint, actor: Actor, status: ItemStatusChoices
) -> InboxItem:
    locked = _handled(item, actor)
    complaint_mail_file(complaint, actor=actor, mail=mail_facts(locked), uploads=_files(locked))
    locked.complaint = complaint
    locked.status = status
    locked.save(update_fields=["complaint", "status", "handled_by", "handled_at"])
    return locked


@transaction.atomic
def item_registered(item: InboxItem, complaint: Complaint, *, actor: Actor) -> InboxItem:
    """The mail became ``complaint`` (registered from it in the caller's transaction):
    its files go with it, and so does its text, as the complaint's first mail."""
    return _put_in_file(item, complaint, actor, ItemStatusChoices.REGISTERED)


@transaction.atomic
def item_attach(item: InboxItem, complaint: Complaint, *, actor: Actor) -> InboxItem:
    """Staff put the mail in an existing file, as a note with its files."""
    return _put_in_file(item, complaint, actor, ItemStatusChoices.ATTACHED)


@transaction.atomic
def item_dismiss(
    item: InboxItem, *, actor: Actor, dismissal: DismissalChoices, reason: str
) -> InboxItem:
    """Not for a file: spam, not a complaint, sent on elsewhere, a repeat; with a reason."""
    if not reason.strip() and dismissal != DismissalChoices.SPAM:
        raise TransitionRefused(Message(gettext_noop("Say why this mail needs no file.")))
    locked = _handled(item, actor)
    locked.status = ItemStatusChoices.DISMISSED
    locked.dismissal = dismissal.value
    locked.dismissal_reason = reason.strip()
    locked.save(
        update_fields=["status", "dismissal", "dismissal_reason", "handled_by", "handled_at"]
    )
    return locked


def reply_subject(complaint: Complaint, answers: InboxItem | None, fallback: str) -> str:
    """The subject a reply starts with: the mail it answers ("Re: ..."), or
    ``fallback``; with the file's reference, by which the answer to it comes back."""
    subject = (answers.subject if answers else "") or fallback
    if complaint.reference not in subject:
        subject = f"{subject} [{complaint.reference}]"
    if answers and not subject.lower().startswith("re:"):
        subject = f"Re: {subject}"
    return subject


def reply_send(
    complaint: Complaint,
    *,
    actor: Actor,
    to: str,
    subject: str,
    text: str,
    answers: InboxItem | None = None,
) -> MailDelivery:
    """A mail staff write from the file, sent through the outbox and kept with the file;
    it answers the mail ``answers`` (threaded by its Message-ID) where one is given."""
    if not text.strip() or not subject.strip():
        raise TransitionRefused(Message(gettext_noop("Write a subject and a text.")))
    if to.strip().lower() not in selectors.reply_addresses(complaint):
        raise TransitionRefused(
            Message(gettext_noop("Mail from the file goes only to addresses in the file."))
        )
    references = [*reversed(answers.answers), answers.message_id] if answers else []
    with transaction.atomic():
        delivery = mail_queue(
            kind=MailKindChoices.REPLY,
            to=to.strip(),
            language=complaint.language,
            complaint=complaint,
            user=actor.user,
            facts={
                "subject": subject.strip()[:300],
                "text": text.strip(),
                "by": actor.name,
                "in_reply_to": answers.message_id if answers else "",
                "references": " ".join(filter(None, references))[:2000],
            },
        )
    return delivery


def canned_text_save(text: CannedText) -> CannedText:
    text.full_clean()
    text.save()
    return text


def canned_text_remove(text: CannedText) -> None:
    text.delete()


def items_tidy(now: datetime) -> int:
    """Mail that needed no file (dismissed, automatic, returned) is removed after
    KLACHTPAD_INBOX_KEEP_DAYS; mail in a file goes with the file (retention)."""
    before = now - timedelta(days=settings.KLACHTPAD_INBOX_KEEP_DAYS)
    gone = InboxItem.objects.filter(complaint__isnull=True, stored_at__lt=before).exclude(
        status=ItemStatusChoices.OPEN
    )
    return items_remove(gone)


def items_remove(items: QuerySet[InboxItem]) -> int:
    """Remove these items and the messages they keep (the purge of a file, the tidy)."""
    rows = list(items.select_for_update())
    names = [item.raw.name for item in rows if item.raw]
    InboxItem.objects.filter(pk__in=[item.pk for item in rows]).delete()
    storage = InboxItem._meta.get_field("raw").storage

    def remove_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return len(rows)
