"""The hourly reminder round on PostgreSQL, with 1,000 and with 100,000 terms running.

    make bench
    .venv/bin/python bench/reminders.py [--runs 5]

On a copy of the database of bench/reports.py and bench/worklist.py (made first when
missing), so the reminders sent here leave the other benches' data as it was. For each
scale, 1,000 and 100,000 running terms are left running (the rest met, every measure
realised), 50 of them ending tomorrow at two providers with officers; then:

* the round that sends those 50 reminders (``reminders_send``, as a worker that ran
  rounds before runs it; each officer gets a mail), median of ``--runs`` rounds, the
  reminders sent forgotten before each; and the next rounds, which have nothing to send;
* the floor: one hand-written query that finds the terms due (``DUE_SQL``), in the same
  run, at its best: PostgreSQL may plan it as a parallel scan of every term (its estimate
  of the running terms due misses that they end later than the met ones), which takes
  16-25 ms where the index on status and end takes under 1 ms. The floor is the faster
  of the two plans; the one PostgreSQL picked is printed beside it.

Printed: each round's time and queries beside the floor and the ratio. Target: a round
takes at most twice the floor. Results are appended to bench/results/reminders.md with
the machine's load.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import reports, worklist
from bench.serving import database_copy, database_use, keys_shared, machine, record

COPY = "klachtpad_bench_reminders"
DUE = 50
TARGET_RATIO = 2.0

# A scale: ``running`` terms run, ending in half a year, and ``due`` more end tomorrow.
SCALE_SQL = [
    "UPDATE complaints_term SET status = 'met', met_on = start_on, in_time = true",
    """
    UPDATE complaints_term SET status = 'running', met_on = NULL, in_time = NULL,
        end_on = %(later)s
    WHERE id IN (SELECT id FROM complaints_term ORDER BY id LIMIT %(running)s)
    """,
    "UPDATE complaints_measure SET realised_on = due_on WHERE realised_on IS NULL",
    "DELETE FROM notifications_remindersent",
    "UPDATE complaints_complaint SET next_term_end = NULL",
    """
    UPDATE complaints_term SET status = 'running', met_on = NULL, in_time = NULL,
        end_on = %(tomorrow)s
    WHERE id IN (
        SELECT t.id FROM complaints_term t JOIN complaints_complaint c ON c.id = t.complaint_id
        JOIN organisations_organisation o ON o.id = c.organisation_id
        WHERE o.slug IN ('bench-0123', 'bench-archive') AND t.status = 'met'
        ORDER BY t.id DESC LIMIT %(due)s
    )
    """,
    # The officers read their reminders by mail, as staff do.
    """
    UPDATE auth_user SET email = username || '@bench.example'
    WHERE username IN ('bench-officer', 'bench-archivist')
    """,
    "VACUUM ANALYZE complaints_term",
    "VACUUM ANALYZE complaints_measure",
]

# The floor: the running terms whose reminder is due by the horizon and not yet sent.
DUE_SQL = """
SELECT t.id, t.end_on, c.reference, c.organisation_id, c.handler_id
FROM complaints_term t JOIN complaints_complaint c ON c.id = t.complaint_id
WHERE t.status = 'running' AND t.end_on <= %(horizon)s
  AND NOT EXISTS (SELECT 1 FROM notifications_remindersent r
                  WHERE r.term_id = t.id AND r.kind = 'before' AND r.on = t.end_on)
"""


def scaled(running: int) -> None:
    """``running`` terms run, ``DUE`` of them end tomorrow at the providers with officers."""
    from django.db import connection
    from django.utils import timezone

    today = timezone.localdate()
    with connection.cursor() as cursor:
        for statement in SCALE_SQL:
            cursor.execute(
                statement,
                {
                    "running": running - DUE,
                    "later": today + timedelta(days=180),
                    "tomorrow": today + timedelta(days=1),
                    "due": DUE,
                },
            )


def sent_again() -> None:
    """As if the round's reminders were never sent: the next round sends them again."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM notifications_remindersent")


