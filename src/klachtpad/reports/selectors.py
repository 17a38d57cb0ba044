"""Who reaches what for learning: improvement actions, the anonymised view of closed
complaints, and recording feedback to the employee concerned."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from klachtpad.complaints.models import Complaint
from klachtpad.complaints.selectors import may_on
from klachtpad.domain.permissions import FileAction, OrganisationAction, may
from klachtpad.domain.workflow import State
from klachtpad.organisations.models import Organisation
from klachtpad.organisations.selectors import roles_in
from klachtpad.reports.models import ImprovementAction, ImprovementStatusChoices

STILL_OPEN = (ImprovementStatusChoices.PLANNED.value, ImprovementStatusChoices.IN_PROGRESS.value)


def improvement_overdue(as_of: date) -> Q:
    """Not done or dropped, and its date has passed."""
    return Q(due_on__lt=as_of, status__in=STILL_OPEN)


def improvements_of(
    organisation: Organisation, *, as_of: date, status: str = ""
) -> QuerySet[ImprovementAction]:
    """The organisation's actions, each marked ``overdue``; only ``status`` if given."""
    actions = ImprovementAction.objects.filter(organisation=organisation)
    if status in ImprovementStatusChoices.values:
        actions = actions.filter(status=status)
    return actions.annotate(
        overdue=ExpressionWrapper(improvement_overdue(as_of), output_field=BooleanField())
    ).prefetch_related("complaints")


def anonymisable(*, user: User, organisation: Organisation) -> QuerySet[Complaint]:
    """Closed complaints ``user`` may open anonymised: never one in which they are an
    employee concerned, for they would know whom it is about."""
    return Complaint.objects.filter(organisation=organisation, state=State.CLOSED.value).exclude(
        employees__user=user
    )


def may_record_feedback(*, user: User, complaint: Complaint) -> bool:
    """Those who see figures or handle the file record feedback, if someone is concerned."""
    roles = roles_in(user=user, organisation=complaint.organisation)
    allowed = may(roles, OrganisationAction.FIGURES) or may_on(
        user=user, complaint=complaint, action=FileAction.HANDLE
    )
    return allowed and complaint.employees.exists()
