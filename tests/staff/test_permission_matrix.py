"""Every cell of docs/roles.md against what the selectors return.

For each example organisation and each role, a person holds only that role there; a
complaint is made for every situation of the table; every file action is asked of the
selectors and compared with the table. A second organisation's complaints must never
appear, whatever the role.
"""

from __future__ import annotations

import re
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from klachtpad.complaints.models import Complaint, EmployeeConcerned, Share
from klachtpad.complaints.selectors import complaints_for
from klachtpad.domain.permissions import (
    FileAction,
    OrganisationAction,
    StaffRole,
    may,
    staff_roles_for,
)
from klachtpad.domain.tasks import scheme_tasks
from klachtpad.organisations.models import Membership, Organisation, Procedure
from klachtpad.organisations.selectors import roles_in
from tests.complaints.factories import UserFactory

ROLES_DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
SITUATIONS = [
    "concern of a colleague",
    "complaint of a colleague",
    "concern I recorded",
    "complaint I recorded",
    "I handle it",
    "at my step",
    "a task of mine",
    "shared with me",
    "about me",
    "about me, shared",
]


def _table_rows(heading: str) -> list[list[str]]:
    text = ROLES_DOC.read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("| `")
    ]
    assert rows, f"no table under {heading!r} in docs/roles.md"
    return rows


def _code(cell: str) -> str:
    match = re.fullmatch(r"`([a-z_]+)`", cell)
    assert match, f"expected a `code` cell, got {cell!r}"
    return match.group(1)


def file_table() -> dict[tuple[StaffRole, FileAction], dict[str, bool]]:
    header = next(
        line
        for line in ROLES_DOC.read_text(encoding="utf-8").splitlines()
        if line.startswith("| Role | Action |")
    )
    assert [c.strip() for c in header.strip("|").split("|")][2:] == SITUATIONS
    table = {}
    for row in _table_rows("Complaint files"):
        role, action = StaffRole(_code(row[0])), FileAction(_code(row[1]))
        assert all(cell in ("yes", "no") for cell in row[2:]), row
        table[(role, action)] = dict(zip(SITUATIONS, (c == "yes" for c in row[2:]), strict=True))
    assert set(table) == {(r, a) for r in StaffRole for a in FileAction}, "table incomplete"
    return table


def organisation_table() -> dict[StaffRole, dict[OrganisationAction, bool]]:
    table = {}
    for row in _table_rows("The organisation"):
        table[StaffRole(_code(row[0]))] = {
            action: cell == "yes" for action, cell in zip(OrganisationAction, row[1:], strict=True)
        }
    assert set(table) == set(StaffRole)
    return table


_numbers = count(1)


def _complaint(procedure: Procedure, step: str, *, formal: bool, **fields: object) -> Complaint:
    today = timezone.localdate()
    return Complaint.objects.create(
        organisation=procedure.organisation,
        procedure=procedure,
        reference=f"M-{next(_numbers)}",
        handling="formal" if formal else "informal",
        state="open",
        step=step,
        step_entered_on=today,
        channel="email",
        received_on=today,
        complainant_name="Cliënt",
        complainant_relation="client",
        summary="Situatie",
        description="Wat er gebeurde",
        **fields,
    )


def _steps(organisation: Organisation, role: StaffRole) -> tuple[Any, Any]:
    """(procedure, a step of this role or None, a step of another role or a body)."""
    mine = other = None
    for procedure in Procedure.objects.filter(organisation=organisation):
        for step in procedure.spec().steps:
            handler_role = step.handler.role and staff_roles_for(step.handler.role)
            if handler_role == role:
                mine = mine or (procedure, step.id)
            elif other is None:
                other = (procedure, step.id)
    # Nexxtep has one step, the officer's: the colleague's complaints are there too.
    return mine, other or mine


def _task_step(organisation: Organisation, role: StaffRole) -> Any:
    """(procedure, step, formal) where the scheme gives ``role`` a task but not the step."""
    for procedure in Procedure.objects.filter(organisation=organisation).order_by("id"):
        spec = procedure.spec()
        for step in spec.steps:
            if step.handler.role and staff_roles_for(step.handler.role) == role:
                continue
            for formal in (True, False):
                if scheme_tasks(spec, step.id, formal=formal, roles=frozenset({role})):
                    return procedure, step.id, formal
    return None


