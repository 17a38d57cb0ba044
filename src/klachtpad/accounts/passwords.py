"""Staff change their own password, or ask for a link to choose a new one. A new
password never opens the account alone: the second factor is asked as always."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django_otp.decorators import otp_required

from klachtpad.accounts.tasks import password_reset_look_up


class QueuedPasswordResetForm(PasswordResetForm):
    """The worker looks the address up and mails the link, so that the answer is the same,
    and takes as long, whether or not an account has this address."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        password_reset_look_up.enqueue(self.cleaned_data["email"], get_language() or "nl")


@method_decorator(otp_required(login_url=reverse_lazy("accounts:second_factor")), name="dispatch")
class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDone(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_done.html"
    extra_context = {"changed": True}


class PasswordReset(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDone(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False  # the second factor is still asked at sign-in


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_done.html"
