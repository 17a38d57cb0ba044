"""Building the platform report in the worker, part by part, so the page can show how
far it is and the web worker is never held up."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task

from klachtpad.domain.reporting import Period
from klachtpad.notifications.models import NotificationKindChoices
from klachtpad.notifications.services import staff_notify
from klachtpad.reports.figures import figures_by_organisation, figures_for
from klachtpad.reports.models import BuildStatusChoices, ReportBuild

ORGANISATIONS_PER_PART = 50
READY = gettext_noop("The report over %(count)s organisations is ready: %(address)s")


@task()
def report_build_run(build_id: int) -> None:
    build = ReportBuild.objects.get(pk=build_id)
    if build.status != BuildStatusChoices.WAITING:
        return  # built already by another worker
    build.status = BuildStatusChoices.RUNNING
    build.save(update_fields=["status"])
    period = Period(build.start, build.end)
    as_of = timezone.localdate()
    organisations = list(build.organisations.order_by("name", "id"))
    rows = []
    try:
        for first in range(0, len(organisations), ORGANISATIONS_PER_PART):
            part = organisations[first : first + ORGANISATIONS_PER_PART]
            found = figures_by_organisation(part, period, as_of=as_of)
            for organisation in part:
                current, before = found.get(organisation.pk, (None, None))
                rows.append(
                    {
                        "id": organisation.pk,
                        "slug": organisation.slug,
                        "name": organisation.name,
                        "current": current.as_json() if current else None,
                        "previous": before.as_json() if before else None,
                    }
                )
            build.done_parts = first + len(part)
            build.save(update_fields=["done_parts"])
        current, before = figures_for(organisations, period, as_of=as_of)
    except Exception as failure:
        build.status = BuildStatusChoices.FAILED
        build.error = str(failure)[:500]
        build.finished_at = timezone.now()
        build.save(update_fields=["status", "error", "finished_at"])
        raise
    build.result = {
        "as_of": as_of.isoformat(),
        "organisations": rows,
        "total": {"current": current.as_json(), "previous": before.as_json()},
    }
    build.status = BuildStatusChoices.DONE
    build.finished_at = timezone.now()
    build.save(update_fields=["result", "status", "finished_at"])
    if organisations:
        staff_notify(
            [build.requested_by],
            organisation=organisations[0],
            kind=NotificationKindChoices.REPORT_READY,
            template=READY,
            params={
                "count": str(len(organisations)),
                "address": settings.KLACHTPAD_BASE_URL
                + reverse("staff:platform_build", args=[build.pk]),
            },
        )
