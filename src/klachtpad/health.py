"""Health endpoints for the orchestrator and the proxy.

``/health/live``: the process answers (restart it when it does not).
``/health/ready``: it can serve: the database answers, every file storage answers, and
how long the oldest task that may run has been waiting (queue lag). Lag alone makes a
process unready only above ``KLACHTPAD_HEALTH_MAX_QUEUE_LAG_MIN`` (0: never), since a
web process cannot fix a stalled worker.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)
FILE_STORAGES = ("attachments", "letters", "anchors")


@never_cache
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _storages() -> None:
    for name in FILE_STORAGES:
        storages[name].exists("health-check")


def _queue_lag_seconds() -> float:
    oldest = (
        DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True)
    ).first()
    return (timezone.now() - oldest).total_seconds() if oldest else 0.0


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    checks: dict[str, Any] = {}
    healthy = True
    for name, check in (("database", _database), ("storage", _storages)):
        try:
            check()
            checks[name] = "ok"
        except Exception as error:
            logger.warning("health: %s failed: %s", name, type(error).__name__)
            checks[name] = "failing"
            healthy = False
    if checks["database"] == "ok":
        lag = _queue_lag_seconds()
        checks["queue_lag_seconds"] = round(lag)
        limit = settings.KLACHTPAD_HEALTH_MAX_QUEUE_LAG_MIN * 60
        if limit and lag > limit:
            healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks},
        status=200 if healthy else 503,
    )
