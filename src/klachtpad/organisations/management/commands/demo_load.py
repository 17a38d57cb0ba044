"""Load the example organisations, a demo administrator and demo complaints
(development only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from klachtpad.complaints.demo import demo_complaints_load
from klachtpad.complaints.services import Actor
from klachtpad.organisations.models import Organisation

DEMO_ADMIN = ("admin", "klachtpad-demo")


class Command(BaseCommand):
    help = "Load schemes/*.yaml, the demo administrator and demo complaints. Refused unless DEBUG."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "demo_load only runs with KLACHTPAD_DEBUG=1; it creates a known password."
            )
        files = sorted((settings.PROJECT_DIR / "schemes").glob("*.yaml"))
        if not files:
            raise CommandError("no scheme files found in schemes/")
        call_command(
            "scheme_load",
            *[str(Path(file)) for file in files],
            stdout=self.stdout,
            stderr=self.stderr,
        )
        username, password = DEMO_ADMIN
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        actor = Actor.staff(user)
        for organisation in Organisation.objects.all():
            for state, outcome in demo_complaints_load(organisation=organisation, actor=actor):
                self.stdout.write(f"{organisation.slug}: {state}: {outcome}")
        self.stdout.write(f"demo administrator: {username} / {password}")