def floor_ms(runs: int, *, by_index: bool = False) -> float:
    """The floor's median; ``by_index``: planned to read the index on status and end."""
    from django.db import connection, transaction
    from django.utils import timezone

    horizon = timezone.localdate() + timedelta(days=14)
    found = []
    with transaction.atomic(), connection.cursor() as cursor:
        if by_index:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        for _run in range(runs + 2):
            started = time.perf_counter()
            cursor.execute(DUE_SQL, {"horizon": horizon})
            cursor.fetchall()
            found.append(time.perf_counter() - started)
    return statistics.median(found[2:]) * 1000


def round_timed() -> tuple[int, float, int]:
    """One round as the worker runs it: reminders sent, milliseconds, queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from klachtpad.notifications.reminders import reminders_send

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        sent = reminders_send(timezone.now())
        seconds = time.perf_counter() - started
    return sent, seconds * 1000, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    keys_shared()
    reports.setup(fresh=False)
    reports.generate()
    worklist.archive()
    worklist.long_file()
    database_use(database_copy(reports.SERVER, reports.DATABASE, COPY))
    cells, met = [], True
    for running in (1_000, 100_000):
        scaled(running)
        round_timed()  # the worker has run rounds before: its schemes and calendars are read
        scaled(running)
        planned = floor_ms(arguments.runs)
        floor = min(planned, floor_ms(arguments.runs, by_index=True))
        busy_rounds = []
        for _run in range(arguments.runs):
            sent_again()
            busy_rounds.append(round_timed())
        if any(sent != DUE for sent, _ms, _queries in busy_rounds):
            raise RuntimeError(f"{busy_rounds} reminders sent, {DUE} were due each time")
        busy = statistics.median(ms for _sent, ms, _queries in busy_rounds)
        busy_queries = busy_rounds[-1][2]
        quiet = [round_timed() for _run in range(arguments.runs)]
        if any(sent for sent, _ms, _queries in quiet):
            raise RuntimeError("a reminder was sent twice")
        quiet_ms = statistics.median(ms for _sent, ms, _queries in quiet)
        quiet_queries = quiet[-1][2]
        print(
            f"{running:,} running: round with {DUE} due {busy:.0f} ms, {busy_queries} queries; "
            f"quiet round {quiet_ms:.1f} ms, {quiet_queries} queries; floor {floor:.1f} ms "
            f"(as PostgreSQL planned it {planned:.1f} ms) ({busy / floor:.1f}x, quiet "
            f"{quiet_ms / floor:.1f}x)",
            flush=True,
        )
        met = met and busy <= TARGET_RATIO * floor and quiet_ms <= TARGET_RATIO * floor
        cells.append(
            f"{busy:.0f} ms, {busy_queries} q ({busy / floor:.1f}x) | "
            f"{quiet_ms:.1f} ms, {quiet_queries} q ({quiet_ms / floor:.1f}x) | {floor:.1f} ms "
            f"(as planned {planned:.1f})"
        )
    record(
        "reminders.md",
        "# The hourly reminder round (PostgreSQL)\n\n"
        f"{DUE} terms due among 1,000 and among 100,000 running; the round that sends "
        "them, the quiet rounds after it, and the floor: one hand-written query finding "
        "the terms due, in the same run, at the faster of its plan and the index's (from "
        "2026-12-06; before, as planned). Target: a round within 2x the floor.\n\n"
        f"| date | python | machine | round, {DUE} due, 1,000 running | quiet, 1,000 | "
        f"floor, 1,000 | round, {DUE} due, 100,000 | quiet, 100,000 | floor, 100,000 | "
        "target |\n|---|---|---|---|---|---|---|---|---|---|\n",
        f"{machine()} | {' | '.join(cells)} | {'met' if met else 'missed'} |",
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
