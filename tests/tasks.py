"""Run enqueued tasks in the test's own connection, as the worker would.

The worker command closes database connections, which a test cannot allow, so tests
call each ready task themselves, in rounds, until none is left (a task may enqueue
another: a mail retried, a letter's PDF).
"""

from __future__ import annotations

from django_tasks_db.models import DBTaskResult


def run_tasks(rounds: int = 10) -> int:
    """Run every task that is due now; returns how many ran."""
    ran = 0
    for _round in range(rounds):
        ready = list(DBTaskResult.objects.ready())
        if not ready:
            break
        for result in ready:
            result.claim("test")  # RUNNING, as a worker marks it
            result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
            result.delete()
            ran += 1
    return ran
