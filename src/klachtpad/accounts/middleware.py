"""Staff sessions end after a while without activity and at a fixed time after sign-in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

SIGNED_IN_AT = "klachtpad_signed_in_at"
LAST_SEEN_AT = "klachtpad_last_seen_at"


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now()
            session = request.session
            signed_in = datetime.fromisoformat(session.setdefault(SIGNED_IN_AT, now.isoformat()))
            last_seen = datetime.fromisoformat(session.get(LAST_SEEN_AT, now.isoformat()))
            if now - last_seen > settings.KLACHTPAD_SESSION_IDLE:
                logout(request)
                messages.info(request, _("You were signed out after 30 minutes without activity."))
            elif now - signed_in > settings.KLACHTPAD_SESSION_MAX:
                logout(request)
                messages.info(request, _("You were signed out: a session lasts at most 12 hours."))
            else:
                session[LAST_SEEN_AT] = now.isoformat()
        return self.get_response(request)
