"""The daily purge: files past their retention term that nothing holds lose their
personal data (docs/privacy.md)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task

from klachtpad.retention.services import purge_run
from klachtpad.rounds import round_run, round_task

logger = logging.getLogger(__name__)

PURGE_EVERY = timedelta(days=1)


def _purge(now: datetime) -> None:
    purged = purge_run(timezone.localdate(now))
    logger.info("removed the personal data of %s files past their term", purged)


@round_task
@task(queue_name="rounds")
def purge_tick() -> None:
    """Once a day: purge the files past their term, then plan the next day."""
    round_run(purge_tick, PURGE_EVERY, _purge)
