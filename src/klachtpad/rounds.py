"""Rounds: tasks that run on a schedule by planning their own next run.

One chain per round however many workers there are: a round is enqueued only when no
run of it is waiting already.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def round_plan(task: Any, at: datetime | None = None) -> None:
    """Enqueue ``task`` to run at ``at`` (now), unless a run of it is waiting already."""
    waiting = DBTaskResult.objects.filter(task_path=task.module_path, status="READY")
    if not waiting.exists():
        task.using(run_after=at or timezone.now()).enqueue()
