"""Report speed on PostgreSQL with 1 million complaints over 1,000 organisations.

    make bench                                  # all benchmarks
    .venv/bin/python bench/reports.py --runs 20 [--fresh]

Builds (once; ``--fresh`` builds again) the database ``klachtpad_bench_reports`` on the
PostgreSQL server of BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432):
1,000 organisations with the IederZijnWerk scheme, and 1,000 complaints each received
over 2022-2026 with categories, terms, judgements, measures and referrals, written by SQL.

Then, in the same run, each report in turns with its hand-written floor, the median of:

* one organisation's annual report for 2025 (``report_build``: figures for 2025 and
  2024, the late and declined explanations without personal data, improvement actions);
* the same figures computed by one hand-written SQL query (``HAND_SQL``), whose result
  is checked against the report's; target: the report takes at most 1.2 times as long;
* the platform report over all 1,000 organisations, as the worker builds it (each
  organisation's figures, then all together), and its floor: the same figures in one
  hand-written query (``PLATFORM_SQL``), checked against the build's result; target: at
  most 1.2 times the floor.

Results are appended to bench/results/reports.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.serving import machine, record

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "klachtpad_bench_reports"
ORGANISATIONS = 1000
COMPLAINTS = 1_000_000
YEAR = 2025
AS_OF = date(2026, 11, 22)
RATIO_TARGET = 1.2
HEADER = (
    "# Reports on 1 million complaints over 1,000 organisations (PostgreSQL)\n\n"
    "Medians of one run. Targets: each report within 1.2 times its hand-written query "
    "in the same run, with the same figures.\n\n"
    "| date | python | machine | complaints | one organisation's annual report | "
    "hand-written SQL | ratio | platform report | hand-written SQL | ratio | "
    "figures agree | targets |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
)


def setup(fresh: bool) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        if exists and fresh:
            connection.execute(f"DROP DATABASE {DATABASE} WITH (FORCE)")
        if not exists or fresh:
            connection.execute(f"CREATE DATABASE {DATABASE}")
    os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    os.environ.setdefault("KLACHTPAD_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klachtpad.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate() -> None:
    """Organisations through the ORM (1,000 rows), complaints and the rest by SQL."""
    from django.contrib.auth.models import User
    from django.db import connection

    from klachtpad.complaints.models import Complaint
    from klachtpad.organisations.models import (
        Category,
        Membership,
        Organisation,
        Procedure,
        SchemeVersion,
    )
    from klachtpad.organisations.services import scheme_load

    if Complaint.objects.count() >= COMPLAINTS:
        return
    started = time.perf_counter()
    source = (ROOT / "schemes" / "iederzijnwerk.yaml").read_text(encoding="utf-8")
    template = scheme_load(text=source, source="schemes/iederzijnwerk.yaml").version
    procedure = Procedure.objects.get(scheme_version=template)
    categories = list(Category.objects.filter(organisation=template.organisation))
    organisations = Organisation.objects.bulk_create(
        Organisation(
            slug=f"bench-{n:04d}",
            name=f"Zorgaanbieder {n:04d}",
            working_weekdays=template.organisation.working_weekdays,
        )
        for n in range(ORGANISATIONS)
    )
    versions = SchemeVersion.objects.bulk_create(
        SchemeVersion(
            organisation=organisation,
            number=1,
            source_name=template.source_name,
            source_text=template.source_text,
            content_hash=template.content_hash,
            data=template.data,
            calendar=template.calendar,
        )
        for organisation in organisations
    )
    Procedure.objects.bulk_create(
        Procedure(
            organisation=organisation,
            scheme_version=version,
            key=procedure.key,
            name_nl=procedure.name_nl,
            name_en=procedure.name_en,
            regime=procedure.regime,
        )
        for organisation, version in zip(organisations, versions, strict=True)
    )
    Category.objects.bulk_create(
        Category(organisation=organisation, code=c.code, name_nl=c.name_nl, name_en=c.name_en)
        for organisation in organisations
        for c in categories
    )
    # An external complaints service: complaints officer in every organisation.
    user = User.objects.create(username="bench-platform")
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, role="complaints_officer")
        for organisation in organisations
    )
    with connection.cursor() as cursor:
        for statement in GENERATE:
            cursor.execute(statement, {"complaints": COMPLAINTS, "organisations": ORGANISATIONS})
        cursor.execute("ANALYZE")
    print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)


# Every tenth complaint is a concern; the rest formal. i decides everything, so a run is
# reproducible: 5 years of receipt days, 5 channels, 5 locations, 4 verdicts...
GENERATE = [
    """
    CREATE TEMP TABLE bench_org AS
    SELECT row_number() OVER (ORDER BY o.id) - 1 AS n, o.id AS organisation_id, p.id AS procedure_id
    FROM organisations_organisation o JOIN organisations_procedure p ON p.organisation_id = o.id
    WHERE o.slug LIKE 'bench-%%'
    """,
    """
    INSERT INTO complaints_complaint (
        organisation_id, procedure_id, reference, version, handling, state, closure, step,
        step_entered_on, channel, received_on, formal_received_on, filled_in_together,
        acknowledged_on, client_name, complainant_name, complainant_relation,
        complainant_email, complainant_phone, complainant_address, language, support_name,
        support_kind, summary, description, event_date, location, care_type,
        desired_outcome, already_tried, events_older_than_limit, decided_on,
        decision_due_on, decided_in_time, late_explanation, declined_reason, closed_on,
        verdict, referred_on, satisfaction, satisfaction_remark, satisfaction_recorded_on,
        created_at, member, next_term_end
    )
    SELECT
        b.organisation_id, b.procedure_id, 'B-' || g.i, 1,
        CASE WHEN x.v %% 10 = 0 THEN 'informal' ELSE 'formal' END,
        CASE WHEN x.v %% 7 = 0 THEN 'open' ELSE 'closed' END,
        CASE WHEN x.v %% 7 = 0 THEN ''
             WHEN x.v %% 10 = 0 THEN 'resolved'
             WHEN x.v %% 11 = 0 THEN 'declined'
             WHEN x.v %% 13 = 0 THEN 'withdrawn'
             ELSE 'judged' END,
        (ARRAY['employee', 'coordinator', 'management', 'kpz'])[1 + x.v %% 4],
        d.received, (ARRAY['form', 'email', 'letter', 'phone', 'in_person'])[1 + x.v %% 5],
        d.received, CASE WHEN x.v %% 10 = 0 THEN NULL ELSE d.received END, false,
        d.received + 3, '', 'Klager ' || g.i, 'client', '', '', '', 'nl', '', '',
        'Klacht ' || g.i, 'Omschrijving', NULL,
        (ARRAY['Utrecht', 'Zeist', 'Amersfoort', 'Houten', ''])[1 + x.v %% 5],
        (ARRAY['Wmo', 'Wlz', 'Jeugd', ''])[1 + x.v %% 4], '', '', false,
        CASE WHEN x.v %% 7 <> 0 AND x.v %% 10 <> 0 AND x.v %% 13 <> 0
             THEN d.received + (x.v %% 60) END,
        CASE WHEN x.v %% 7 <> 0 AND x.v %% 10 <> 0 AND x.v %% 13 <> 0 THEN d.received + 42 END,
        CASE WHEN x.v %% 7 <> 0 AND x.v %% 10 <> 0 AND x.v %% 13 <> 0
             THEN x.v %% 60 <= 42 END,
        CASE WHEN x.v %% 7 <> 0 AND x.v %% 10 <> 0 AND x.v %% 13 <> 0 AND x.v %% 60 > 42
             THEN 'Vertraagd door ziekte van de behandelaar.' ELSE '' END,
        CASE WHEN x.v %% 7 <> 0 AND x.v %% 10 <> 0 AND x.v %% 11 = 0
             THEN 'Gaat niet over onze zorg.' ELSE '' END,
        CASE WHEN x.v %% 7 = 0 THEN NULL ELSE d.received + (x.v %% 60) + 2 END,
        CASE WHEN x.v %% 7 <> 0 AND x.v %% 10 <> 0 AND x.v %% 11 <> 0 AND x.v %% 13 <> 0
             THEN (ARRAY['upheld', 'partly_upheld', 'not_upheld', 'not_admissible'])[1 + x.v %% 4]
             ELSE '' END,
        CASE WHEN x.v %% 20 = 3 THEN d.received + 10 END,
        CASE WHEN x.v %% 7 <> 0 AND x.v %% 3 = 0 THEN 1 + x.v %% 5 END, '',
        NULL, now(), '',
        CASE WHEN x.v %% 7 = 0 AND x.v %% 10 <> 0 THEN d.received + 42 END
    FROM generate_series(0, %(complaints)s - 1) AS g(i)
    JOIN bench_org b ON b.n = g.i %% %(organisations)s
    CROSS JOIN LATERAL (
        SELECT date '2022-01-01' + (g.i / %(organisations)s * 7 %% 1826) AS received
    ) d
    -- complaint i is organisation i mod 1,000's; v varies within each organisation too
    CROSS JOIN LATERAL (SELECT g.i + g.i / %(organisations)s AS v) x
    """,
    """
    INSERT INTO complaints_complaint_categories (complaint_id, category_id)
    SELECT c.id, cat.id FROM complaints_complaint c
    JOIN organisations_category cat ON cat.organisation_id = c.organisation_id
    WHERE c.reference LIKE 'B-%%'
      AND (cat.code = (ARRAY['support', 'day_activities', 'household', 'agreements', 'other'])
                      [1 + (c.id + c.id / 1000) %% 5]
           OR (c.id %% 3 = 0 AND cat.code = 'other' AND (c.id + c.id / 1000) %% 5 <> 4))
    """,
    """
    INSERT INTO complaints_term (complaint_id, step, kind, rule, start_on, original_end_on,
                                 end_on, status, met_on, in_time, stopped_reason)
    SELECT id, '', 'decision', '{}'::jsonb, received_on, received_on + 42, received_on + 42,
           'running', NULL, NULL, ''
    FROM complaints_complaint WHERE reference LIKE 'B-%%' AND state = 'open' AND handling = 'formal'
    """,
    """
    INSERT INTO complaints_judgement (complaint_id, step, given_by, given_on, verdict,
                                      reasons, decisions, recommendations, resolved,
                                      no_measures_reason, binding, body, body_name)
    SELECT id, step, 'Klachtenfunctionaris', decided_on, verdict,
           'Redenen', '', CASE WHEN id %% 2 = 0 THEN 'Aanbeveling' ELSE '' END, false,
           '', false, '', ''
    FROM complaints_complaint WHERE reference LIKE 'B-%%' AND closure = 'judged'
    """,
    """
    INSERT INTO complaints_measure (judgement_id, description, owner, due_on, realised_on,
                                    realised_note)
    SELECT id, 'Maatregel', 'Teamleider', given_on + 30,
           CASE WHEN id %% 3 = 0 THEN NULL
                WHEN id %% 3 = 1 THEN given_on + 20 ELSE given_on + 40 END, ''
    FROM complaints_judgement WHERE verdict IN ('upheld', 'partly_upheld')
    """,
    """
    INSERT INTO complaints_referral (complaint_id, body, body_name, step, referred_on,
                                     handed_over, returned_on, outcome, outcome_summary)
    SELECT id, 'kpz', 'Klachtenportaal Zorg', 'kpz', referred_on, 'Dossier',
           received_on + 40, (ARRAY['resolved', 'not_resolved', ''])[1 + id %% 3], ''
    FROM complaints_complaint WHERE reference LIKE 'B-%%' AND referred_on IS NOT NULL
    """,
]

# The same figures in one query, written by hand: totals and every dimension, for the
# year and the year before, for one organisation.
HAND_SQL = """
WITH c AS (
    SELECT id, (received_on >= %(start)s)::int AS cur, handling, state, closure, step,
           channel, location, care_type, decided_in_time, satisfaction,
           COALESCE(decided_on, closed_on) - COALESCE(formal_received_on, received_on) AS days
    FROM complaints_complaint
    WHERE organisation_id = %(organisation)s AND received_on BETWEEN %(previous)s AND %(end)s
)
SELECT cur, 'totals' AS dimension, json_build_object(
    'received', count(*),
    'concerns', count(*) FILTER (WHERE handling = 'informal'),
    'formal', count(*) FILTER (WHERE handling = 'formal'),
    'still_open', count(*) FILTER (WHERE state <> 'closed'),
    'open_past_term', count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM complaints_term t WHERE t.complaint_id = c.id AND t.kind = 'decision'
        AND t.status = 'running' AND t.end_on < %(as_of)s)),
    'decided', count(*) FILTER (WHERE decided_in_time IS NOT NULL),
    'in_time', count(*) FILTER (WHERE decided_in_time),
    'late', count(*) FILTER (WHERE NOT decided_in_time),
    'declined', count(*) FILTER (WHERE closure = 'declined'),
    'withdrawn', count(*) FILTER (WHERE closure = 'withdrawn'),
    'resolved', count(*) FILTER (WHERE closure = 'resolved'),
    'judged', count(*) FILTER (WHERE closure = 'judged'),
    'referred', count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM complaints_referral r WHERE r.complaint_id = c.id)),
    'handled', count(days),
    'handling_days_median', percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
    'handling_days_longest', max(days),
    'satisfaction_answers', count(satisfaction),
    'satisfaction_average', round(avg(satisfaction), 2)
)::text AS key, '' AS detail, 0 AS n
FROM c GROUP BY cur
UNION ALL SELECT cur, 'channels', channel, '', count(*) FROM c GROUP BY cur, channel
UNION ALL SELECT cur, 'satisfaction', satisfaction::text, '', count(*) FROM c
    WHERE satisfaction IS NOT NULL GROUP BY cur, satisfaction
