"""The hourly round of term reminders and daily digests (mail itself is sent by
``outbox.mail_send``). Each task calls a service."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task

from klachtpad.notifications.reminders import digests_send, reminders_send
from klachtpad.rounds import round_plan

TICK_EVERY = timedelta(hours=1)


@task()
def tick() -> None:
    """Send the reminders and digests that are due, then plan the next round."""
    now = timezone.now()
    reminders_send(now)
    digests_send(now)
    tick_plan(now + TICK_EVERY)


def tick_plan(at: datetime | None = None) -> None:
    """Enqueue the next round unless one is waiting already (one chain, many workers)."""
    round_plan(tick, at)
