"""One log line per request, with a request id that every other line of the request
carries too; the id comes from the proxy (X-Request-ID) when it is trusted, and is
returned in the response, so a person's "it went wrong at 10:02" can be found.

The request line says method, path (without query and private links), status and
duration; never who or what (that is the access log's task, NEN 7513).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from klachtpad.logs import without_secrets

logger = logging.getLogger("klachtpad.request")
request_id: ContextVar[str] = ContextVar("request_id", default="-")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = str(request.META.get("HTTP_X_REQUEST_ID", ""))
        trusted = "KLACHTPAD_PROXY_ADDR" in request.META and _VALID_ID.match(offered)
        token = request_id.set(offered if trusted else uuid.uuid4().hex)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id.get()
            if not request.path.startswith("/health/"):
                logger.info(
                    "%s %s %s",
                    request.method,
                    without_secrets(request.path),
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": without_secrets(request.path),
                        "status": response.status_code,
                        "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds the request id to every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True
