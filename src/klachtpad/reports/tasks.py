"""Building the platform report in the worker, so the web worker is never held up; the
page shows which part is done. And the daily round of the schemes' periodic reports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task

from klachtpad.domain.permissions import OrganisationAction
from klachtpad.domain.reporting import Period
from klachtpad.notifications.models import NotificationKindChoices
from klachtpad.notifications.outbox import staff_notify
from klachtpad.organisations.selectors import organisations_where
from klachtpad.reports.figures import Figures, Scope, figures_added, figures_by_organisation
from klachtpad.reports.models import BuildStatusChoices, ReportBuild
from klachtpad.reports.periodic import periodic_reports_plan
from klachtpad.rounds import round_run, round_task

# The build's parts, counted on the page: each organisation's figures, then all together.
PARTS = 2
READY = gettext_noop("The report over %(count)s organisations is ready: %(address)s")


@task(queue_name="reports")
def report_build_run(build_id: int) -> None:
    # Taken with a conditional update: a second run of the same build does nothing.
    taken = ReportBuild.objects.filter(pk=build_id, status=BuildStatusChoices.WAITING).update(
        status=BuildStatusChoices.RUNNING
    )
    if not taken:
        return  # built, or being built, by another worker
    build = ReportBuild.objects.get(pk=build_id)
    user = build.requested_by
    scope = Scope(
        organisations_where(user=user, action=OrganisationAction.FIGURES),
        Period(build.start, build.end),
    )
    as_of = timezone.localdate()
    try:
        found = figures_by_organisation(scope.organisations, scope.period, as_of=as_of)
        build.done_parts = 1
        build.save(update_fields=["done_parts"])
        current, before = figures_added(found.values())
    except Exception as failure:
        build.status = BuildStatusChoices.FAILED
        build.error = str(failure)[:500]
        build.finished_at = timezone.now()
        build.save(update_fields=["status", "error", "finished_at"])
        raise
    organisations = list(scope.organisations)
    rows = []
    for organisation in organisations:
        mine = found.get(organisation.pk)
        rows.append(
            {
                "id": organisation.pk,
                "slug": organisation.slug,
                "name": organisation.name,
                "current": _kept(mine[0]) if mine else None,
                "previous": _kept(mine[1]) if mine else None,
            }
        )
    build.result = {
        "as_of": as_of.isoformat(),
        "organisations": rows,
        "total": {"current": _kept(current), "previous": _kept(before)},
    }
    build.status = BuildStatusChoices.DONE
    build.done_parts = PARTS
    build.finished_at = timezone.now()
    build.save(update_fields=["result", "status", "done_parts", "finished_at"])
    if organisations:
        staff_notify(
            [user],
            organisation=organisations[0],
            kind=NotificationKindChoices.REPORT_READY,
            template=READY,
            params={
                "count": str(len(organisations)),
                "address": settings.KLACHTPAD_BASE_URL
                + reverse("staff:platform_build", args=[build.pk]),
            },
        )


NOT_KEPT = frozenset({"handling_days"})


def _kept(figures: Figures) -> dict[str, Any]:
    """What the build keeps of an organisation's figures: not the day-by-day counts."""
    return figures.as_json(without=NOT_KEPT)


PERIODIC_EVERY = timedelta(days=1)


@round_task
@task(queue_name="rounds")
def periodic_reports_tick() -> None:
    """Once a day: the scheme's periodic reports that fell due, then plan the next day."""
    round_run(
        periodic_reports_tick,
        PERIODIC_EVERY,
        lambda now: periodic_reports_plan(timezone.localdate(now)),
    )
