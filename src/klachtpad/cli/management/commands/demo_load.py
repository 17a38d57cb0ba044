"""Load the example organisations, a demo administrator and demo complaints
(development only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from klachtpad.accounts.invitations import demo_first_sign_in_allow
from klachtpad.cli.demo import demo_complaints_load
from klachtpad.complaints.services import Actor
from klachtpad.domain.permissions import StaffRole
from klachtpad.organisations.models import Membership, Organisation

DEMO_PASSWORD = "klachtpad-demo"  # noqa: S105  # the published demo password, DEBUG only
DEMO_ADMIN = "admin"
DEMO_EXTERNAL = "extern"
# Demo staff per organisation: user name suffix, name, roles.
DEMO_STAFF = [
    ("klachten", "Kim Klachtenfunctionaris", [StaffRole.COMPLAINTS_OFFICER]),
    ("begeleider", "Bas Begeleider", [StaffRole.KEY_WORKER]),
    ("coordinator", "Cor Coördinator", [StaffRole.LINE_MANAGER]),
    ("kwaliteit", "Kees Kwaliteit", [StaffRole.QUALITY_COORDINATOR]),
    ("directie", "Dirk Directeur", [StaffRole.MANAGEMENT]),
    ("beheer", "Bea Beheerder", [StaffRole.ORGANISATION_ADMIN]),
    ("privacy", "Petra Privacy", [StaffRole.LOG_ADMINISTRATOR]),
]


def demo_usernames() -> list[str]:
    """Every demo login, in the order ``make run`` prints them."""
    slugs = Organisation.objects.order_by("slug").values_list("slug", flat=True)
    return [
        DEMO_ADMIN,
        DEMO_EXTERNAL,
        *(f"{slug}-{suffix}" for slug in slugs for suffix, _n, _r in DEMO_STAFF),
    ]


def demo_logins_text() -> str:
    """The demo logins that exist in the database, with their roles, as ``make run`` prints."""
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=demo_usernames())
    }
    lines = [f"Demo logins (password for every one: {DEMO_PASSWORD})"]
    if DEMO_ADMIN in users:
        lines.append(f"  {DEMO_ADMIN:<26} platform administrator (/admin/)")
    for username in demo_usernames()[1:]:
        user = users.get(username)
        if user is None:
            continue
        memberships = Membership.objects.filter(user=user).select_related("organisation")
        organisations = sorted({m.organisation.slug for m in memberships})
        roles = sorted({str(m.get_role_display()) for m in memberships})
        where = "all organisations" if len(organisations) > 1 else organisations[0]
        lines.append(f"  {username:<26} {', '.join(roles)} ({where})")
    return "\n".join(lines)


def _password(user: User) -> None:
    # An account made with get_or_create has the empty password, which Django counts as
    # usable: the demo password is set on every account that has no real one yet.
    if not user.password or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    demo_first_sign_in_allow(user)


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
        user, _ = get_user_model().objects.get_or_create(
            username=DEMO_ADMIN, defaults={"is_staff": True, "is_superuser": True}
        )
        _password(user)
        self._staff()  # first, so the demo complaints notify them
        actor = Actor.staff(user)
        for organisation in Organisation.objects.all():
            for state, outcome in demo_complaints_load(organisation=organisation, actor=actor):
                self.stdout.write(f"{organisation.slug}: {state}: {outcome}")
        self.stdout.write(demo_logins_text())

    def _staff(self) -> None:
        users = get_user_model().objects
        external, _ = users.get_or_create(
            username=DEMO_EXTERNAL,
            defaults={"first_name": "Eva", "last_name": "Extern", "email": "extern@example.org"},
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
            _password(user)
