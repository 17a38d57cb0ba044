"""The hourly checkpoint of the access log's chains (``audit.anchors``)."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from klachtpad.audit.anchors import checkpoints_write
from klachtpad.rounds import round_run, round_task

CHECKPOINT_EVERY = timedelta(hours=1)


@round_task
@task(queue_name="rounds")
def checkpoint_tick() -> None:
    """Write the checkpoints that are due, then plan the next hour."""
    round_run(checkpoint_tick, CHECKPOINT_EVERY, checkpoints_write)
