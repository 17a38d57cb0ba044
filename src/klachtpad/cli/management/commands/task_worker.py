"""Run background tasks: django-tasks-db's worker, made to outlive faults
(``klachtpad.workers``). Run several, on any number of machines, against one database;
give each the queues it serves (all by default)."""

from __future__ import annotations

import logging
import os
import socket
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import InterfaceError, OperationalError, close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

from klachtpad.workers import tasks_reclaim

logger = logging.getLogger("klachtpad.workers")
LONGEST_PAUSE = 30.0  # seconds between tries while the database is away


class Command(BaseCommand):
    help = (
        "Run background tasks; pause while the database is away; take back the tasks of "
        "workers that died."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue-name",
            action="append",
            dest="queues",
            help="A queue to serve (repeat for more); all queues when left out.",
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks when idle."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        queues = options["queues"] or list(settings.TASK_QUEUES)
        worker = Worker(
            queue_names=queues,
            interval=options["interval"],
            batch=True,  # return when idle, so that this loop reclaims and sleeps
            backend_name="default",
            startup_delay=True,
            max_tasks=None,
            worker_id=f"{socket.gethostname()}-{os.getpid()}"[:64],
            excluded_queue_names=[],
        )
        worker.configure_signals()
        logger.info("task worker for %s", ", ".join(queues))
        pause = 1.0
        while worker.running:
            try:
                tasks_reclaim(settings.KLACHTPAD_TASK_LEASE)
                worker.run()
                worker.startup_delay = False  # once, against a thundering herd at start
                pause = 1.0
            except (OperationalError, InterfaceError) as error:
                logger.warning("database unavailable (%s); trying again in %ss", error, pause)
                close_old_connections()
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
                continue
            close_old_connections()
            time.sleep(options["interval"])
