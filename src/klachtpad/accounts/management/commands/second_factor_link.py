"""Print a one-time link with which an account sets up its second factor: for the first
platform administrator, made with ``createsuperuser``, who has nobody to invite them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from klachtpad.accounts.invitations import second_factor_invitation
from klachtpad.organisations.invitation_links import invitation_token_issue


class Command(BaseCommand):
    help = "Print a one-time link for USERNAME to set up a second factor (console only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no account {options['username']!r}")
        invitation = second_factor_invitation(user, reason="second_factor_link at the console")
        link = settings.KLACHTPAD_BASE_URL + reverse(
            "accounts:welcome_open", args=[invitation_token_issue(invitation)]
        )
        days = settings.KLACHTPAD_INVITATION_DAYS
        self.stdout.write(f"Open within {days} days, once, to set up the second factor:\n{link}")