UNION ALL SELECT cur, 'locations', location, '', count(*) FROM c GROUP BY cur, location
UNION ALL SELECT cur, 'care_types', care_type, '', count(*) FROM c GROUP BY cur, care_type
UNION ALL SELECT cur, 'ended_at_step', step, '', count(*) FROM c
    WHERE state = 'closed' GROUP BY cur, step
UNION ALL SELECT c.cur, 'categories', k.code, '', count(*) FROM c
    JOIN complaints_complaint_categories cc ON cc.complaint_id = c.id
    JOIN organisations_category k ON k.id = cc.category_id GROUP BY c.cur, k.code
UNION ALL SELECT c.cur, 'verdicts', j.verdict, '', count(*) FROM c
    JOIN complaints_judgement j ON j.complaint_id = c.id
    WHERE NOT EXISTS (SELECT 1 FROM complaints_judgement l
                      WHERE l.complaint_id = j.complaint_id AND l.id > j.id)
    GROUP BY c.cur, j.verdict
UNION ALL SELECT c.cur, 'referrals', r.body_name, r.outcome, count(*) FROM c
    JOIN complaints_referral r ON r.complaint_id = c.id GROUP BY c.cur, r.body_name, r.outcome
UNION ALL SELECT c.cur, 'measures', CASE
        WHEN m.realised_on IS NULL AND m.due_on < %(as_of)s THEN 'open_overdue'
        WHEN m.realised_on IS NULL THEN 'open'
        WHEN m.realised_on <= m.due_on THEN 'on_time' ELSE 'late' END, '', count(*) FROM c
    JOIN complaints_judgement j ON j.complaint_id = c.id
    JOIN complaints_measure m ON m.judgement_id = j.id GROUP BY 1, 3