def _has_task(complaint: Complaint, role: StaffRole) -> bool:
    return bool(
        scheme_tasks(
            complaint.procedure.spec(),
            complaint.step,
            formal=complaint.handling == "formal",
            roles=frozenset({role}),
        )
    )


def situations_for(organisation, user, colleague, role):
    mine, (procedure, step) = _steps(organisation, role)
    made = {
        "concern of a colleague": _complaint(procedure, step, formal=False, recorded_by=colleague),
        "complaint of a colleague": _complaint(procedure, step, formal=True, recorded_by=colleague),
        "concern I recorded": _complaint(procedure, step, formal=False, recorded_by=user),
        "complaint I recorded": _complaint(procedure, step, formal=True, recorded_by=user),
        "I handle it": _complaint(procedure, step, formal=True, handler=user),
        "shared with me": _complaint(procedure, step, formal=True),
        "about me": _complaint(procedure, step, formal=True),
        "about me, shared": _complaint(procedure, step, formal=True),
    }
    if mine is not None:
        my_procedure, my_step = mine
        formal = my_procedure.spec().step(my_step).handling == "formal"
        made["at my step"] = _complaint(my_procedure, my_step, formal=formal)
    task = _task_step(organisation, role)
    if task is not None:
        task_procedure, task_step, formal = task
        made["a task of mine"] = _complaint(task_procedure, task_step, formal=formal)
    for name in ("about me", "about me, shared"):
        EmployeeConcerned.objects.create(complaint=made[name], name="Ik", user=user)
    for name in ("shared with me", "about me, shared"):
        Share.objects.create(
            complaint=made[name],
            user=user,
            scope="file",
            shared_by="officer",
            shared_at=timezone.now(),
        )
    return made


@pytest.mark.django_db
def test_every_cell_of_the_roles_table(seeded):
    expected = file_table()
    organisations = list(Organisation.objects.order_by("slug"))
    mismatches = []
    checked = 0
    for index, organisation in enumerate(organisations):
        elsewhere = organisations[(index + 1) % len(organisations)]
        colleague = UserFactory.create(username=f"collega-{organisation.slug}")
        Membership.objects.create(
            user=colleague, organisation=organisation, role=StaffRole.COMPLAINTS_OFFICER
        )
        for role in StaffRole:
            user = UserFactory.create(username=f"{role.value}-{organisation.slug}")
            Membership.objects.create(user=user, organisation=organisation, role=role)
            made = situations_for(organisation, user, colleague, role)
            # The same situations in another organisation, where this person has no role.
            foreign = situations_for(elsewhere, user, colleague, role)
            for action in FileAction:
                reached = set(
                    complaints_for(user=user, organisation=organisation, action=action).values_list(
                        "pk", flat=True
                    )
                )
                for situation, complaint in made.items():
                    checked += 1
                    want = expected[(role, action)][situation]
                    if situation not in ("about me", "about me, shared") and _has_task(
                        complaint, role
                    ):
                        # Reaches add up: where the scheme gives the role a task (perMens'
                        # quality coordinator has one at every step), that column counts too.
                        want = want or expected[(role, action)]["a task of mine"]
                    if (complaint.pk in reached) != want:
                        mismatches.append(
                            f"{organisation.slug} {role} {action} {situation!r}: "
                            f"table says {'yes' if want else 'no'}"
                        )
                leaked = complaints_for(user=user, organisation=elsewhere, action=action)
                if leaked.exists():
                    mismatches.append(f"{elsewhere.slug} {role} {action}: sees another org")
                foreign_ids = {c.pk for c in foreign.values()}
                if reached & foreign_ids:
                    mismatches.append(f"{organisation.slug} {role} {action}: foreign rows")
    assert mismatches == []
    # Every organisation, role, action and situation (where the scheme has the step).
    assert checked >= 5 * 8 * 4 * 8


