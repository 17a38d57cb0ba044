"""Messages about subjects the scheme does not cover: sent on, never a complaint.

A scheme may say that the bill or insurance goes to another department or body
(``out_of_scope``). Such a message is kept as a ``Forwarded`` row, mailed on to the
address the scheme names, and its sender hears where it went. Reports count them apart
from complaints.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from klachtpad.complaints.models import ChannelChoices, Forwarded
from klachtpad.complaints.services import Actor, TransitionRefused
from klachtpad.complaints.services.intake import require_filled
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.vocabulary import Channel
from klachtpad.notifications.models import MailKindChoices
from klachtpad.notifications.outbox import mail_queue
from klachtpad.organisations.models import Procedure


def message_forward(
    procedure: Procedure,
    *,
    actor: Actor,
    subject: str,
    name: str,
    message: str,
    channel: Channel,
    email: str = "",
    phone: str = "",
    language: str = "nl",
    received_on: date | None = None,
) -> Forwarded:
    """Send a message on to where the scheme says ``subject`` goes; tell its sender."""
    try:
        spec = procedure.spec().subject(subject)
    except KeyError:
        raise TransitionRefused(
            Message(gettext_noop("This procedure does not send that subject elsewhere."))
        ) from None
    require_filled(name=name, description=message)
    day = received_on or timezone.localdate()
    if day > timezone.localdate():
        raise TransitionRefused(Message(gettext_noop("This date is in the future.")))
    with transaction.atomic():
        forwarded = Forwarded.objects.create(
            organisation=procedure.organisation,
            procedure=procedure,
            subject=spec.id,
            subject_name=spec.name.nl,
            sent_to=spec.goes_to.nl,
            sent_to_email=spec.forward_to or "",
            received_on=day,
            channel=ChannelChoices(channel.value),
            name=name.strip(),
            email=email.strip(),
            phone=phone.strip(),
            language=language,
            message=message.strip(),
            recorded_by=actor.name,
        )
        facts = {"forwarded": forwarded.pk}
        if spec.forward_to:
            mail_queue(
                kind=MailKindChoices.FORWARDED,
                to=spec.forward_to,
                language="nl",
                organisation=procedure.organisation,
                facts=facts,
            )
        if forwarded.email:
            mail_queue(
                kind=MailKindChoices.FORWARD_NOTICE,
                to=forwarded.email,
                language=language,
                organisation=procedure.organisation,
                facts=facts,
            )
    return forwarded
