"""The inbox round: every few minutes one task per mailbox to read (so many workers
read many mailboxes at once), and once a day the tidy of mail that needed no file."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django_tasks import task

from klachtpad.inbox.selectors import mailboxes_to_read
from klachtpad.inbox.services import items_tidy, mailbox_read
from klachtpad.rounds import round_run, round_task


@task(queue_name="inbox")
def mailbox_read_task(mailbox_id: int) -> None:
    """Read one mailbox; another worker reading it already makes this one do nothing."""
    mailbox_read(mailbox_id)


@round_task
@task(queue_name="rounds")
def inbox_tick() -> None:
    """Plan a reading of each mailbox in use, and tidy, then plan the next round."""

    def work(now: datetime) -> None:
        for mailbox_id in mailboxes_to_read().values_list("pk", flat=True):
            mailbox_read_task.enqueue(mailbox_id)
        items_tidy(now)

    round_run(inbox_tick, timedelta(minutes=settings.KLACHTPAD_INBOX_EVERY_MINUTES), work)
