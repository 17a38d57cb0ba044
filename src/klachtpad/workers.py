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


# A task that failed because the database went away in the middle of it did not fail:
# it is run again once the database is back.
DATABASE_ERRORS = ("django.db.utils.OperationalError", "django.db.utils.InterfaceError")
DATABASE_RETRY_PAUSE = timedelta(seconds=30)
DATABASE_RETRY_WITHIN = timedelta(days=1)


def tasks_reclaim(lease: timedelta) -> int:
    """Put back in their queue the tasks that have been running longer than ``lease``
    (their worker died) and those that failed because the database went away; returns
    how many. Each update is conditional on the task's state, so two workers
    reclaiming at once take each task back once."""
    now = timezone.now()
    stale = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=now - lease)
    taken = stale.update(status="READY", started_at=None)
    interrupted = DBTaskResult.objects.filter(
        status="FAILED",
        exception_class_path__in=DATABASE_ERRORS,
        finished_at__gte=now - DATABASE_RETRY_WITHIN,
    )
    again = interrupted.update(
        status="READY",
        started_at=None,
        finished_at=None,
        run_after=now + DATABASE_RETRY_PAUSE,
        exception_class_path="",
        traceback="",
    )
    if taken or again:
        logger.warning(
            "took back %s task(s) whose worker stopped and %s cut off by the database",
            taken,
            again,
        )
    return taken + again
