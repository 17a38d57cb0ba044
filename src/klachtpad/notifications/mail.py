"""What a mail says, written when it is sent. No health data: a reference, a date, a
sentence about what happened, and a link."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.formats import date_format
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from klachtpad.complaints.models import Forwarded
from klachtpad.domain.messages import Message, Param
from klachtpad.notifications.models import (
    MailDelivery,
    MailKindChoices,
    NotificationKindChoices,
    StaffNotification,
)
from klachtpad.organisations.invitation_links import invitation_token_issue
from klachtpad.organisations.models import Invitation, InvitationKindChoices
from klachtpad.organisations.wording import dialect, param_words


def notification_text(notification: StaffNotification) -> str:
    """The notification's sentence in the active language; a ``day``, ``start`` or
    ``end`` is a date."""
    params: dict[str, Param] = {
        key: date.fromisoformat(value) if key in ("day", "start", "end") else value
        for key, value in notification.params.items()
    }
    return Message(notification.template, params).render(_, display=param_words)


def _notifications(delivery: MailDelivery) -> list[StaffNotification]:
    return list(
        StaffNotification.objects.filter(mail=delivery)
        .select_related("organisation", "complaint")
        .order_by("created_at", "id")
    )


def _complaint_link(notification: StaffNotification) -> str:
    if notification.complaint is None:
        return ""
    return settings.KLACHTPAD_BASE_URL + reverse(
        "staff:complaint", args=[notification.organisation.slug, notification.complaint.reference]
    )


def mail_subject(delivery: MailDelivery) -> str:
    """The subject line, in the active language."""
    kind = MailKindChoices(delivery.kind)
    if kind in (MailKindChoices.STATUS_LINK, MailKindChoices.NEWS):
        return render_to_string(
            "notifications/mail/status_link_subject.txt",
            {"complaint": delivery.complaint, "reason": mail_reason(delivery)},
        ).strip()
    if kind is MailKindChoices.REPLY:
        return str(delivery.facts.get("subject", ""))
    if kind is MailKindChoices.DIGEST:
        return _("Klachtpad: your notifications of today")
    if kind is MailKindChoices.PASSWORD_RESET:
        return _("Klachtpad: choose a new password")
    if kind is MailKindChoices.FORWARDED:
        return _("Message sent on to you: %(subject)s") % {
            "subject": _forwarded(delivery).subject_name
        }
    if kind is MailKindChoices.FORWARD_NOTICE:
        return (
            _("Your message was sent on")
            if _forwarded(delivery).sent_to_email
            else _("Where your message belongs")
        )
    if kind is MailKindChoices.INVITATION:
        if _invitation(delivery).kind == InvitationKindChoices.SECOND_FACTOR:
            return _("Klachtpad: set up your second factor again")
        return _("Klachtpad: invitation from %(organisation)s") % {
            "organisation": delivery.organisation.name if delivery.organisation else ""
        }
    return staff_subject(_notifications(delivery)[0])


def staff_subject(notification: StaffNotification) -> str:
    """The subject of a mail that tells one notification, in the active language. The
    kind's label is read from its choice (``get_kind_display`` builds a dict of every
    choice on each call, and a round writes a subject for each of its mails)."""
    reference = notification.complaint.reference if notification.complaint else ""
    what = str(NotificationKindChoices(notification.kind).label)
    return _("Klachtpad: %(what)s") % {"what": " ".join(filter(None, [reference, what]))}


def mail_reason(delivery: MailDelivery) -> str:
    if delivery.kind == MailKindChoices.NEWS:
        return "news"
    return str(delivery.facts.get("reason", "received"))


def _invitation(delivery: MailDelivery) -> Invitation:
    return Invitation.objects.select_related("organisation", "invited_by", "user").get(
        pk=delivery.facts["invitation"]
    )


def _account_body(delivery: MailDelivery) -> str:
    """An invitation or a password reset: a fresh link, made now, so no link is kept."""
    assert delivery.user is not None  # noqa: S101 - always set for these kinds
    if delivery.kind == MailKindChoices.PASSWORD_RESET:
        uid = urlsafe_base64_encode(force_bytes(delivery.user.pk))
        token = default_token_generator.make_token(delivery.user)
        path = reverse("accounts:password_reset_confirm", args=[uid, token])
        context: dict[str, Any] = {"hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
        template = "notifications/mail/password_reset.txt"
    else:
        invitation = _invitation(delivery)
        path = reverse("accounts:welcome_open", args=[invitation_token_issue(invitation)])
        context = {"invitation": invitation, "days": settings.KLACHTPAD_INVITATION_DAYS}
        template = "notifications/mail/invitation.txt"
    context |= {"link": settings.KLACHTPAD_BASE_URL + path, "user": delivery.user}
    return render_to_string(template, context)


def _forwarded(delivery: MailDelivery) -> Forwarded:
    return Forwarded.objects.select_related("organisation", "procedure").get(
        pk=delivery.facts["forwarded"]
    )


def _forward_body(delivery: MailDelivery) -> str:
    """The message sent on to where it belongs, or the notice to its sender. The sender
    was told on the form that the message itself goes there."""
    forwarded = _forwarded(delivery)
    context: dict[str, Any] = {
        "forwarded": forwarded,
        "received_on": date_format(forwarded.received_on, "j F Y"),
    }
    if delivery.kind == MailKindChoices.FORWARDED:
        return render_to_string("notifications/mail/forwarded.txt", context)
    language = delivery.language
    subject = forwarded.procedure.spec().subject(forwarded.subject)
    context |= {
        "subject_name": subject.name.get(language),
        "goes_to": subject.goes_to.get(language),
        "sent": bool(forwarded.sent_to_email),
        "contact": [
            ", ".join(filter(None, [point.name, point.phone, point.email, point.website]))
            for point in subject.contact
        ],
    }
    return render_to_string("notifications/mail/forward_notice.txt", context)


# Mails whose body another app writes (the complainant's link to their page belongs to
# the public side): it registers its writer when Django starts (``AppConfig.ready``), so
# that this module needs nothing of it.
BodyWriter = Callable[[MailDelivery], str]
BODY_WRITERS: dict[str, BodyWriter] = {}


def body_writer(*kinds: MailKindChoices) -> Callable[[BodyWriter], BodyWriter]:
    """Register the function that writes the body of mails of ``kinds``."""

    def register(writer: BodyWriter) -> BodyWriter:
        for kind in kinds:
            BODY_WRITERS[kind.value] = writer
        return writer

    return register


# Headers another app adds (the inbox: the address replies go to, and what a reply
# answers); each writer gives the headers it knows of, or none.
HeaderWriter = Callable[[MailDelivery], dict[str, str]]
HEADER_WRITERS: list[HeaderWriter] = []


def header_writer(writer: HeaderWriter) -> HeaderWriter:
    """Register a function that adds headers to every mail it knows of."""
    HEADER_WRITERS.append(writer)
    return writer


def mail_headers(delivery: MailDelivery) -> dict[str, str]:
    """The same Message-ID on every attempt; a mail Klachtpad writes by itself says so
    (RFC 3834), so that out-of-office answers are not sent to it and loops cannot start."""
    headers = {"Message-ID": delivery.message_id}
    if delivery.kind != MailKindChoices.REPLY:
        headers |= {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}
    for writer in HEADER_WRITERS:
        headers |= writer(delivery)
    return headers


def written_in(delivery: MailDelivery) -> str:
    """The language of the mail: a complainant's mail in their scheme's register."""
    if delivery.complaint is not None:
        return dialect(delivery.complaint.procedure.spec_scheme(), delivery.language)
    if delivery.kind == MailKindChoices.FORWARD_NOTICE:
        return dialect(_forwarded(delivery).procedure.spec_scheme(), delivery.language)
    return delivery.language


def mail_compose(delivery: MailDelivery) -> EmailMessage:
    """The mail to send now, its body written by its kind's writer where one is
    registered (a status-page mail gets a fresh private link, which rolls back with the
    attempt if sending fails)."""
    body: str
    with translation.override(written_in(delivery)):
        subject = mail_subject(delivery)
        writer = BODY_WRITERS.get(delivery.kind)
        if writer is not None:
            body = writer(delivery)
        elif delivery.kind in (MailKindChoices.INVITATION, MailKindChoices.PASSWORD_RESET):
            body = _account_body(delivery)
        elif delivery.kind in (MailKindChoices.FORWARDED, MailKindChoices.FORWARD_NOTICE):
            body = _forward_body(delivery)
        else:
            items = [
                {"text": notification_text(n), "link": _complaint_link(n)}
                for n in _notifications(delivery)
            ]
            preferences = settings.KLACHTPAD_BASE_URL + reverse("staff:notification_settings")
            body = render_to_string(
                "notifications/mail/staff.txt", {"items": items, "preferences": preferences}
            )
    return EmailMessage(
        subject=subject,
        body=body,
        to=[delivery.to],
        headers=mail_headers(delivery),
    )
