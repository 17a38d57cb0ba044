"""Improvement actions as the workspace lists them."""

from __future__ import annotations

from datetime import date

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from klachtpad.organisations.models import Organisation
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
