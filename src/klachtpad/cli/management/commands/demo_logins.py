"""Print the demo logins that exist, as ``make run`` shows them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from klachtpad.cli.management.commands.demo_load import demo_logins_text


class Command(BaseCommand):
    help = "Print the demo logins and their roles (after demo_load)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(demo_logins_text())
