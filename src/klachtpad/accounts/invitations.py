"""Inviting staff, and setting up a second factor again, by a link to their own address.

An organisation admin invites a person by e-mail address with a role. The admin never
chooses a password and never learns whether the address already has an account: the
answer is the same. A new address gets a new account without a password; an existing
account is asked to join, and joins only if its owner agrees, signed in with their own
second factor. Either way the role is then *asked for* (see ``grants``): it comes into
force once a second person approves.

When someone lost their authenticator, an admin of an organisation they work for can
reset it, with a reason that the access log keeps; the person then gets a link to set
up a new one. The password stays theirs: the link never signs anyone in.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from klachtpad.accounts.services import second_factor_ready, second_factor_remove
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.permissions import StaffRole
from klachtpad.notifications.models import MailKindChoices
from klachtpad.notifications.outbox import mail_queue
from klachtpad.organisations.grants import GrantRefused, role_request
from klachtpad.organisations.invitation_links import invitations_open
from klachtpad.organisations.models import (
    Invitation,
    InvitationKindChoices,
    Membership,
    Organisation,
    RoleChange,
)

REASON_MIN = 10


def _expires() -> datetime:
    return timezone.now() + timedelta(days=settings.KLACHTPAD_INVITATION_DAYS)


def _send(invitation: Invitation, language: str) -> None:
    mail_queue(
        kind=MailKindChoices.INVITATION,
        to=invitation.email,
        language=language,
        organisation=invitation.organisation,
        user=invitation.user,
        facts={"invitation": invitation.pk},
    )


@transaction.atomic
def staff_invite(
    *,
    organisation: Organisation,
    email: str,
    first_name: str,
    last_name: str,
    role: StaffRole,
    by: User,
    language: str,
) -> Invitation:
    """Mail ``email`` an invitation to work for ``organisation`` in ``role``."""
    email = email.strip()
    existing = (
        User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
        .order_by("pk")
        .first()
    )
    if existing is not None and existing.pk == by.pk:
        raise GrantRefused(
            Message(
                gettext_noop(
                    "Nobody gives a role to themselves. Ask another organisation admin or the "
                    "platform administrator."
                )
            )
        )
    if existing is None:
        user = User.objects.create_user(
            username=email.lower(), email=email, first_name=first_name, last_name=last_name
        )  # no password: the person chooses one through the link
        kind = InvitationKindChoices.NEW_ACCOUNT
    else:
        user, kind = existing, InvitationKindChoices.JOIN
    invitation = Invitation.objects.create(
        kind=kind,
        user=user,
        organisation=organisation,
        role=role.value,
        email=email if kind == InvitationKindChoices.NEW_ACCOUNT else (user.email or email),
        invited_by=by,
        expires_at=_expires(),
    )
    _send(invitation, language)
    return invitation


def invitations_waiting(*, organisation: Organisation) -> list[Invitation]:
    """This organisation's invitations that nobody used yet and that still work."""
    return list(invitations_open().filter(organisation=organisation).select_related("user"))


@transaction.atomic
def invitation_accept(invitation: Invitation) -> RoleChange | None:
    """The invited person agreed (and, for a new account, set up their second factor and
    password): the role is asked for, from the admin who invited them."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None or invitation.expires_at <= timezone.now():
        raise GrantRefused(Message(gettext_noop("This invitation has been used or has expired.")))
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    if not invitation.role or invitation.organisation is None or invitation.invited_by is None:
        return None
    role = StaffRole(invitation.role)
    if Membership.objects.filter(
        user=invitation.user, organisation=invitation.organisation, role=role
    ).exists():
        return None
    return role_request(
        organisation=invitation.organisation,
        user=invitation.user,
        role=role,
        by=invitation.invited_by,
    )


@transaction.atomic
def invitation_decline(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
        used_at=timezone.now(), declined=True
    )


@transaction.atomic
def second_factor_reset(
    *, organisation: Organisation, user: User, by: User, reason: str, language: str
) -> Invitation:
    """Remove ``user``'s authenticator and recovery codes and mail them a link to set up
    a new one. The reason goes into the access log with the reset."""
    if user.pk == by.pk:
        raise GrantRefused(
            Message(
                gettext_noop(
                    "You cannot reset your own second factor. Use a recovery code, or ask "
                    "another organisation admin."
                )
            )
        )
    if len(reason.strip()) < REASON_MIN:
        raise GrantRefused(
            Message(
                gettext_noop("Write why the second factor is reset (at least %(count)s letters)."),
                {"count": REASON_MIN},
            )
        )
    if (
        user.is_superuser
        or not Membership.objects.filter(user=user, organisation=organisation).exists()
    ):
        raise GrantRefused(
            Message(
                gettext_noop("Only the second factor of this organisation's staff is reset here.")
            )
        )
    if not user.email:
        raise GrantRefused(
            Message(
                gettext_noop(
                    "%(name)s has no e-mail address, so no link can reach them. The platform "
                    "administrator can add one."
                ),
                {"name": user.get_full_name() or user.get_username()},
            )
        )
    invitation = second_factor_invitation(
        user, reason=reason.strip(), organisation=organisation, by=by
    )
    _send(invitation, language)
    return invitation


@transaction.atomic
def second_factor_invitation(
    user: User, *, reason: str, organisation: Organisation | None = None, by: User | None = None
) -> Invitation:
    """Remove ``user``'s second factor; the invitation with which they set up a new one
    replaces any earlier one."""
    second_factor_remove(user)
    invitations_open().filter(user=user, kind=InvitationKindChoices.SECOND_FACTOR).update(
        used_at=timezone.now()
    )
    return Invitation.objects.create(
        kind=InvitationKindChoices.SECOND_FACTOR,
        user=user,
        organisation=organisation,
        email=user.email,
        invited_by=by,
        reason=reason,
        expires_at=_expires(),
    )


def demo_first_sign_in_allow(user: User) -> None:
    """A demo account (development only) sets up its authenticator at the first sign-in
    with the published demo password, as ``make run`` prints."""
    if not settings.DEBUG:
        raise RuntimeError("demo accounts exist only with KLACHTPAD_DEBUG=1")
    if second_factor_ready(user):
        return
    if not invitations_open().filter(user=user, kind=InvitationKindChoices.DEMO).exists():
        Invitation.objects.create(
            kind=InvitationKindChoices.DEMO,
            user=user,
            email=user.email or "demo@example.org",
            expires_at=timezone.now() + timedelta(days=3650),
        )


def demo_first_sign_in_open(user: User) -> Invitation | None:
    """The demo account's standing invitation, honoured only in development."""
    if not settings.DEBUG:
        return None
    return invitations_open().filter(user=user, kind=InvitationKindChoices.DEMO).first()
