"""Mail written to files instead of sent (development and the demo): one file per
message, named after its Message-ID, so that the retention purge can remove the mail of
a file it removes (``mail_files_remove``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.message import make_msgid

_UNSAFE = re.compile(r"[^A-Za-z0-9@._-]")


def mail_file_path(message_id: str) -> Path:
    return Path(settings.EMAIL_FILE_PATH) / f"{_UNSAFE.sub('', message_id)}.eml"


class EmailBackend(FileBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            message_id = message.extra_headers.get("Message-ID") or make_msgid()
            message.extra_headers["Message-ID"] = message_id
            mail_file_path(message_id).write_bytes(message.message().as_bytes())
            sent += 1
        return sent


def mail_files_remove(message_ids: Iterable[str]) -> int:
    """Remove the files of these messages, where mail is written to files; the number
    removed."""
    if f"{__name__}.EmailBackend" != settings.EMAIL_BACKEND:
        return 0
    removed = 0
    for message_id in message_ids:
        path = mail_file_path(message_id)
        if path.exists():
            path.unlink()
            removed += 1
    return removed