"""


# The platform report's figures in one query written by hand: per organisation the totals,
# handling days (median, longest), channels, satisfaction, verdicts and measures, and the
# handling days of all together; the complaints read once (a CTE read more than once is
# materialised).
PLATFORM_SQL = """
WITH c AS (
    SELECT id, organisation_id AS org, (received_on >= %(start)s)::int AS cur, handling,
           state, closure, channel, decided_in_time, decided_within_base, verdict,
           satisfaction, referred_on,
           COALESCE(decided_on, closed_on) - COALESCE(formal_received_on, received_on) AS days
    FROM complaints_complaint
    WHERE organisation_id = ANY(%(organisations)s)
      AND received_on BETWEEN %(previous)s AND %(end)s
)
SELECT org, cur, 'totals' AS dimension, json_build_object(
    'received', count(*),
    'concerns', count(*) FILTER (WHERE handling = 'informal'),
    'formal', count(*) FILTER (WHERE handling = 'formal'),
    'still_open', count(*) FILTER (WHERE state <> 'closed'),
    'open_past_term', count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM complaints_term t WHERE t.complaint_id = c.id AND t.kind = 'decision'
        AND t.status = 'running' AND t.end_on < %(as_of)s)),
    'decided', count(*) FILTER (WHERE decided_in_time IS NOT NULL),
    'in_time', count(*) FILTER (WHERE decided_in_time),
    'late', count(*) FILTER (WHERE NOT decided_in_time),
    'late_base', count(*) FILTER (WHERE NOT decided_within_base),
    'declined', count(*) FILTER (WHERE closure = 'declined'),
    'withdrawn', count(*) FILTER (WHERE closure = 'withdrawn'),
    'resolved', count(*) FILTER (WHERE closure = 'resolved'),
    'judged', count(*) FILTER (WHERE closure = 'judged'),
    'referred', count(referred_on),
    'handled', count(days),
    'handling_days_median', percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
    'handling_days_longest', max(days),
    'satisfaction_answers', count(satisfaction)
)::text AS key, '' AS n
FROM c GROUP BY org, cur
UNION ALL SELECT 0, cur, 'together', json_build_object(
    'handling_days_median', percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
    'handling_days_longest', max(days))::text, '' FROM c GROUP BY cur
