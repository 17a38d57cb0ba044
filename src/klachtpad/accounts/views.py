"""Signing in: password (locked after repeated failures), then the second factor."""

from __future__ import annotations

import io
from typing import Any, cast

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from klachtpad.accounts.forms import SignInForm, TokenForm
from klachtpad.accounts.invitations import demo_first_sign_in_open, invitation_accept
from klachtpad.accounts.middleware import SIGNED_IN_AT
from klachtpad.accounts.services import (
    second_factor_check,
    second_factor_confirm,
    second_factor_pending,
    second_factor_ready,
)
from klachtpad.addresses import client_address


def address_attempts_exceeded(request: HttpRequest) -> bool:
    """Whether this address failed to sign in too often in the cool-off time, across
    every user name it tried (django-axes counts per user name and address)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failed = AccessAttempt.objects.filter(
        ip_address=client_address(request), attempt_time__gte=since
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return (failed or 0) >= settings.KLACHTPAD_LOGIN_ATTEMPTS_PER_ADDRESS


class StaffLoginView(LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = False

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if address_attempts_exceeded(request):
            return _locked_out(request, per_address=True)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        self.request.session.pop(SIGNED_IN_AT, None)  # the session starts now
        return response

    def get_success_url(self) -> str:
        return _with_next("accounts:second_factor", self.get_redirect_url())


def _with_next(name: str, target: str) -> str:
    url = reverse(name)
    return f"{url}?next={target}" if target else url


def _next(request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # login_required let only a signed-in user through


def _no_second_factor(request: HttpRequest) -> HttpResponse:
    """An account without a confirmed second factor is not opened by its password: the
    second factor is set up only through a link mailed to the person's own address."""
    logout(request)
    return render(request, "accounts/no_second_factor.html", status=403)


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not second_factor_ready(user):
        if demo_first_sign_in_open(user) is not None:
            return redirect(_with_next("accounts:second_factor_setup", _next(request)))
        return _no_second_factor(request)
    form = TokenForm(request.POST or None)
    credentials = {"username": user.get_username()}
    if request.method == "POST" and form.is_valid():
        if AxesProxyHandler.is_locked(request, credentials):
            return _locked_out(request)
        device = second_factor_check(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request) or "staff:home")
        # A wrong code counts like a wrong password, for this account from this address:
        # whoever has the password and guesses codes is locked out there, not the owner.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if AxesProxyHandler.is_locked(request, credentials):
            return _locked_out(request)
        form.add_error(
            "token",
            _("This code is not right, or it has expired. Try the code your app shows now."),
        )
    return render(request, "accounts/second_factor.html", {"form": form})


def _locked_out(request: HttpRequest, *, per_address: bool = False) -> HttpResponse:
    """Signing in is blocked for a while: for this account from this address, or for
    the address altogether."""
    logout(request)
    context = {
        "per_address": per_address,
        "failure_limit": settings.KLACHTPAD_LOGIN_ATTEMPTS_PER_ADDRESS
        if per_address
        else settings.AXES_FAILURE_LIMIT,
        "cooloff_timedelta": settings.AXES_COOLOFF_TIME,
    }
    return render(request, "accounts/locked_out.html", context, status=429)


def enrol_page(request: HttpRequest, user: User, *, then: str, then_label: str) -> HttpResponse:
    """The set-up page (QR code, key, first code); once confirmed, the recovery codes and
    a link to ``then``."""
    device = second_factor_pending(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = second_factor_confirm(user, form.cleaned_data["token"])
        if confirmed is not None:
            totp, codes = confirmed
            if request.user.is_authenticated and request.user.pk == user.pk:
                otp_login(request, totp)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": then, "next_label": then_label},
            )
        form.add_error(
            "token", _("This code is not right. Check the time on your phone and try again.")
        )
    svg = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        svg, kind="svg", scale=5, border=2, xmldecl=False, svgns=True, title=_("QR code")
    )
    key = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "qr": mark_safe(svg.getvalue().decode()),  # noqa: S308  # generated by segno
            "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
        },
    )


@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Only a demo account (development) sets up its second factor after a password."""
    user = _user(request)
    if second_factor_ready(user):
        return redirect(_with_next("accounts:second_factor", _next(request)))
    demo = demo_first_sign_in_open(user)
    if demo is None:
        return _no_second_factor(request)
    response = enrol_page(
        request, user, then=_next(request) or reverse("staff:home"), then_label=""
    )
    if second_factor_ready(user):
        invitation_accept(demo)
    return response


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")
