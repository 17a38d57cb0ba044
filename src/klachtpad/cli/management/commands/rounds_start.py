"""Plan the rounds of background work, unless they are planned already: every task an
app names a round (``rounds.round_task``): the hourly round of term reminders and
digests, the daily rounds of periodic reports and of removing what is kept only for a
while, and the round of access-log checkpoints.

Run once when workers start (``make run`` does); each round then plans itself.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from klachtpad.rounds import round_plan, rounds_known


class Command(BaseCommand):
    help = "Plan every round of background work (reminders, reports, removals, checkpoints)."

    def handle(self, *args: Any, **options: Any) -> None:
        planned = rounds_known()
        for found in planned:
            round_plan(found)
        names = ", ".join(sorted(found.name for found in planned))
        self.stdout.write(f"The rounds are planned: {names}.")