UNION ALL SELECT org, cur, 'channels', channel, count(*)::text FROM c GROUP BY org, cur, channel
UNION ALL SELECT org, cur, 'satisfaction', satisfaction::text, count(*)::text FROM c
    WHERE satisfaction IS NOT NULL GROUP BY org, cur, satisfaction
UNION ALL SELECT org, cur, 'verdicts', verdict, count(*)::text FROM c
    WHERE verdict <> '' GROUP BY org, cur, verdict
UNION ALL SELECT c.org, c.cur, 'measures', CASE
        WHEN m.realised_on IS NULL AND m.due_on < %(as_of)s THEN 'open_overdue'
        WHEN m.realised_on IS NULL THEN 'open'
        WHEN m.realised_on <= m.due_on THEN 'on_time' ELSE 'late' END, count(*)::text FROM c
    JOIN complaints_judgement j ON j.complaint_id = c.id
    JOIN complaints_measure m ON m.judgement_id = j.id GROUP BY 1, 2, 4
"""


def platform_hand(organisations: list[int]) -> dict[tuple[int, int], dict[str, Any]]:
    """(organisation id, or 0 for all together; 1 this year, 0 the one before) -> figures."""
    import json

    from django.db import connection

    from klachtpad.domain.reporting import Period

    period = Period.year(YEAR)
    found: dict[tuple[int, int], dict[str, Any]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            PLATFORM_SQL,
            {
                "organisations": organisations,
                "start": period.start,
                "end": period.end,
                "previous": period.previous().start,
                "as_of": AS_OF,
            },
        )
        for organisation, current, dimension, key, n in cursor.fetchall():
            figures = found.setdefault((organisation, current), {})
            if dimension in ("totals", "together"):
                figures.update(json.loads(key))
            else:
                figures.setdefault(dimension, {})[key] = int(n)
    return found


def platform_same(build_id: int, hand: dict[tuple[int, int], dict[str, Any]]) -> bool:
    """Whether the build's figures, of every organisation and all together, are the
    hand-written query's."""
    from klachtpad.reports.models import ReportBuild

    result: dict[str, Any] = ReportBuild.objects.get(pk=build_id).result or {}
    kept = {
        (row["id"], current): row[name]
        for row in result["organisations"]
        for current, name in ((1, "current"), (0, "previous"))
        if row[name]
    }
    kept[(0, 1)] = result["total"]["current"]
    kept[(0, 0)] = result["total"]["previous"]
    for key, figures in hand.items():
        for name, value in figures.items():
            mine = kept.get(key, {}).get(name)
            if name == "handling_days_median" and value is not None:
                value = float(value)
            if mine != value and not (mine is None and value == {}):
                print(f"differs: {key} {name}: build {mine!r}, SQL {value!r}")
                return False
    return len(kept) == len(hand)


