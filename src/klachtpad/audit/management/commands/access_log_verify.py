"""Check every organisation's access log: the chain and its checkpoints. Exit 1 on a break."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from klachtpad.audit.anchors import checkpoints_write
from klachtpad.audit.services import access_log_verify
from klachtpad.organisations.models import Organisation


class Command(BaseCommand):
    help = "Verify the access log of every organisation against its chain and checkpoints."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint", action="store_true", help="write a checkpoint of each chain first"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["checkpoint"]:
            written = checkpoints_write(timezone.now())
            self.stdout.write(f"{written} checkpoint(s) written")
        broken = 0
        for organisation in Organisation.objects.order_by("slug"):
            breaks = access_log_verify(organisation)
            state = (
                "intact" if not breaks else ", ".join(f"#{b.sequence} {b.problem}" for b in breaks)
            )
            self.stdout.write(f"{organisation.slug}: {state}")
            broken += bool(breaks)
        if broken:
            raise CommandError(f"the access log of {broken} organisation(s) does not verify")
