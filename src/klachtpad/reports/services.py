"""Changes for learning from complaints: improvement actions, feedback to the employee
concerned, and asking for a report build."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klachtpad.complaints.models import Complaint, EmployeeConcerned
from klachtpad.domain.reporting import Period
from klachtpad.organisations.models import Organisation
from klachtpad.reports.models import (
    EmployeeFeedback,
    ImprovementAction,
    ImprovementStatusChoices,
    ImprovementUpdate,
    ReportBuild,
)
from klachtpad.reports.tasks import PARTS, report_build_run


class LearningRefused(Exception):
    """A change that cannot be made; the message says why, in the user's language."""


@transaction.atomic
def improvement_create(
    *,
    organisation: Organisation,
    by: str,
    title: str,
    description: str,
    owner: str,
    due_on: date,
    complaints: Sequence[Complaint],
) -> ImprovementAction:
    today = timezone.localdate()
    if due_on < today:
        raise LearningRefused(_("The date by which it is ready lies in the past."))
    if not complaints:
        raise LearningRefused(_("An improvement action comes from at least one complaint."))
    if any(complaint.organisation_id != organisation.pk for complaint in complaints):
        raise LearningRefused(_("A complaint of another organisation cannot be linked."))
    action = ImprovementAction.objects.create(
        organisation=organisation,
        title=title.strip(),
        description=description.strip(),
        owner=owner.strip(),
        due_on=due_on,
        created_by=by,
        created_on=today,
    )
    action.complaints.set(complaints)
    ImprovementUpdate.objects.create(
        action=action,
        at=timezone.now(),
        by=by,
        status=action.status,
        note=_("Action made."),
    )
    return action


@transaction.atomic
def improvement_update(
    action: ImprovementAction,
    *,
    by: str,
    status: ImprovementStatusChoices,
    note: str,
    due_on: date | None = None,
) -> ImprovementAction:
    action = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    if not note.strip() and status == action.status and due_on in (None, action.due_on):
        raise LearningRefused(_("Write what was done, or change the status or the date."))
    if due_on is not None and due_on != action.due_on:
        if due_on < timezone.localdate():
            raise LearningRefused(_("The date by which it is ready lies in the past."))
        new_date = _("New date: %(date)s") % {"date": date_format(due_on, "j F Y")}
        note = f"{note.strip()}\n{new_date}".strip()
        action.due_on = due_on
    action.status = status.value
    action.done_on = timezone.localdate() if status is ImprovementStatusChoices.DONE else None
    action.save(update_fields=["status", "done_on", "due_on"])
    ImprovementUpdate.objects.create(
        action=action, at=timezone.now(), by=by, status=status.value, note=note.strip()
    )
    return action


def feedback_record(
    complaint: Complaint,
    *,
    employee: EmployeeConcerned,
    given_on: date,
    by: str,
    summary: str,
) -> EmployeeFeedback:
    if employee.complaint_id != complaint.pk:
        raise LearningRefused(_("This employee is not concerned in this complaint."))
    if given_on > timezone.localdate():
        raise LearningRefused(
            _("The date %(date)s is in the future.") % {"date": date_format(given_on, "j F Y")}
        )
    if not summary.strip():
        raise LearningRefused(_("Write what was discussed."))
    return EmployeeFeedback.objects.create(
        complaint=complaint,
        employee=employee,
        given_on=given_on,
        given_by=by,
        summary=summary.strip(),
    )


@transaction.atomic
def report_build_request(*, user: User, period: Period) -> ReportBuild:
    """A platform report to be built by the worker; the task commits with the row. It
    counts the organisations in which the person may see figures when it is built."""
    build = ReportBuild.objects.create(
        requested_by=user,
        start=period.start,
        end=period.end,
        total_parts=PARTS,
    )
    report_build_run.enqueue(build.pk)
    return build
