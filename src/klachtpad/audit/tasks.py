"""The hourly checkpoint of the access log's chains (``audit.anchors``)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from klachtpad.audit.anchors import checkpoints_write
from klachtpad.rounds import round_plan

CHECKPOINT_EVERY = timedelta(hours=1)


@task()
def checkpoint_tick() -> None:
    """Write the checkpoints that are due, then plan the next hour."""
    checkpoints_write(timezone.now())
    round_plan(checkpoint_tick, timezone.now() + CHECKPOINT_EVERY)
