"""Plan the rounds of background work, unless they are planned already: the hourly round
of term reminders and digests, the daily rounds of periodic reports and of removing
what is kept only for a while, and the round of access-log checkpoints.

Run once when workers start (``make run`` does); each round then plans itself.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from klachtpad.audit.tasks import checkpoint_tick
from klachtpad.notifications.tasks import tick_plan
from klachtpad.public.tasks import forget_tick
from klachtpad.reports.tasks import periodic_reports_tick
from klachtpad.rounds import round_plan


class Command(BaseCommand):
    help = (
        "Plan the rounds of reminders, periodic reports, removing what is kept only for a "
        "while, and access-log checkpoints."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        tick_plan()
        round_plan(periodic_reports_tick)
        round_plan(checkpoint_tick)
        round_plan(forget_tick)
        self.stdout.write(
            "The rounds are planned: reminders, periodic reports, removing what is kept "
            "only for a while, access-log checkpoints."
        )
