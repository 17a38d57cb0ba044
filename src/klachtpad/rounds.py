"""Rounds: tasks that run on a schedule by planning their own next run.

One chain per round however many workers there are: a round is enqueued only when no
run of it is waiting already; a run first takes the round (``round_claim``), so a second
run planned at the same time does nothing; and the next run is planned whatever happens
in this one (``round_run``), so one failing round never ends the chain.

An app names its rounds with ``@round_task`` in its ``tasks`` module; ``rounds_start``
plans every round so named (``rounds_known``), whichever app it belongs to.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks_db.models import DBTaskResult

from klachtpad.organisations.models import RoundClaim

logger = logging.getLogger(__name__)


_ROUNDS: list[Any] = []


def round_task(task: Any) -> Any:
    """Name ``task`` (a task that ends with ``round_run``) a round that ``rounds_start``
    plans."""
    _ROUNDS.append(task)
    return task


def rounds_known() -> list[Any]:
    """Every round an app named, once the apps' ``tasks`` modules are loaded."""
    autodiscover_modules("tasks")
    return list(_ROUNDS)


def round_plan(task: Any, at: datetime | None = None) -> None:
    """Enqueue ``task`` to run at ``at`` (now), unless a run of it is waiting already."""
    waiting = DBTaskResult.objects.filter(task_path=task.module_path, status="READY")
    if not waiting.exists():
        task.using(run_after=at or timezone.now()).enqueue()


def round_claim(name: str, hold: timedelta) -> bool:
    """Take the round ``name`` for ``hold``; False when another run holds it."""
    now = timezone.now()
    try:
        with transaction.atomic():
            RoundClaim.objects.get_or_create(name=name, defaults={"held_until": now})
    except IntegrityError:
        pass  # created by another run just now
    return bool(
        RoundClaim.objects.filter(name=name, held_until__lte=now).update(held_until=now + hold)
    )


def round_run(task: Any, every: timedelta, work: Callable[[datetime], object]) -> None:
    """Do one round's ``work`` once, then plan the next run ``every`` later, also when
    the work failed (the failure is logged and re-raised, so the task shows it)."""
    now = timezone.now()
    try:
        if round_claim(task.module_path, every / 2):
            work(now)
        else:
            logger.info("round %s: held by another run", task.module_path)
    finally:
        round_plan(task, now + every)
