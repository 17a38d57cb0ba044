"""The complainant's mail with the link to their page, written by the public side that
owns the link (registered with the mail writer in ``PublicConfig.ready``)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from klachtpad.notifications.mail import body_writer, mail_reason
from klachtpad.notifications.models import MailDelivery, MailKindChoices
from klachtpad.public.models import StatusLinkViaChoices
from klachtpad.public.services import status_link_issue


@body_writer(MailKindChoices.STATUS_LINK, MailKindChoices.NEWS)
def status_link_body(delivery: MailDelivery) -> str:
    """A fresh private link; one asked for anew replaces the earlier ones (they may be
    lost or seen)."""
    assert delivery.complaint is not None  # noqa: S101 - always set for these kinds
    token = status_link_issue(
        delivery.complaint,
        via=StatusLinkViaChoices.MAIL,
        revoke_others=mail_reason(delivery) == "new_link",
    )
    return render_to_string(
        "public/mail/status_link.txt",
        {
            "complaint": delivery.complaint,
            "reason": mail_reason(delivery),
            "link": settings.KLACHTPAD_BASE_URL + reverse("status_open", args=[token]),
            "days": settings.KLACHTPAD_STATUS_LINK_DAYS,
            "link_again": settings.KLACHTPAD_BASE_URL
            + reverse("link_request", args=[delivery.complaint.organisation.slug]),
        },
    )
