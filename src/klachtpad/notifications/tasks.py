"""The hourly round of term reminders and daily digests (mail itself is sent by
``outbox.mail_send``). Each task calls a service."""

from __future__ import annotations

from datetime import datetime, timedelta

from django_tasks import task

from klachtpad.notifications.reminders import digests_send, reminders_send
from klachtpad.rounds import round_plan, round_run, round_task

TICK_EVERY = timedelta(hours=1)


@round_task
@task(queue_name="rounds")
def tick() -> None:
    """Send the reminders and digests that are due, then plan the next round."""

    def work(now: datetime) -> None:
        reminders_send(now)
        digests_send(now)

    round_run(tick, TICK_EVERY, work)


def tick_plan(at: datetime | None = None) -> None:
    """Enqueue the next round unless one is waiting already (one chain, many workers)."""
    round_plan(tick, at)
