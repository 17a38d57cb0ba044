"""What staff and complainants ask of the outbox: a fresh link to the status page, and
how each member of staff wants to be told."""

from __future__ import annotations

from django.contrib.auth.models import User

from klachtpad.complaints.models import Complaint
from klachtpad.notifications.models import (
    DeliveryModeChoices,
    MailDelivery,
    MailKindChoices,
    NotificationKindChoices,
    NotificationPreference,
)
from klachtpad.notifications.outbox import mail_queue


def status_link_send(complaint: Complaint, *, language: str, reason: str) -> MailDelivery | None:
    """Mail the complainant a fresh link to their status page (``received``/``new_link``)."""
    if not complaint.complainant_email:
        return None
    return mail_queue(
        kind=MailKindChoices.STATUS_LINK,
        to=complaint.complainant_email,
        language=language,
        complaint=complaint,
        facts={"reason": reason},
    )


def preferences_save(user: User, modes: dict[NotificationKindChoices, DeliveryModeChoices]) -> None:
    for kind, mode in modes.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind.value, defaults={"mode": mode.value}
        )
