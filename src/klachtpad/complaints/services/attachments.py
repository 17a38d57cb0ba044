"""Attachments: checked by what the file holds, kept privately with the complaint.

The type a browser sends and the file's name are both chosen by the sender; neither is
trusted. The first bytes decide (``filetype``); plain text and e-mails, which have no
signature, are accepted when they decode as text and hold no control bytes.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from klachtpad.complaints.models import Attachment, Complaint
from klachtpad.complaints.services.files import file_written
from klachtpad.complaints.services.transition import (
    Actor,
    Transition,
    TransitionRefused,
    complaint_transition,
)
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.workflow import Action


@dataclass(frozen=True)
class Kind:
    content_type: str
    description: str
    extensions: tuple[str, ...]  # the first is the one a kept file gets


# What a person may send, recognised by content. The order is the order shown.
KINDS: tuple[Kind, ...] = (
    Kind("application/pdf", "PDF", ("pdf",)),
    Kind("image/jpeg", "JPG", ("jpg", "jpeg")),
    Kind("image/png", "PNG", ("png",)),
    Kind("image/heic", "HEIC", ("heic",)),
    Kind("application/msword", "DOC", ("doc",)),
    Kind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "DOCX",
        ("docx",),
    ),
    Kind("application/vnd.oasis.opendocument.text", "ODT", ("odt",)),
    Kind("text/plain", "TXT", ("txt",)),
    Kind("message/rfc822", "EML", ("eml",)),
)
logger = logging.getLogger(__name__)
NAME_LENGTH = 80  # characters of a kept file's name before its extension


def attachment_name(sent: str, content_type: str) -> str:
    """The name a file is kept and shown under: without control or direction-changing
    characters (a right-to-left override makes "fdp.exe" read "exe.pdf"), without
    folders, at most ``NAME_LENGTH`` characters, and with the extension of the type its
    content was judged to be ("report.pdf.exe" that is a PDF becomes
    "report-pdf-exe.pdf")."""
    kind = next(kind for kind in KINDS if kind.content_type == content_type)
    text = unicodedata.normalize("NFC", sent)
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))
    text = text.replace("/", "-").replace("\\", "-")
    stem, dot, extension = text.rpartition(".")
    if not dot or extension.lower() not in kind.extensions:
        stem = text
    stem = " ".join(stem.replace(".", "-").split()).strip(" -")[:NAME_LENGTH] or "bijlage"
    return f"{stem}.{kind.extensions[0]}"


ACCEPTED = frozenset(kind.content_type for kind in KINDS)
TEXT_SUFFIXES = {".txt": "text/plain", ".eml": "message/rfc822"}
# Browsers pick files by suffix; this list only helps them, the content decides.
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,.heic,.doc,.docx,.odt,.txt,.eml"
SNIFF_BYTES = 8192


def attachment_limit_mb() -> int:
    return int(settings.KLACHTPAD_ATTACHMENT_MAX_BYTES // 2**20)


def attachment_kinds_text() -> str:
    """ "PDF, JPG, …" for the sentence that tells people what they may send."""
    return ", ".join(kind.description for kind in KINDS)


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # The first bytes may end inside a character; Latin-1 text is fine as well.
        text = head.decode("latin-1")
    return all(ch.isprintable() or ch in "\r\n\t\f" for ch in text)


def attachment_type(upload: UploadedFile) -> str | None:
    """The file's type judged by its content, or None when it is not one we accept."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    found = filetype.guess_mime(head)
    if found is not None:
        return found if found in ACCEPTED else None
    suffix = "." + (upload.name or "").rsplit(".", 1)[-1].lower()
    if suffix in TEXT_SUFFIXES and _looks_like_text(head):
        return TEXT_SUFFIXES[suffix]
    return None


def attachment_check(upload: UploadedFile) -> str:
    """Refuse a file that is too large, empty or of a type we do not keep; else its type."""
    name = upload.name or ""
    size = upload.size or 0
    if size > settings.KLACHTPAD_ATTACHMENT_MAX_BYTES:
        raise TransitionRefused(
            Message(
                gettext_noop("%(name)s is too large: at most %(limit)s MB per file."),
                {"name": name, "limit": attachment_limit_mb()},
            )
        )
    if size == 0:
        raise TransitionRefused(Message(gettext_noop("%(name)s is empty."), {"name": name}))
    content_type = attachment_type(upload)
    if content_type is None:
        raise TransitionRefused(
            Message(
                gettext_noop("%(name)s cannot be kept. Send one of these kinds: %(kinds)s."),
                {"name": name, "kinds": attachment_kinds_text()},
            )
        )
    return content_type


def attachments_room(
    complaint: Complaint | None, count: int, *, by_complainant: bool = False
) -> None:
    """Refuse more files than one sending, one complaint or (for the complainant, whose
    pages need no sign-in) one hour may bring; each file is checked on its own too."""
    if count > settings.KLACHTPAD_FILES_PER_SENDING:
        raise TransitionRefused(
            Message(
                gettext_noop("Send at most %(limit)s files at a time."),
                {"limit": settings.KLACHTPAD_FILES_PER_SENDING},
            )
        )
    if complaint is None or count == 0:
        return
    kept = complaint.attachments.count()
    if kept + count > settings.KLACHTPAD_FILES_PER_COMPLAINT:
        raise TransitionRefused(
            Message(
                gettext_noop(
                    "A complaint keeps at most %(limit)s files; %(kept)s are kept already. "
                    "Send the rest by post or ask the complaints officer."
                ),
                {"limit": settings.KLACHTPAD_FILES_PER_COMPLAINT, "kept": kept},
            )
        )
    if by_complainant:
        since = timezone.now() - timedelta(hours=1)
        recent = complaint.attachments.filter(added_at__gte=since).count()
        if recent + count > settings.KLACHTPAD_FILES_PER_HOUR:
            raise TransitionRefused(
                Message(
                    gettext_noop(
                        "You sent many files in the last hour. Try again in an hour; what "
                        "you wrote is kept on this page."
                    )
                )
            )


def attachment_store(change: Transition, upload: UploadedFile, content_type: str) -> Attachment:
    """Keep the file with the complaint being changed (inside its transition)."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = attachment_name(upload.name or "", content_type)
    attachment = Attachment(
        complaint=change.complaint,
        name=name,
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        added_by=change.actor.name,
    )
    try:
        attachment.file.save(name, upload, save=False)
    except Exception as error:  # disk full, folder not writable, object storage away
        logger.exception("attachment %s not stored", name)
        raise TransitionRefused(
            Message(
                gettext_noop(
                    "Your files could not be kept just now, so nothing was sent. Try again "
                    "in a few minutes; what you typed is still here."
                )
            )
        ) from error
    file_written(attachment.file.storage, attachment.file.name or "")
    attachment.save()
    return attachment


def complaint_attachment_add(
    complaint: Complaint,
    *,
    actor: Actor,
    upload: UploadedFile,
    expected_version: int | None = None,
) -> Complaint:
    """Keep a file with the complaint, privately; refused when too large or of an odd type."""
    attachments_room(complaint, 1)
    content_type = attachment_check(upload)

    def apply(change: Transition) -> None:
        attachment = attachment_store(change, upload, content_type)
        change.record(attachment=attachment.name, sha256=attachment.sha256)

    return complaint_transition(
        complaint,
        action=Action.AMEND,
        actor=actor,
        apply=apply,
        expected_version=expected_version,
    )
