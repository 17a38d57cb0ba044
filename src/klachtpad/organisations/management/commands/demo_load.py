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
from klachtpad.domain.permissions import StaffRole
from klachtpad.organisations.models import Membership, Organisation

DEMO_ADMIN = ("admin", "klachtpad-demo")
# Demo staff per organisation: user name suffix, name, roles.
DEMO_STAFF = [
    ("klachten", "Kim Klachtenfunctionaris", ["complaints_officer"]),
    ("begeleider", "Bas Begeleider", ["key_worker"]),
    ("directie", "Dirk Directeur", ["management"]),
    ("beheer", "Bea Beheerder", ["organisation_admin"]),
    ("privacy", "Petra Privacy", ["log_administrator"]),
]


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
        self._staff(password)  # first, so the demo complaints notify them
        actor = Actor.staff(user)
        for organisation in Organisation.objects.all():
            for state, outcome in demo_complaints_load(organisation=organisation, actor=actor):
                self.stdout.write(f"{organisation.slug}: {state}: {outcome}")
        self.stdout.write(f"demo administrator: {username} / {password}")

    def _staff(self, password: str) -> None:
        users = get_user_model().objects
        external, _ = users.get_or_create(
            username="extern", defaults={"first_name": "Eva", "last_name": "Extern"}
        )
        accounts = [external]
        for organisation in Organisation.objects.order_by("slug"):
            Membership.objects.get_or_create(
                user=external, organisation=organisation, role=StaffRole.COMPLAINTS_OFFICER
            )
            for suffix, name, roles in DEMO_STAFF:
                first, last = name.split(" ", 1)
                user, _ = users.get_or_create(
                    username=f"{organisation.slug}-{suffix}",
                    defaults={
                        "first_name": first,
                        "last_name": last,
                        # Mail in the demo is written to files in var/mail/, never sent.
                        "email": f"{organisation.slug}-{suffix}@example.org",
                    },
                )
                accounts.append(user)
                for role in roles:
                    Membership.objects.get_or_create(
                        user=user, organisation=organisation, role=role
                    )
        for user in accounts:
            if not user.has_usable_password():
                user.set_password(password)
                user.save(update_fields=["password"])
        self.stdout.write(
            "demo staff (password "
            f"{password}; the first sign-in sets up the authenticator app): extern "
            "(complaints officer for all five organisations), and per organisation "
            + ", ".join(f"<slug>-{suffix}" for suffix, _name, _roles in DEMO_STAFF)
            + ", e.g. next-klachten"
        )