def hand_figures(organisation_id: int) -> dict[int, dict[str, Any]]:
    import json

    from django.db import connection

    from klachtpad.domain.reporting import Period

    period = Period.year(YEAR)
    found: dict[int, dict[str, Any]] = {0: {}, 1: {}}
    with connection.cursor() as cursor:
        cursor.execute(
            HAND_SQL,
            {
                "organisation": organisation_id,
                "start": period.start,
                "end": period.end,
                "previous": period.previous().start,
                "as_of": AS_OF,
            },
        )
        for current, dimension, key, detail, n in cursor.fetchall():
            if dimension == "totals":
                found[current].update(json.loads(key))
            elif dimension == "referrals":
                outcomes = found[current].setdefault("referrals", {}).setdefault(key, {})
                outcomes[detail or "pending"] = n
            else:
                found[current].setdefault(dimension, {})[key] = n
    return found


def same(report_figures: Any, hand: dict[str, Any]) -> bool:
    """Whether the hand-written query found what the report found."""
    mine = report_figures.as_json()
    for name, value in hand.items():
        expected = float(value) if name in ("satisfaction_average",) and value else value
        if name == "handling_days_median" and value is not None:
            expected = float(value)
        if mine[name] != expected:
            print(f"differs: {name}: report {mine[name]!r}, SQL {expected!r}")
            return False
    return True


