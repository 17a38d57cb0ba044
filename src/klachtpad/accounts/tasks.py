"""The worker's part of a password reset: find the account and queue its mail."""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django_tasks import task

from klachtpad.notifications.models import MailKindChoices
from klachtpad.notifications.outbox import mail_queue


@task()
def password_reset_look_up(email: str, language: str) -> None:
    for user in PasswordResetForm().get_users(email):
        mail_queue(kind=MailKindChoices.PASSWORD_RESET, to=user.email, language=language, user=user)
