"""The reports a scheme promises (``reports``): due on their schedule, made by the role
the scheme names, sent to its audience, discussed, and the decisions recorded.

IederZijnWerk: "Jaarlijks wordt een rapportage opgesteld voor de directie." Nexxtep art.
8.3-8.4: the complaints officer reports periodically on the handled complaints; at
least once a year the reports are discussed and put forward for decision. A scheme's
``every`` (or, without it, ``discussed_every``, or else a year) sets the period; the
latest whole period that ended is due a month after its end (``domain.reporting``).
The reminder round plans them (``reports.tasks.periodic_reports_tick``).
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from klachtpad.domain.deadlines import standing
from klachtpad.domain.durations import Duration, DurationUnit
from klachtpad.domain.messages import gettext_noop
from klachtpad.domain.permissions import StaffRole, staff_roles_for
from klachtpad.domain.reporting import Period, last_report_period, report_due_on
from klachtpad.domain.schemes.model import ReportSpec
from klachtpad.domain.schemes.vocabulary import Role
from klachtpad.notifications.models import NotificationKindChoices
from klachtpad.notifications.outbox import staff_notify
from klachtpad.organisations.models import Organisation, Procedure
from klachtpad.organisations.selectors import users_with_role
from klachtpad.reports.models import PeriodicReport

YEAR = Duration(1, DurationUnit.YEARS)
DUE = gettext_noop("The complaints report for %(start)s to %(end)s is due on %(day)s.")
OVERDUE = gettext_noop(
    "The complaints report for %(start)s to %(end)s was due on %(day)s and is not yet sent."
)
SENT = gettext_noop("The complaints report for %(start)s to %(end)s was sent to you.")


def report_every(spec: ReportSpec) -> Duration:
    return spec.every or spec.discussed_every or YEAR


def _users(organisation: Organisation, roles: list[Role]) -> list[User]:
    staff = {found for role in roles if (found := staff_roles_for(role)) is not None}
    return [user for role in staff for user in users_with_role(organisation, role)]


def _makers(report: PeriodicReport, spec: ReportSpec) -> list[User]:
    found = _users(report.organisation, [spec.by] if spec.by else [])
    return found or list(users_with_role(report.organisation, StaffRole.COMPLAINTS_OFFICER))


def _params(report: PeriodicReport, day: date) -> dict[str, str]:
    return {
        "start": report.period_start.isoformat(),
        "end": report.period_end.isoformat(),
        "day": day.isoformat(),
    }


def _current_procedures() -> list[Procedure]:
    found = []
    for organisation in Organisation.objects.all():
        version = organisation.scheme_versions.order_by("-number").first()
        if version is not None:
            found += list(
                Procedure.objects.filter(scheme_version=version).select_related(
                    "organisation", "scheme_version"
                )
            )
    return found


def periodic_reports_plan(today: date) -> int:
    """Make the reports that fell due and remind their makers; once more when overdue.
    Returns how many reminders were sent. Safe to run as often as wanted."""
    told = 0
    for procedure in _current_procedures():
        for index, spec in enumerate(procedure.spec().reports):
            period = last_report_period(report_every(spec), today)
            with transaction.atomic():
                report, made = PeriodicReport.objects.get_or_create(
                    procedure=procedure,
                    spec_index=index,
                    period_start=period.start,
                    defaults={
                        "organisation": procedure.organisation,
                        "period_end": period.end,
                        "covers": spec.covers.value,
                        "due_on": report_due_on(period),
                    },
                )
                if made:
                    _tell(report, _makers(report, spec), DUE, report.due_on)
                    told += 1
                elif (
                    report.sent_on is None
                    and standing(report.due_on, today).overdue
                    and not report.overdue_told
                ):
                    report.overdue_told = True
                    report.save(update_fields=["overdue_told"])
                    _tell(report, _makers(report, spec), OVERDUE, report.due_on)
                    told += 1
    return told


def _tell(report: PeriodicReport, users: list[User], template: str, day: date) -> None:
    staff_notify(
        users,
        organisation=report.organisation,
        kind=NotificationKindChoices.REPORT_READY,
        template=template,
        params=_params(report, day),
    )


def report_spec(report: PeriodicReport) -> ReportSpec:
    return report.procedure.spec().reports[report.spec_index]


def report_period(report: PeriodicReport) -> Period:
    return Period(report.period_start, report.period_end)


def periodic_report_send(report: PeriodicReport, *, by: str) -> list[str]:
    """Send the report to the audience the scheme names (its ``to`` roles, else
    management): each is told, with a link to the report. Returns their names."""
    spec = report_spec(report)
    audience = _users(report.organisation, spec.to or [Role.MANAGEMENT])
    with transaction.atomic():
        staff_notify(
            audience,
            organisation=report.organisation,
            kind=NotificationKindChoices.REPORT_READY,
            template=SENT,
            params=_params(report, timezone.localdate()),
        )
        names = sorted({user.get_full_name() or user.get_username() for user in audience})
        report.sent_on = timezone.localdate()
        report.sent_by = by
        report.sent_to = ", ".join(names)
        report.save(update_fields=["sent_on", "sent_by", "sent_to"])
    return names


def periodic_report_discussion(
    report: PeriodicReport, *, discussed_on: date, minutes: str, decisions: str, by: str
) -> PeriodicReport:
    """Record that the report was discussed, and the decisions taken on it."""
    if discussed_on > timezone.localdate():
        raise ValueError("a discussion cannot lie in the future")
    report.discussed_on = discussed_on
    report.minutes = minutes.strip()
    report.decisions = decisions.strip()
    report.recorded_by = by
    report.save(update_fields=["discussed_on", "minutes", "decisions", "recorded_by"])
    return report
