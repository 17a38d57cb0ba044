"""Staff pages on PostgreSQL at the scale of a complaints service, served by gunicorn.

    make bench
    .venv/bin/python bench/worklist.py [--runs 40] [--users 16]

On the database of bench/reports.py (1,000,000 complaints over 1,000 organisations, made
first when missing) this adds an organisation with a decade of complaints (100,000) and
a complaint with 155 history entries, then serves Klachtpad with gunicorn (2 workers,
debug off) beside the floors of ``bench.floors``, and measures over HTTP:

* the worklist of an officer with 1,000 complaints in scope, one with 100,000, and the
  external officer serving all 1,000 organisations (1,000,000): median of one user, and
  p95 with 16 users at once;
* search by reference and by word among 100,000;
* the complaint page with 155 history entries;
* the web workers' memory after 1,000 mixed requests (and whether it still grows).

Each figure is printed beside its floor from the same run and the ratio; results are
appended to bench/results/worklist.md with the machine's load.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import reports
from bench.serving import (
    keys_shared,
    machine,
    median_ms,
    p95_ms,
    record,
    served,
    session_for,
    timings,
)

ARCHIVE = 100_000
HISTORY = 155
TARGET_MS = 25.0  # one user, any scope
TARGET_P95_MS = 150.0  # 16 users
TARGET_PAGE_MS = 30.0
TARGET_RSS_MB = 120.0

# A decade of complaints of one provider, as the reports bench writes them: every
# seventh open with its decision term, references per year.
ARCHIVE_SQL = [
    """
    INSERT INTO complaints_complaint (
        organisation_id, procedure_id, reference, version, handling, state, closure, step,
        step_entered_on, channel, received_on, formal_received_on, filled_in_together,
        acknowledged_on, client_name, complainant_name, complainant_relation,
        complainant_email, complainant_phone, complainant_address, language, support_name,
        support_kind, summary, description, location, care_type, desired_outcome,
        already_tried, events_older_than_limit, late_explanation, declined_reason,
        verdict, satisfaction_remark, created_at, member, next_term_end
    )
    SELECT %(organisation)s, %(procedure)s,
        extract(year FROM d.received)::int || '-' || lpad((g.i %% 10000 + 1)::text, 5, '0'),
        1, 'formal', CASE WHEN g.i %% 7 = 0 THEN 'open' ELSE 'closed' END,
        CASE WHEN g.i %% 7 = 0 THEN '' ELSE 'judged' END, 'employee', d.received, 'letter',
        d.received, d.received, false, d.received + 3, '', 'Klager ' || g.i, 'client', '',
        '', '', 'nl', '', '',
        'Klacht over ' || (ARRAY['maaltijden', 'bejegening', 'de rekening', 'planning',
                                 'schoonmaak'])[1 + g.i %% 5],
        'Omschrijving', 'Utrecht', 'Wmo', '', '', false, '', '', '', '', now(), '',
        CASE WHEN g.i %% 7 = 0 THEN d.received + 42 END
    FROM generate_series(0, %(count)s - 1) AS g(i)
    CROSS JOIN LATERAL (
        SELECT make_date(2016 + g.i / 10000, 1, 1) + (g.i %% 10000) * 365 / 10000 AS received
    ) d
    """,
    """
    INSERT INTO complaints_term (complaint_id, step, kind, rule, start_on, original_end_on,
                                 end_on, status, met_on, in_time, stopped_reason)
    SELECT id, '', 'decision', '{}'::jsonb, received_on, received_on + 42, received_on + 42,
           'running', NULL, NULL, ''
    FROM complaints_complaint WHERE organisation_id = %(organisation)s AND state = 'open'
    """,
]


def archive() -> tuple[int, str]:
    """The organisation with 100,000 complaints and its officer (made once)."""
    from django.contrib.auth.models import User

    from klachtpad.organisations.models import Membership, Organisation

    found = Organisation.objects.filter(slug="bench-archive").first()
    if found is None:
        found = _archive_made()
    user, _ = User.objects.get_or_create(username="bench-archivist")
    Membership.objects.get_or_create(user=user, organisation=found, role="complaints_officer")
    return found.pk, user.username


def _archive_made() -> Any:
    from django.db import connection, transaction

    from klachtpad.organisations.models import Organisation, Procedure, SchemeVersion

    with transaction.atomic():
        template = Organisation.objects.get(slug="bench-0000")
        found = Organisation.objects.create(
            slug="bench-archive",
            name="Zorgaanbieder met archief",
            working_weekdays=template.working_weekdays,
        )
        source = SchemeVersion.objects.get(organisation=template)
        version = SchemeVersion.objects.create(
            organisation=found,
            number=1,
            source_name=source.source_name,
            source_text=source.source_text,
            content_hash=source.content_hash,
            data=source.data,
            calendar=source.calendar,
        )
        copied = Procedure.objects.get(organisation=template)
        procedure = Procedure.objects.create(
            organisation=found,
            scheme_version=version,
            key=copied.key,
            name_nl=copied.name_nl,
            name_en=copied.name_en,
            regime=copied.regime,
        )
        with connection.cursor() as cursor:
            for statement in ARCHIVE_SQL:
                cursor.execute(
                    statement,
                    {"organisation": found.pk, "procedure": procedure.pk, "count": ARCHIVE},
                )
    with connection.cursor() as cursor:  # the planner learns of the new provider's rows
        cursor.execute("ANALYZE complaints_complaint, complaints_term")
    return found


def long_file() -> tuple[int, str, str]:
    """An officer of one provider (1,000 complaints) and a file with 155 history entries."""
    from django.contrib.auth.models import User

    from klachtpad.complaints import services
    from klachtpad.complaints.models import Complaint
    from klachtpad.domain.schemes.vocabulary import Channel, Handling, Relation
    from klachtpad.organisations.models import Membership, Organisation

    organisation = Organisation.objects.get(slug="bench-0123")
    user, _ = User.objects.get_or_create(username="bench-officer")
    Membership.objects.get_or_create(
        user=user, organisation=organisation, role="complaints_officer"
    )
    complaint = Complaint.objects.filter(
        organisation=organisation, complainant_name="Bench Lange Geschiedenis"
    ).first()
    if complaint is None:
        actor = services.Actor.staff(user)
        complaint = services.complaint_register(
            procedure=organisation.procedures.get(),
            actor=actor,
            channel=Channel.LETTER,
            handling=Handling.FORMAL,
            complainant=services.Complainant(
                name="Bench Lange Geschiedenis", relation=Relation.CLIENT
            ),
            details=services.Details(summary="Lange geschiedenis", description="Veel notities"),
        )
        complaint = services.complaint_acknowledge(complaint, actor=actor)
        while complaint.history.count() < HISTORY:
            complaint = services.complaint_note_add(
                complaint, actor=actor, note=f"Gebeld met de klager ({complaint.version})."
            )
    return organisation.pk, user.username, complaint.reference


def rss_mb(server_pid: int) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields["PPid"]) == server_pid and "VmRSS" in fields:
            found.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(found)


def main() -> int:  # one measurement after another, printed as it goes
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--users", type=int, default=16)
    arguments = parser.parse_args()
    keys_shared()
    reports.setup(fresh=False)
    reports.generate()

    from django.db import connection

    archive_id, archivist = archive()
    small_id, officer, reference = long_file()
    cookies = {name: session_for(name) for name in (officer, archivist, "bench-platform")}
    database = os.environ["DATABASE_URL"]
    connection.close()
    runs, users = arguments.runs, arguments.users
    results: dict[str, tuple[float, float]] = {}

    with served(database) as (address, pid):

        def measure(name: str, path: str, cookie: str, floor_of: int) -> None:
            page = median_ms(address, path, cookie, runs)
            floor = median_ms(address, f"/bench/session/{floor_of}/", cookie, runs)
            results[name] = (page, floor)
            print(f"{name}: {page:.1f} ms, floor {floor:.1f} ms, {page / floor:.1f}x", flush=True)

        small = "/staff/bench-0123/complaints/"
        large = "/staff/bench-archive/complaints/"
        bare = median_ms(address, f"/bench/bare/{small_id}/", "", runs)
        print(f"bare floor: {bare:.1f} ms", flush=True)
        measure("worklist, 1,000 in scope", small, cookies[officer], small_id)
        measure("worklist, 100,000 in scope", large, cookies[archivist], archive_id)
        measure(
            "worklist, external officer, 1,000 organisations (1,000,000)",
            "/staff/all/complaints/",
            cookies["bench-platform"],
            small_id,
        )
        measure(
            "search by reference, 100,000 in scope",
            f"{large}?q=2019-00042",
            cookies[archivist],
            archive_id,
        )
        measure(
            "search by word, 100,000 in scope",
            f"{large}?q=rekening",
            cookies[archivist],
            archive_id,
        )
        measure(
            f"complaint page ({HISTORY} history entries)",
            f"/staff/bench-0123/complaints/{reference}/",
            cookies[officer],
            small_id,
        )
        crowd: dict[str, tuple[float, float]] = {}
        for name, path, cookie, floor_of in (
            ("1,000", small, cookies[officer], small_id),
            ("100,000", large, cookies[archivist], archive_id),
        ):
            page = p95_ms(address, path, cookie, users, max(runs // 4, 5))
            floor = p95_ms(address, f"/bench/session/{floor_of}/", cookie, users, max(runs // 4, 5))
            crowd[name] = (page, floor)
            print(
                f"worklist, {users} users, {name} in scope, p95: {page:.0f} ms, "
                f"floor {floor:.0f} ms",
                flush=True,
            )

        fresh = rss_mb(pid)
        mixed = [
            (small, cookies[officer]),
            (large, cookies[archivist]),
            (f"{large}?q=planning", cookies[archivist]),
            (f"/staff/bench-0123/complaints/{reference}/", cookies[officer]),
            ("/staff/all/complaints/", cookies["bench-platform"]),
        ]
        memory = []
        for part in range(2):
            for number in range(500):
                path, cookie = mixed[number % len(mixed)]
                timings(address, path, cookie, 1)
            memory.append(max(rss_mb(pid)))
            print(
                f"web worker RSS after {500 * (part + 1)} requests: {memory[-1]:.0f} MB", flush=True
            )

    one = [
        page for name, (page, _floor) in results.items() if name.startswith(("worklist", "search"))
    ]
    page_ms = results[f"complaint page ({HISTORY} history entries)"][0]
    met = (
        max(one) <= TARGET_MS
        and all(page <= TARGET_P95_MS for page, _floor in crowd.values())
        and page_ms <= TARGET_PAGE_MS
        and memory[-1] <= TARGET_RSS_MB
        and memory[-1] <= memory[0] * 1.05
    )
    cells = " | ".join(f"{page:.1f} ms ({page / floor:.1f}x)" for page, floor in results.values())
    crowd_cells = " | ".join(f"{page:.0f} ms (floor {floor:.0f})" for page, floor in crowd.values())
    record(
        "worklist.md",
        "# Staff pages at the scale of a complaints service (PostgreSQL, gunicorn 2 workers)\n\n"
        "Each page: median of one user, and in brackets the ratio to the signed-in floor "
        "(one indexed SELECT of 50 rows behind the session) measured in the same run.\n\n"
        "| date | python | machine | bare floor | worklist 1,000 | worklist 100,000 | "
        "external officer, 1,000,000 | reference search, 100,000 | word search, 100,000 | "
        f"complaint page ({HISTORY} entries) | 16 users p95, 1,000 | 16 users p95, 100,000 | "
        "worker RSS fresh / 500 / 1,000 requests | targets |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
        f"{machine()} | {bare:.1f} ms | {cells} | {crowd_cells} | "
        f"{max(fresh):.0f} / {memory[0]:.0f} / {memory[1]:.0f} MB | {'met' if met else 'missed'} |",
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
