"""Giving and taking away roles, with two people and a record.

A role opens complaint files or the access log, and an organisation admin gives roles.
So that no admin can give themselves (or an account they made) that access, a role
given by an admin is first *asked for*; it comes into force when a second person
approves it: another admin of the organisation (neither the one who asked nor the one
who gets it) or the platform administrator. Nobody gives a role to themselves. Every
request, approval, refusal and revocation is a ``RoleChange`` row, append-only; a
revocation also needs a reason. The roles in force stay the ``Membership`` rows.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext

from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.permissions import StaffRole
from klachtpad.organisations.models import (
    Membership,
    Organisation,
    RoleChange,
    RoleChangeChoices,
)
from klachtpad.organisations.wording import param_words


class GrantRefused(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message

    def text(self) -> str:
        """The reason, in the active language."""
        return self.message.render(gettext, display=param_words)


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _is_admin(user: User, organisation: Organisation) -> bool:
    return Membership.objects.filter(
        user=user, organisation=organisation, role=StaffRole.ORGANISATION_ADMIN
    ).exists()


def role_request(
    *, organisation: Organisation, user: User, role: StaffRole, by: User
) -> RoleChange:
    """Ask that ``user`` gets ``role``; it comes into force when a second person approves."""
    if user.pk == by.pk:
        raise GrantRefused(
            Message(
                gettext_noop(
                    "Nobody gives a role to themselves. Ask another organisation admin or the "
                    "platform administrator."
                )
            )
        )
    if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise GrantRefused(
            Message(gettext_noop("%(name)s already has this role."), {"name": _name(user)})
        )
    if role_requests_open(organisation=organisation).filter(user=user, role=role).exists():
        raise GrantRefused(
            Message(
                gettext_noop("This role for %(name)s is already waiting for approval."),
                {"name": _name(user)},
            )
        )
    return RoleChange.objects.create(
        organisation=organisation,
        user=user,
        role=role.value,
        change=RoleChangeChoices.REQUESTED,
        by=by,
        by_name=_name(by),
    )


def role_requests_open(*, organisation: Organisation) -> QuerySet[RoleChange]:
    """The requests of ``organisation`` that nobody has approved or refused yet."""
    return RoleChange.objects.filter(
        organisation=organisation, change=RoleChangeChoices.REQUESTED, answers__isnull=True
    ).select_related("user", "by")


def may_decide(request: RoleChange, by: User) -> bool:
    """A second person decides: the platform administrator, or another admin of the
    organisation who neither asked nor would get the role."""
    if by.pk in (request.by_id, request.user_id):
        return False
    return by.is_superuser or _is_admin(by, request.organisation)


@transaction.atomic
def role_decide(request: RoleChange, *, by: User, approve: bool, reason: str = "") -> RoleChange:
    """Approve (the role comes into force) or refuse a request."""
    if request.change != RoleChangeChoices.REQUESTED or request.answers.exists():
        raise GrantRefused(Message(gettext_noop("This request has been decided already.")))
    if not may_decide(request, by):
        raise GrantRefused(
            Message(
                gettext_noop(
                    "A second person decides: another organisation admin than the one who "
                    "asked and the one who gets the role, or the platform administrator."
                )
            )
        )
    if approve:
        Membership.objects.get_or_create(
            user=request.user,
            organisation=request.organisation,
            role=request.role,
            defaults={"granted_by": f"{request.by_name}, {_name(by)}"},
        )
    return RoleChange.objects.create(
        organisation=request.organisation,
        user=request.user,
        role=request.role,
        change=RoleChangeChoices.APPROVED if approve else RoleChangeChoices.REFUSED,
        by=by,
        by_name=_name(by),
        reason=reason.strip(),
        request=request,
    )


@transaction.atomic
def role_revoke(membership: Membership, *, by: User, reason: str) -> RoleChange:
    """Take a role away, with the reason; the ledger keeps that it was held."""
    if not reason.strip():
        raise GrantRefused(Message(gettext_noop("Write why the role is taken away.")))
    if membership.user_id == by.pk and membership.role == StaffRole.ORGANISATION_ADMIN:
        raise GrantRefused(Message(gettext_noop("You cannot take away your own admin role.")))
    change = RoleChange.objects.create(
        organisation=membership.organisation,
        user=membership.user,
        role=membership.role,
        change=RoleChangeChoices.REVOKED,
        by=by,
        by_name=_name(by),
        reason=reason.strip(),
    )
    membership.delete()
    return change
