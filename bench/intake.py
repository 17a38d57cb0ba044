"""Public intake under a burst of filings, on PostgreSQL, served by gunicorn.

    make bench
    .venv/bin/python bench/intake.py [--forms 160] [--clients 16]

On a copy of the database of bench/reports.py and bench/worklist.py (made first when
missing), so the complaints filed here leave the other benches' data as it was, this
files complaints through the public form (all answers and "send" in one POST, with the
visitor's session and CSRF token) at the provider with 1,000 complaints and at the one
with a decade of them (100,000), beside the floor of ``bench.floors``: the same POST
through the same middleware inserting one row.

* one visitor filing one form after another: median latency;
* ``--clients`` visitors at once (a news item, a campaign): forms per second and p95.

Target: under the burst, intake keeps at least 70 % of the floor's throughput. Every
filed complaint is checked: one per form, references gapless. Results are appended to
bench/results/intake.md with the machine's load.
"""

from __future__ import annotations

import argparse
import re
import secrets
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import reports, worklist
from bench.serving import (
    cookies_of,
    database_copy,
    database_use,
    keys_shared,
    machine,
    post,
    record,
    served,
)

COPY = "klachtpad_bench_intake"
TARGET_SHARE = 0.70
ANSWERS = {
    "handling": "formal",
    "relation": "client",
    "name": "Anouk Bakker",
    "email": "anouk@example.org",
    "description": "Mijn begeleider kwam drie keer niet.\nHij belde ook niet af.",
    "desired_outcome": "Een vaste begeleider die op tijd komt.",
}


class Visitor:
    """One browser: its cookies and CSRF token from the form page, then forms sent."""

    def __init__(self, address: str, form: str) -> None:
        self.address = address
        self.form = form
        self.cookie, page = cookies_of(address, form)
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if found is None:
            raise RuntimeError(f"{form}: no CSRF token on the page")
        self.token = found.group(1).decode()

    def send(self, path: str) -> float:
        fields = {**ANSWERS, "csrfmiddlewaretoken": self.token, "key": secrets.token_urlsafe(24)}
        status, seconds, body = post(self.address, path, self.cookie, fields)
        if status != 302:
            raise RuntimeError(f"{path}: {status} {body[:600]!r}")
        return seconds


def serial_ms(visitor: Visitor, path: str, forms: int) -> float:
    return statistics.median(visitor.send(path) for _ in range(forms)) * 1000


def burst(visitors: list[Visitor], path: str, forms: int) -> tuple[float, float]:
    """Each visitor sends its share of ``forms`` at once: forms per second, p95 in ms."""
    share = max(forms // len(visitors), 1)
    started = time.perf_counter()
    with ThreadPoolExecutor(len(visitors)) as pool:
        found = [
            seconds
            for part in pool.map(lambda v: [v.send(path) for _ in range(share)], visitors)
            for seconds in part
        ]
    elapsed = time.perf_counter() - started
    return len(found) / elapsed, statistics.quantiles(found, n=20)[18] * 1000


def filed(organisation: str) -> list[int]:
    """The numbers of this year's references of the complaints filed by form."""
    from django.utils import timezone

    from klachtpad.complaints.models import Complaint

    prefix = f"{timezone.localdate().year}-"
    references = Complaint.objects.filter(
        organisation__slug=organisation, channel="form", reference__startswith=prefix
    ).values_list("reference", flat=True)
    return sorted(int(reference[len(prefix) :]) for reference in references)


def filed_rightly(organisation: str, before: list[int], forms: int) -> None:
    """One complaint per form sent, with references that follow each other."""
    numbers = filed(organisation)
    if len(numbers) - len(before) != forms or numbers != list(
        range(numbers[0], numbers[0] + len(numbers))
    ):
        raise RuntimeError(
            f"{organisation}: {len(numbers) - len(before)} complaints, {forms} forms"
        )


def main() -> int:  # one measurement after another, printed as it goes
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forms", type=int, default=160)
    parser.add_argument("--clients", type=int, default=16)
    arguments = parser.parse_args()
    keys_shared()
    reports.setup(fresh=False)
    reports.generate()
    worklist.archive()

    from klachtpad.organisations.models import Organisation, Procedure

    places = {}
    for slug in ("bench-0123", "bench-archive"):
        organisation = Organisation.objects.get(slug=slug)
        places[slug] = (organisation.pk, Procedure.objects.get(organisation=organisation).key)
    database = database_copy(reports.SERVER, reports.DATABASE, COPY)
    database_use(database)
    forms, clients = arguments.forms, arguments.clients
    rows = []
    settings = {"KLACHTPAD_SUBMISSIONS_PER_HOUR": "1000000"}  # one address sends them all
    with served(database, settings=settings) as (address, _pid):
        for slug, (pk, key) in places.items():
            form = f"/{slug}/klacht/{key}/"
            floor = f"/bench/insert/{pk}/"
            visitors = [Visitor(address, form) for _ in range(clients)]
            serial_ms(visitors[0], form, 5)  # warm: plans, caches
            serial_ms(visitors[0], floor, 5)
            before = filed(slug)
            one, one_floor = serial_ms(visitors[0], form, 30), serial_ms(visitors[0], floor, 30)
            rate, p95 = burst(visitors, form, forms)
            floor_rate, floor_p95 = burst(visitors, floor, forms)
            filed_rightly(slug, before, 30 + forms // clients * clients)
            share = rate / floor_rate
            print(
                f"{slug}: one visitor {one:.1f} ms (floor {one_floor:.1f}); {clients} at once "
                f"{rate:.1f} forms/s, p95 {p95:.0f} ms (floor {floor_rate:.1f}/s, p95 "
                f"{floor_p95:.0f} ms): {share:.0%} of the floor",
                flush=True,
            )
            rows.append((one, one_floor, rate, p95, floor_rate, floor_p95, share))
    met = all(row[-1] >= TARGET_SHARE for row in rows)
    cells = " | ".join(
        f"{one:.0f} ms (floor {one_floor:.0f}) | {rate:.1f}/s, p95 {p95:.0f} ms "
        f"(floor {floor_rate:.1f}/s, {floor_p95:.0f} ms): {share:.0%}"
        for one, one_floor, rate, p95, floor_rate, floor_p95, share in rows
    )
    record(
        "intake.md",
        "# Public intake under a burst (PostgreSQL, gunicorn 2 workers)\n\n"
        f"A form POST with every answer; one visitor, then {clients} at once. The floor is "
        "a POST through the same middleware inserting one row, in the same run. Target: "
        "under the burst at least 70 % of the floor's forms per second.\n\n"
        "| date | python | machine | one visitor, 1,000 | burst, 1,000 | "
        "one visitor, 100,000 | burst, 100,000 | target |\n"
        "|---|---|---|---|---|---|---|---|\n",
        f"{machine()} | {cells} | {'met' if met else 'missed'} |",
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
