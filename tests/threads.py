"""Work started at the same moment on several threads, each on a database connection of
its own (PostgreSQL: real row locks between them)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def all_at_once(work: Callable[[], object], times: int) -> list[BaseException]:
    """Run ``work`` on ``times`` threads let go together; what it raised on any of them."""
    start = threading.Barrier(times)
    failures: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            work()
        except BaseException as failure:
            failures.append(failure)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return failures
