"""What the inbox adds to mail going out (registered in ``InboxConfig.ready``): the
body of a reply written from a file, what it answers, and the organisation's mailbox as
the address a complainant's answer goes to, so that it comes back into the file."""

from __future__ import annotations

from django.template.loader import render_to_string

from klachtpad.inbox.selectors import mailboxes_to_read
from klachtpad.notifications.mail import body_writer, header_writer
from klachtpad.notifications.models import COMPLAINANT_MAIL, MailDelivery, MailKindChoices


@body_writer(MailKindChoices.REPLY)
def reply_body(delivery: MailDelivery) -> str:
    return render_to_string(
        "inbox/mail/reply.txt", {"complaint": delivery.complaint, "text": delivery.facts["text"]}
    )


@header_writer
def reply_headers(delivery: MailDelivery) -> dict[str, str]:
    headers: dict[str, str] = {}
    if delivery.kind == MailKindChoices.REPLY:
        if delivery.facts.get("in_reply_to"):
            headers["In-Reply-To"] = delivery.facts["in_reply_to"]
        if delivery.facts.get("references"):
            headers["References"] = delivery.facts["references"]
    if delivery.kind in COMPLAINANT_MAIL and delivery.organisation_id:
        address = (
            mailboxes_to_read()
            .filter(organisation_id=delivery.organisation_id)
            .values_list("address", flat=True)
            .first()
        )
        if address:
            headers["Reply-To"] = address
    return headers
