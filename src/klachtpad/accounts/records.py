"""Records of sign-ins, and sessions: kept as long as they serve, then removed.

django-axes writes a row for every sign-in and every failed one (user name, internet
address, browser) and counts failed attempts to lock an account out. An attempt counts
only within the lockout's cool-off; the records of sign-ins are technical logs, kept
``KLACHTPAD_SIGN_IN_LOG_DAYS`` (a year, as MedMij recommends for technical logs). The
access log of complaint files (``audit``) is another thing and is not touched here.

A session that ended (after 12 hours at most) may still hold what a person typed into
a complaint form and never sent; it goes with the next round.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings


def sign_in_records_remove(now: datetime) -> int:
    """Remove the attempts past their cool-off and the sign-in records past their term;
    returns how many rows went."""
    before = now - timedelta(days=settings.KLACHTPAD_SIGN_IN_LOG_DAYS)
    cooled = now - settings.AXES_COOLOFF_TIME
    removed: int = AccessAttempt.objects.filter(attempt_time__lt=cooled).delete()[0]
    removed += AccessLog.objects.filter(attempt_time__lt=before).delete()[0]
    removed += AccessFailureLog.objects.filter(attempt_time__lt=before).delete()[0]
    return removed


def sessions_ended_remove() -> None:
    """Remove the sessions that ended, with the unsent answers they may hold."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
