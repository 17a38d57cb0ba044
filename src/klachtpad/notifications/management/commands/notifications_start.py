"""Plan the hourly round of reminders and digests, unless it is planned already.

Run once when workers start (``make run`` does); the round then plans itself.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from klachtpad.notifications.tasks import tick_plan


class Command(BaseCommand):
    help = "Plan the hourly round of term reminders and daily digests."

    def handle(self, *args: Any, **options: Any) -> None:
        tick_plan()
        self.stdout.write("The reminder round is planned.")
