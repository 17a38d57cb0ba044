"""Queue mail and notify staff. Call these inside the transaction of the change that
causes them: the mail row and its task commit with the change, or vanish with it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import translation

from klachtpad.complaints.models import Complaint, HistoryEntry
from klachtpad.domain.permissions import StaffRole, staff_roles_for
from klachtpad.domain.schemes.vocabulary import Role
from klachtpad.notifications.mail import mail_subject, written_in
from klachtpad.notifications.models import (
    DeliveryModeChoices,
    MailDelivery,
    MailKindChoices,
    NotificationKindChoices,
    NotificationPreference,
    StaffNotification,
)
from klachtpad.organisations.models import Organisation


def mail_queue(
    *,
    kind: MailKindChoices,
    to: str,
    language: str,
    organisation: Organisation | None = None,
    complaint: Complaint | None = None,
    history_entry: HistoryEntry | None = None,
    user: User | None = None,
    facts: dict[str, Any] | None = None,
) -> MailDelivery:
    """Write a mail row and enqueue the task that sends it, in the caller's transaction."""
    # The task module sends through this module's notifications; import it when used.
    from klachtpad.notifications.tasks import mail_send

    delivery = MailDelivery(
        organisation=organisation or (complaint.organisation if complaint else None),
        complaint=complaint,
        history_entry=history_entry,
        user=user,
        to=to,
        kind=kind.value,
        language=language,
        facts=facts or {},
    )
    with translation.override(written_in(delivery)):
        delivery.subject = mail_subject(delivery)
    delivery.save()
    mail_send.enqueue(delivery.pk)
    return delivery


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


def users_with_role(organisation: Organisation, role: StaffRole) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, memberships__organisation=organisation, memberships__role=role.value
    ).distinct()


def users_for(complaint: Complaint, recipient: str) -> list[User]:
    """The staff who receive what the scheme sends to ``recipient`` (a role or party)."""
    if recipient == Role.EMPLOYEE_CONCERNED.value:
        return [e.user for e in complaint.employees.select_related("user") if e.user]
    if recipient not in {role.value for role in Role}:
        return []  # the complainant and outside bodies get letters, not notifications
    role = staff_roles_for(Role(recipient))
    return list(users_with_role(complaint.organisation, role)) if role else []


def officers_for(complaint: Complaint, responsible: str | None = None) -> list[User]:
    """Who answers for a complaint: its handler, and the staff of the responsible role
    (the complaints officers when the scheme names none and nobody handles it)."""
    found: list[User] = [complaint.handler] if complaint.handler else []
    if responsible:
        found += users_for(complaint, responsible)
    elif not found:
        found += users_with_role(complaint.organisation, StaffRole.COMPLAINTS_OFFICER)
    unique: dict[int, User] = {user.pk: user for user in found if user.is_active}
    return list(unique.values())


def preferred_mode(user: User, kind: NotificationKindChoices) -> DeliveryModeChoices:
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind.value)
        .values_list("mode", flat=True)
        .first()
    )
    return DeliveryModeChoices(chosen or DeliveryModeChoices.IMMEDIATE)


def staff_notify(
    users: Iterable[User],
    *,
    organisation: Organisation,
    kind: NotificationKindChoices,
    template: str,
    params: dict[str, str],
    complaint: Complaint | None = None,
) -> list[StaffNotification]:
    """Tell each of ``users`` one thing, at once or in their digest, as they chose."""
    made = []
    for user in {user.pk: user for user in users}.values():
        mode = preferred_mode(user, kind)
        notification = StaffNotification.objects.create(
            organisation=organisation,
            user=user,
            complaint=complaint,
            kind=kind.value,
            template=template,
            params=params,
            mode=mode.value,
        )
        if mode is DeliveryModeChoices.IMMEDIATE and user.email:
            notification.mail = mail_queue(
                kind=MailKindChoices.STAFF,
                to=user.email,
                language=settings.LANGUAGE_CODE,
                organisation=organisation,
                complaint=complaint,
                user=user,
                facts={"notifications": [notification.pk]},
            )
            notification.save(update_fields=["mail"])
        made.append(notification)
    return made


def preferences_save(user: User, modes: dict[NotificationKindChoices, DeliveryModeChoices]) -> None:
    for kind, mode in modes.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind.value, defaults={"mode": mode.value}
        )
