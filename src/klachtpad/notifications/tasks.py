"""Background work: send one mail (the attempt is ``notifications.delivery``'s), and the
hourly round of term reminders and daily digests. Each task calls a service."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task

from klachtpad.notifications.delivery import mail_attempt
from klachtpad.notifications.reminders import digests_send, reminders_send
from klachtpad.rounds import round_plan

TICK_EVERY = timedelta(hours=1)


@task()
def mail_send(delivery_id: int) -> None:
    """Send one queued mail (``delivery.mail_attempt``); after a passing failure the
    same task runs again at the moment the attempt planned."""

    def again(at: datetime) -> None:
        mail_send.using(run_after=at).enqueue(delivery_id)

    mail_attempt(delivery_id, retry=again)


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
