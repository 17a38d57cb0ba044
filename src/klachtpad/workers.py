"""Task workers that outlive faults.

``task_worker`` (the management command) runs django-tasks-db's worker in rounds and
adds what a production queue needs: a database outage pauses the worker and it carries
on when the database is back, instead of ending; and a task whose worker died (killed,
its machine gone) is taken again after the task lease (``tasks_reclaim``). Every task
is written to be run again safely: mail is claimed, report builds and rounds are claimed
with conditional updates, letter PDFs are written once per letter.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def tasks_reclaim(lease: timedelta) -> int:
    """Put tasks that have been running longer than ``lease`` back in their queue;
    returns how many. The update is conditional on the task still running, so two
    workers reclaiming at once take each task back once."""
    stale = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=timezone.now() - lease)
    taken = stale.update(status="READY", started_at=None)
    if taken:
        logger.warning("took back %s task(s) whose worker stopped", taken)
    return taken
