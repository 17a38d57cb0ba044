"""Reading what the outbox did."""

from __future__ import annotations

from django.utils.translation import gettext as _

from klachtpad.complaints.models import Complaint
from klachtpad.notifications.models import MailDelivery, MailStatusChoices


def mail_warnings(complaint: Complaint, mails: list[MailDelivery] | None = None) -> list[str]:
    """The mails of ``complaint`` (or ``mails``, read already) that could not be
    delivered, in the active language."""
    if mails is None:
        mails = list(MailDelivery.objects.filter(complaint=complaint))
    return [
        _("A mail to %(to)s could not be delivered (%(error)s). Reach them another way.")
        % {"to": mail.to, "error": mail.last_error}
        for mail in mails
        if mail.status == MailStatusChoices.FAILED
    ]
