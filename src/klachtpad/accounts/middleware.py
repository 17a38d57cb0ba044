"""Staff sessions end after a while without activity and at a fixed time after sign-in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

SIGNED_IN_AT = "klachtpad_signed_in_at"
LAST_SEEN_AT = "klachtpad_last_seen_at"
# The moment of activity is written at most this often, so that a run of pages does not
# write the session each time; the idle limit allows for it, so nobody leaves early.
LAST_SEEN_STEP = timedelta(seconds=30)


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now()
            session = request.session
            signed_in = datetime.fromisoformat(session.setdefault(SIGNED_IN_AT, now.isoformat()))
            last_seen = datetime.fromisoformat(session.get(LAST_SEEN_AT, now.isoformat()))
            if now - last_seen > settings.KLACHTPAD_SESSION_IDLE + LAST_SEEN_STEP:
                logout(request)
                messages.info(request, _("You were signed out after 30 minutes without activity."))
            elif now - signed_in > settings.KLACHTPAD_SESSION_MAX:
                logout(request)
                messages.info(request, _("You were signed out: a session lasts at most 12 hours."))
            elif now - last_seen >= LAST_SEEN_STEP or LAST_SEEN_AT not in session:
                session[LAST_SEEN_AT] = now.isoformat()
        return self.get_response(request)