def paired(
    work: Callable[[Any], Any],
    floor: Callable[[], Any],
    runs: int,
    prepare: Callable[[], Any] = lambda: None,
) -> tuple[float, Any, float, Any]:
    """Medians of ``work`` and of its ``floor``, run in turns, so a busy moment of a shared
    machine slows both: (work's seconds, its result, the floor's seconds, its result)."""
    work(prepare())  # warm: connection, plans, caches
    floor()
    timings: tuple[list[float], list[float]] = ([], [])
    results: list[Any] = [None, None]
    for _run in range(runs):
        prepared = prepare()
        turns: tuple[Callable[[], Any], ...] = (partial(work, prepared), floor)
        for turn, run in enumerate(turns):
            started = time.perf_counter()
            results[turn] = run()
            timings[turn].append(time.perf_counter() - started)
    return (
        statistics.median(timings[0]),
        results[0],
        statistics.median(timings[1]),
        results[1],
    )


def platform_build() -> int:
    """What the web request does: a build row over every organisation (not timed)."""
    from django.contrib.auth.models import User

    from klachtpad.domain.reporting import Period
    from klachtpad.reports.models import ReportBuild

    user = User.objects.get(username="bench-platform")
    build = ReportBuild.objects.create(
        requested_by=user,
        start=Period.year(YEAR).start,
        end=Period.year(YEAR).end,
        total_parts=2,
    )
    return build.pk


def platform_report(build_id: int) -> int:
    """What the worker does: the task that builds the platform report."""
    from klachtpad.reports.tasks import report_build_run

    report_build_run.call(build_id)
    return build_id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--platform-runs", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="generate the data again")
    arguments = parser.parse_args()
    setup(arguments.fresh)
    generate()

    from django.utils import translation

    from klachtpad.complaints.models import Complaint
    from klachtpad.domain.reporting import Period
    from klachtpad.organisations.models import Membership, Organisation
    from klachtpad.reports.report import report_build

    translation.activate("nl")
    # Any organisation has concerns and formal complaints, late and declined ones.
    organisation = Organisation.objects.get(slug="bench-0123")
    total = Complaint.objects.count()
    in_year = Complaint.objects.filter(
        organisation=organisation, received_on__year__in=[YEAR, YEAR - 1]
    ).count()

    report_s, report, sql_s, hand = paired(
        lambda _none: report_build([organisation], Period.year(YEAR), as_of=AS_OF),
        lambda: hand_figures(organisation.pk),
        arguments.runs,
    )
    agree = same(report.current, hand[1]) and same(report.before, hand[0])
    # The organisations the build covers: those of the external officer who asks for it.
    organisations = list(
        Membership.objects.filter(user__username="bench-platform").values_list(
            "organisation_id", flat=True
        )
    )
    platform_s, build_id, floor_s, platform_figures = paired(
        platform_report,
        lambda: platform_hand(organisations),
        arguments.platform_runs,
        platform_build,
    )
    agree = agree and platform_same(build_id, platform_figures)
    ratio = report_s / sql_s
    platform_ratio = platform_s / floor_s
    met = ratio <= RATIO_TARGET and platform_ratio <= RATIO_TARGET and agree
    print(
        f"{total} complaints; one organisation's annual report ({in_year} complaints in "
        f"{YEAR - 1}-{YEAR}): {report_s * 1000:.1f} ms, hand-written SQL "
        f"{sql_s * 1000:.1f} ms, ratio {ratio:.2f}; platform report over "
        f"{len(organisations)} organisations: {platform_s:.2f} s, hand-written SQL "
        f"{floor_s:.2f} s, ratio {platform_ratio:.2f} (targets {RATIO_TARGET}); "
        f"figures agree: {agree}; {machine()}"
    )
    record(
        "reports.md",
        HEADER,
        f"{machine()} | {total} | {report_s * 1000:.1f} ms | {sql_s * 1000:.1f} ms | "
        f"{ratio:.2f} | {platform_s:.2f} s | {floor_s:.2f} s | {platform_ratio:.2f} | "
        f"{'yes' if agree else 'no'} | {'met' if met else 'missed'} |",
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
