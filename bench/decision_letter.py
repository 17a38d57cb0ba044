"""Median time to write one decision letter: gather the facts from the complaint file,
fill in the templates, and render the PDF with WeasyPrint.

    make bench                      # all benchmarks, on SQLite
    .venv/bin/python bench/decision_letter.py --runs 30

A throwaway database gets the five example organisations and one decided complaint per
organisation with two measures; each run renders each organisation's decision letter
(letter kind as the scheme names it). Target: a median of 250 ms or less per letter.
Results are appended to bench/results/decision_letter.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Django is set up in main(); the model is imported for its type only
    from klachtpad.complaints.models import Complaint

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 250.0


def setup() -> None:
    os.environ.setdefault("KLACHTPAD_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klachtpad.settings")
    data = tempfile.mkdtemp(prefix="klachtpad-bench-")
    os.environ["KLACHTPAD_DATA_DIR"] = data
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{data}/bench.sqlite3")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def decided_complaints() -> list[Complaint]:
    from django.utils import timezone

    from klachtpad.complaints import services
    from klachtpad.domain.schemes.vocabulary import Channel, Handling, Relation, Verdict
    from klachtpad.organisations.models import Procedure
    from klachtpad.organisations.services import scheme_load

    for path in sorted((ROOT / "schemes").glob("*.yaml")):
        scheme_load(text=path.read_text(encoding="utf-8"), source=f"schemes/{path.name}")
    actor = services.Actor(name="Bench Officer")
    found: list[Complaint] = []
    for procedure in Procedure.objects.order_by("organisation__slug", "id").distinct():
        if any(c.organisation_id == procedure.organisation_id for c in found):
            continue
        complaint = services.complaint_register(
            procedure=procedure,
            actor=actor,
            channel=Channel.LETTER,
            handling=Handling.FORMAL,
            complainant=services.Complainant(
                name="A. Jansen", relation=Relation.CLIENT, address="Dorpsstraat 1\n1234 AB Ede"
            ),
            details=services.Details(summary="Afspraken", description="Afspraken vergeten."),
        )
        due = timezone.localdate() + timedelta(days=30)
        found.append(
            services.complaint_judgement_record(
                complaint,
                actor=actor,
                verdict=Verdict.PARTLY_UPHELD,
                reasons="De afspraken zijn twee keer niet nagekomen. " * 5,
                decisions="Excuses en een nieuwe begeleider.",
                recommendations="Afspraken schriftelijk bevestigen.",
                measures=[
                    services.MeasureInput(
                        description="Nieuwe begeleider", owner="Team", due_on=due
                    ),
                    services.MeasureInput(description="Scholing", owner="Directie", due_on=due),
                ],
                late_explanation="Ziekte.",
            )
        )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    setup()
    from django.db import connection
    from django.utils import timezone

    from klachtpad.domain.schemes.vocabulary import DocumentKind
    from klachtpad.letters.facts import facts_for
    from klachtpad.letters.rendering import pdf_from_html
    from klachtpad.letters.services import letter_render

    complaints = decided_complaints()
    timings: list[float] = []
    for run in range(options.runs + 1):
        for complaint in complaints:
            start = time.perf_counter()
            facts = facts_for(
                complaint, DocumentKind.DECISION, at=timezone.now(), signer="Bench", language="nl"
            )
            letter = letter_render(complaint.organisation, facts)
            pdf = pdf_from_html(letter.html)
            elapsed = (time.perf_counter() - start) * 1000
            if not pdf.startswith(b"%PDF"):
                raise RuntimeError("WeasyPrint did not return a PDF")
            if run > 0:  # the first round warms up fonts and caches
                timings.append(elapsed)
    median = statistics.median(timings)
    line = (
        f"| {time.strftime('%Y-%m-%d')} | {platform.python_version()} | "
        f"{connection.vendor} | {len(timings)} | {median:.0f} ms | "
        f"{max(timings):.0f} ms | {'met' if median <= TARGET_MS else 'NOT MET'} |"
    )
    print(
        f"decision letter: median {median:.0f} ms over {len(timings)} letters "
        f"(target {TARGET_MS:.0f} ms)"
    )
    results = ROOT / "bench" / "results" / "decision_letter.md"
    if not results.exists():
        results.write_text(
            "# Decision letter: facts, templates and PDF\n\n"
            "| date | python | database | letters | median | slowest | target 250 ms |\n"
            "|---|---|---|---|---|---|---|\n"
        )
    with results.open("a") as out:
        out.write(line + "\n")
    return 0 if median <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
