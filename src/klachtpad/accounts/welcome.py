"""The invitation link: new staff set up their second factor and choose their password;
someone who lost their authenticator sets up a new one; an existing account agrees to
work for another organisation.

The link is opened once: its token is traded for a mark in the session and the browser
moves on to a page whose address holds no secret (as Django's password reset does).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from klachtpad.accounts.invitations import invitation_accept, invitation_decline
from klachtpad.accounts.models import Authenticator
from klachtpad.accounts.services import second_factor_ready
from klachtpad.accounts.views import enrol_page
from klachtpad.organisations.grants import GrantRefused
from klachtpad.organisations.invitation_links import invitation_by_token, invitations_open
from klachtpad.organisations.models import Invitation, InvitationKindChoices

SESSION_KEY = "klachtpad_invitation"


def _gone(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/invitation_gone.html", status=410)


def welcome_open(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_by_token(token)
    if invitation is None:
        return _gone(request)
    request.session[SESSION_KEY] = invitation.pk
    return redirect("accounts:welcome")


def _invitation(request: HttpRequest) -> Invitation | None:
    pk = request.session.get(SESSION_KEY)
    if not isinstance(pk, int):
        return None
    return (
        invitations_open()
        .select_related("user", "organisation", "invited_by")
        .filter(pk=pk)
        .first()
    )


def _someone_else(request: HttpRequest, invitation: Invitation) -> bool:
    return bool(request.user.is_authenticated and request.user.pk != invitation.user_id)


def _role_asked(request: HttpRequest, invitation: Invitation) -> None:
    try:
        change = invitation_accept(invitation)
    except GrantRefused as refused:
        messages.error(request, refused.text())
        return
    request.session.pop(SESSION_KEY, None)
    if change is not None:
        messages.success(
            request,
            _(
                "Welcome. Your role at %(organisation)s comes into force once a second "
                "admin approves it; until then you see no complaints there."
            )
            % {"organisation": change.organisation.name},
        )


def welcome(request: HttpRequest) -> HttpResponse:
    invitation = _invitation(request)
    if invitation is None:
        return _gone(request)
    if _someone_else(request, invitation):
        return render(request, "accounts/invitation_other.html", status=403)
    user: User = invitation.user
    if invitation.kind == InvitationKindChoices.JOIN:
        return _join(request, invitation)
    if invitation.kind == InvitationKindChoices.NEW_ACCOUNT:
        if second_factor_ready(user):
            return redirect("accounts:welcome_password")
        return enrol_page(
            request,
            user,
            then=reverse("accounts:welcome_password"),
            then_label=_("Next: choose your password"),
        )
    if invitation.kind == InvitationKindChoices.SECOND_FACTOR:
        response = enrol_page(
            request, user, then=reverse("accounts:login"), then_label=_("Sign in now")
        )
        if second_factor_ready(user):
            _role_asked(request, invitation)
        return response
    return _gone(request)


def _join(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """An existing account agrees to work for the organisation, signed in as itself."""
    verified = getattr(request.user, "is_verified", lambda: False)()
    if not verified:
        return redirect(f"{reverse('accounts:login')}?next={reverse('accounts:welcome')}")
    if request.method == "POST":
        if request.POST.get("decision") == "accept":
            _role_asked(request, invitation)
        else:
            invitation_decline(invitation)
            request.session.pop(SESSION_KEY, None)
            messages.info(request, _("You declined the invitation."))
        return redirect("staff:home")
    return render(request, "accounts/invitation_join.html", {"invitation": invitation})


def welcome_password(request: HttpRequest) -> HttpResponse:
    """A new account, its second factor set up, chooses its own password and is signed in."""
    invitation = _invitation(request)
    if invitation is None or invitation.kind != InvitationKindChoices.NEW_ACCOUNT:
        return _gone(request)
    if _someone_else(request, invitation):
        return render(request, "accounts/invitation_other.html", status=403)
    user = invitation.user
    device = Authenticator.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect("accounts:welcome")
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        _role_asked(request, invitation)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        otp_login(request, device)
        messages.info(
            request,
            _("Your user name is %(username)s. You sign in with it from now on.")
            % {"username": user.get_username()},
        )
        return redirect("staff:home")
    return render(
        request, "accounts/welcome_password.html", {"form": form, "username": user.get_username()}
    )
