"""The employee a complaint is about: linked to their staff account, and their part.

Linking decides what the person sees: a formal complaint about them is hidden from
them (docs/roles.md), and they get the part the scheme gives them instead
(``domain.tasks.employee_part``): being told, giving their side, telling the officer of
contacts and solutions, receiving letters addressed to them and signing. When the
person linked is the complaint's handler, the file goes to the organisation's deputy.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User

from klachtpad.complaints.models import (
    Complaint,
    EmployeeConcerned,
    EmployeeStatement,
    HandlingChoices,
    StatementKindChoices,
)
from klachtpad.complaints.selectors import officers_for
from klachtpad.complaints.services.intake import require_filled
from klachtpad.complaints.services.team import refuse_outsider
from klachtpad.complaints.services.transition import (
    Actor,
    Transition,
    TransitionRefused,
    complaint_transition,
)
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.vocabulary import Event
from klachtpad.domain.tasks import employee_part
from klachtpad.domain.workflow import Action

STATEMENT_SENTENCE = gettext_noop("%(reference)s: the employee concerned gave their side.")


def complaint_employee_link(
    complaint: Complaint,
    *,
    actor: Actor,
    user: User,
    employee: EmployeeConcerned | None = None,
    name: str = "",
    job_title: str = "",
    expected_version: int | None = None,
) -> Complaint:
    """Link ``employee`` (or a new employee concerned called ``name``) to ``user``."""
    refuse_outsider(complaint, user)
    if employee is not None and employee.complaint_id != complaint.pk:
        raise TransitionRefused(Message(gettext_noop("This employee is not in this file.")))
    if employee is None:
        require_filled(name=name or user.get_full_name())

    def apply(change: Transition) -> None:
        locked = change.complaint
        if EmployeeConcerned.objects.filter(complaint=locked, user=user).exists():
            raise TransitionRefused(
                Message(
                    gettext_noop("%(name)s is already linked in this file."),
                    {"name": user.get_full_name() or user.get_username()},
                )
            )
        row = employee
        if row is None:
            row = EmployeeConcerned.objects.create(
                complaint=locked,
                name=(name or user.get_full_name()).strip(),
                job_title=job_title.strip(),
            )
        row.user = user
        row.save(update_fields=["user"])
        change.record(employee=row.name, linked_to=user.get_full_name() or user.get_username())
        if locked.handler_id == user.pk:
            deputy = locked.organisation.deputy
            replacement = deputy if deputy is not None and deputy.pk != user.pk else None
            change.set(handler=replacement)
            change.record(
                handler_replaced=(replacement.get_full_name() or replacement.get_username())
                if replacement
                else ""
            )
        formal = locked.handling == HandlingChoices.FORMAL
        if formal and employee_part(change.procedure).informed:
            change.inform([user], event=Event.FORMAL_COMPLAINT)

    return complaint_transition(
        complaint,
        action=Action.LINK_EMPLOYEE,
        actor=actor,
        apply=apply,
        expected_version=expected_version,
    )


def complaint_employee_statement(
    complaint: Complaint,
    *,
    actor: Actor,
    employee: EmployeeConcerned,
    kind: StatementKindChoices,
    text: str,
    happened_on: date | None = None,
) -> Complaint:
    """The employee concerned tells the officer their side, a contact or a solution."""
    require_filled(text=text)
    if (
        employee.complaint_id != complaint.pk
        or actor.user is None
        or (employee.user_id != actor.user.pk)
    ):
        raise TransitionRefused(
            Message(gettext_noop("Only the employee concerned gives their own side."))
        )

    def apply(change: Transition) -> None:
        day = change.day(happened_on) if happened_on else None
        if not employee_part(change.procedure).informed:
            raise TransitionRefused(
                Message(gettext_noop("This scheme gives the employee concerned no part here."))
            )
        EmployeeStatement.objects.create(
            employee=employee, kind=kind, text=text.strip(), happened_on=day, given_at=change.now
        )
        change.record(kind=kind.value, happened_on=day.isoformat() if day else "")
        change.inform(officers_for(change.complaint), sentence=STATEMENT_SENTENCE)

    return complaint_transition(
        complaint, action=Action.EMPLOYEE_STATEMENT, actor=actor, apply=apply
    )