@pytest.mark.django_db
def test_the_scheme_gives_the_perMens_quality_coordinator_tasks_and_no_more(seeded):
    organisation = Organisation.objects.get(slug="permens")
    procedure = organisation.procedures.get()
    spec = procedure.spec()
    qc = frozenset({StaffRole.QUALITY_COORDINATOR})
    # The six weeks run at every formal step: the coordinator may extend them there...
    at_coordinator = scheme_tasks(spec, "coordinator", formal=True, roles=qc)
    assert at_coordinator.read and at_coordinator.actions == {"extend_term"}
    # ... and at the committee also sends the acknowledgement.
    at_committee = scheme_tasks(spec, "committee", formal=True, roles=qc)
    assert at_committee.actions == {"extend_term", "acknowledge"}
    # The complaints officer and management have no task at perMens.
    for role in (StaffRole.MANAGEMENT, StaffRole.KEY_WORKER):
        assert not scheme_tasks(spec, "committee", formal=True, roles=frozenset({role}))


@pytest.mark.django_db
def test_organisation_actions_follow_the_table(seeded):
    expected = organisation_table()
    organisation = Organisation.objects.get(slug="next")
    for role in StaffRole:
        user = UserFactory.create(username=f"org-{role.value}")
        Membership.objects.create(user=user, organisation=organisation, role=role)
        roles = roles_in(user=user, organisation=organisation)
        for action in OrganisationAction:
            assert may(roles, action) == expected[role][action], (role, action)


@pytest.mark.django_db
def test_one_person_with_roles_in_two_organisations_keeps_them_apart(seeded):
    next_org = Organisation.objects.get(slug="next")
    nexxtep = Organisation.objects.get(slug="nexxtep")
    officer = UserFactory.create(username="extern")
    Membership.objects.create(user=officer, organisation=next_org, role="complaints_officer")
    Membership.objects.create(user=officer, organisation=nexxtep, role="key_worker")
    at_next = _complaint(next_org.procedures.all()[0], "complaints_officer", formal=True)
    at_nexxtep = _complaint(nexxtep.procedures.all()[0], "complaints_officer", formal=True)
    assert list(complaints_for(user=officer, organisation=next_org)) == [at_next]
    # A key worker at Nexxtep sees only what they recorded or handle there.
    assert list(complaints_for(user=officer, organisation=nexxtep)) == []
    at_nexxtep.handler = officer
    at_nexxtep.save()
    assert list(complaints_for(user=officer, organisation=nexxtep)) == [at_nexxtep]


@pytest.mark.django_db
def test_the_employee_concerned_reaches_their_part_and_never_the_file(seeded):
    """In every organisation and whatever their role, a formal complaint about a linked
    person is out of their file actions; their part is there exactly where the scheme
    gives the employee concerned one (Nexxtep, Zorgkracht 12), and nowhere else."""
    from klachtpad.complaints.selectors import employee_parts_for
    from klachtpad.domain.tasks import employee_part

    checked = 0
    for organisation in Organisation.objects.order_by("slug"):
        for procedure in Procedure.objects.filter(organisation=organisation):
            spec = procedure.spec()
            step = next(s for s in spec.steps if s.handling == "formal")
            for role in StaffRole:
                user = UserFactory.create(username=f"ec-{role.value}-{procedure.pk}")
                Membership.objects.create(user=user, organisation=organisation, role=role)
                complaint = _complaint(procedure, step.id, formal=True, handler=user)
                EmployeeConcerned.objects.create(complaint=complaint, name="Ik", user=user)
                for action in FileAction:
                    reached = complaints_for(user=user, organisation=organisation, action=action)
                    assert not reached.filter(pk=complaint.pk).exists(), (role, action)
                parts = [
                    row.employee.complaint
                    for row in employee_parts_for(user=user, organisation=organisation)
                ]
                assert (complaint in parts) == bool(employee_part(spec)), (
                    organisation.slug,
                    role,
                )
                checked += 1
    assert checked >= 5 * 8
    with_a_part = {
        procedure.organisation.slug
        for procedure in Procedure.objects.all()
        if employee_part(procedure.spec())
    }
    assert with_a_part == {"nexxtep", "zorgkracht12"}
