"""Reading complaint files, always through the acting person's roles.

Every query that returns complaints to a person starts from ``complaints_for``: the
organisation and the roles (``domain.permissions``) are part of the query, so a list, a
search and a single page cannot disagree about who may see what.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    ForeignObjectRel,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL

from klachtpad.complaints.models import (
    Client,
    Complaint,
    EmployeeConcerned,
    HandlingChoices,
    Share,
    ShareScopeChoices,
    Term,
    TermStatusChoices,
)
from klachtpad.domain.permissions import (
    FileAction,
    OrganisationAction,
    Reach,
    StaffRole,
    file_reaches,
    may,
    staff_roles_for,
)
from klachtpad.domain.schemes.vocabulary import Role
from klachtpad.domain.tasks import EmployeePart, Tasks, employee_part, scheme_tasks
from klachtpad.domain.workflow import State
from klachtpad.organisations.models import Organisation
from klachtpad.organisations.selectors import (
    roles_in,
    roles_known,
    scheme_texts,
    steps_handled_by,
    steps_of_the_employee,
    steps_with_tasks_for,
    users_with_role,
)


def _reach_filter(
    reach: Reach, user: User, organisation: Organisation, roles: frozenset[StaffRole]
) -> Q:
    if reach is Reach.FORMAL:
        return Q(handling=HandlingChoices.FORMAL)
    if reach is Reach.RECORDED:
        return Q(recorded_by=user)
    if reach is Reach.RECORDED_CONCERN:
        return Q(recorded_by=user, handling=HandlingChoices.INFORMAL)
    if reach is Reach.HANDLER:
        return Q(handler=user)
    if reach is Reach.MY_STEP:
        steps = steps_handled_by(organisation=organisation, roles=roles)
        found = Q(pk__in=[])
        for procedure_id, step_ids in steps.items():
            found |= Q(procedure_id=procedure_id, step__in=step_ids)
        return found
    if reach is Reach.SCHEME_TASK:
        tasks = steps_with_tasks_for(organisation=organisation, roles=roles)
        found = Q(pk__in=[])
        for procedure_id, pairs in tasks.items():
            for step, formal in pairs:
                handling = HandlingChoices.FORMAL if formal else HandlingChoices.INFORMAL
                found |= Q(procedure_id=procedure_id, step=step, handling=handling)
        return found
    raise ValueError(reach)


def _concerned_at_their_step(user: User, organisation: Organisation, action: FileAction) -> Q:
    """A concern at a step the scheme gives to the employee concerned (IederZijnWerk's
    first talk) is theirs to read and handle when they are linked to it."""
    if action not in (FileAction.VIEW, FileAction.HANDLE):
        return Q(pk__in=[])
    found = Q(pk__in=[])
    for procedure_id, steps in steps_of_the_employee(organisation=organisation).items():
        found |= Q(procedure_id=procedure_id, step__in=steps)
    mine = EmployeeConcerned.objects.filter(complaint=OuterRef("pk"), user=user)
    return found & Q(Exists(mine))


def _shared_with(user: User, scope: ShareScopeChoices | None = None) -> Q:
    shares = Share.objects.filter(complaint=OuterRef("pk"), user=user)
    if scope is not None:
        shares = shares.filter(scope=scope)
    return Q(Exists(shares))


def complaints_for(
    *,
    user: User | AnonymousUser,
    organisation: Organisation,
    action: FileAction = FileAction.VIEW,
) -> QuerySet[Complaint]:
    """The complaints of ``organisation`` that ``user`` may ``action``."""
    visible = _visible(user, organisation, action)
    return Complaint.objects.none() if visible is None else Complaint.objects.filter(visible)


def complaints_across(
    *,
    user: User | AnonymousUser,
    organisations: Iterable[Organisation],
    action: FileAction = FileAction.VIEW,
) -> QuerySet[Complaint]:
    """The complaints ``user`` may ``action`` in any of ``organisations``: an external
    complaints officer's files of every provider they serve, each by its own roles.
    Where the roles reach every file, the organisations share one condition, so a
    thousand providers make one query of the same shape as one."""
    organisations = list(organisations)
    roles_known(user=user, organisations=organisations)
    whole: list[int] = []
    found = Q(pk__in=[])
    for organisation in organisations:
        roles = roles_in(user=user, organisation=organisation)
        if roles and Reach.ANY in file_reaches(roles, action):
            whole.append(organisation.pk)
        else:
            visible = _visible(user, organisation, action)
            if visible is not None:
                found |= visible
    if whole and isinstance(user, User):
        found |= Q(organisation_id__in=whole) & _any_file(user, action)
    return Complaint.objects.filter(found)


def _about_them(user: User) -> Q:
    """A formal complaint about a person is hidden from them, whatever their role."""
    return Q(handling=HandlingChoices.FORMAL) & Q(
        Exists(EmployeeConcerned.objects.filter(complaint=OuterRef("pk"), user=user))
    )


def _any_file(user: User, action: FileAction) -> Q:
    """Within an organisation where ``user``'s roles reach every file."""
    visible = ~_about_them(user)
    if action is FileAction.VIEW:
        visible |= _shared_with(user, ShareScopeChoices.FILE)
    return visible


def _visible(
    user: User | AnonymousUser, organisation: Organisation, action: FileAction
) -> Q | None:
    """Which complaints of ``organisation`` ``user`` may ``action``, as a condition;
    None where they hold no role there."""
    roles = roles_in(user=user, organisation=organisation)
    if not roles or not isinstance(user, User):
        return None
    reaches = file_reaches(roles, action)
    if Reach.ANY in reaches:
        return Q(organisation=organisation) & _any_file(user, action)
    granted = Q(pk__in=[])
    for reach in reaches:
        granted |= _reach_filter(reach, user, organisation, roles)
    # A file shared with a person is theirs to read (docs/roles.md).
    visible = (granted | _concerned_at_their_step(user, organisation, action)) & ~_about_them(user)
    if action is FileAction.VIEW:
        visible |= _shared_with(user, ShareScopeChoices.FILE)
    return Q(organisation=organisation) & visible


def may_on(
    *,
    user: User | AnonymousUser,
    complaint: Complaint,
    action: FileAction,
) -> bool:
    return (
        complaints_for(user=user, organisation=complaint.organisation, action=action)
        .filter(pk=complaint.pk)
        .exists()
    )


def permissions_on(*, user: User | AnonymousUser, complaint: Complaint) -> frozenset[FileAction]:
    """Every action ``user`` may take on ``complaint``, asked in one query."""
    conditions = {}
    for action in FileAction:
        visible = _visible(user, complaint.organisation, action)
        if visible is not None:
            conditions[action.value] = Count("pk", filter=visible)
    if not conditions:
        return frozenset()
    counts = Complaint.objects.filter(pk=complaint.pk).aggregate(**conditions)
    return frozenset(FileAction(name) for name, found in counts.items() if found)


@dataclass(frozen=True)
class _Part:
    """A lookup from complaints, as for prefetching: the rows it reaches (``model``),
    and how to ask whether a complaint has any (``query``, its id the one parameter;
    only ever compiled, never run, so one serves every request)."""

    model: type[Model]
    query: QuerySet[Any]


@lru_cache(maxsize=64)
def _part(path: str) -> _Part:
    # Keys on the other model are walked back to the complaint; from the first key of a
    # model's own on, the rest is a condition on that model (its reverse may be hidden).
    model: type[Model] = Complaint
    base: type[Model] = Complaint
    back: list[str] = []
    own: list[str] = []
    for name in path.split("__"):
        field = model._meta.get_field(name)
        related = field.related_model
        assert isinstance(related, type)  # noqa: S101 (a relation, as for prefetching)
        if isinstance(field, ForeignObjectRel) and not own:
            back.insert(0, field.field.name)
            base = related
        else:
            own.append(name)
        model = related
    found = {"__".join(back) if back else "pk": 0}
    if own:
        found["__".join(own) + "__isnull"] = False
    return _Part(model, base._default_manager.filter(**found).values("pk").order_by())


@lru_cache(maxsize=64)
def _presence_sql(vendor: str, paths: tuple[str, ...]) -> str:
    """One row: for each path, whether a complaint has anything there; the complaint's
    id is each check's one parameter. Made by the ORM once a process (``vendor``: the
    database it is made for)."""
    checks = []
    for path in paths:
        sql, params = _part(path).query.query.sql_with_params()
        assert list(params) == [0], path  # noqa: S101 (the id is the only parameter)
        checks.append(f"EXISTS({sql})")
    return "SELECT " + ", ".join(checks)


def _nothing(path: str) -> QuerySet[Any]:
    """An empty part, as cheap to read as can be: it makes no query (and, with no order
    and one column, little SQL to find that out)."""
    return _part(path).model._default_manager.none().order_by().only("pk")


def parts_read(
    complaint: Complaint, read: Sequence[str | Prefetch[Any]], asked: Sequence[str] = ()
) -> frozenset[str]:
    """Read the file's parts (``read``: lookups as for ``prefetch_related``) onto
    ``complaint``, asking first in one query which of them, and of ``asked``, hold
    anything: a part the file lacks is known empty without a query of its own. Returns
    the parts the file has."""
    reads = [lookup if isinstance(lookup, str) else lookup.prefetch_to for lookup in read]
    paths = (*reads, *asked)
    with connection.cursor() as cursor:
        cursor.execute(_presence_sql(connection.vendor, paths), [complaint.pk] * len(paths))
        present = cursor.fetchone()
    found = frozenset(path for path, there in zip(paths, present, strict=True) if there)
    prefetch_related_objects(
        [complaint],
        *(
            lookup if path in found else Prefetch(path, queryset=_nothing(path))
            for lookup, path in zip(read, reads, strict=True)
        ),
    )
    return found


def handlers_for(complaint: Complaint) -> QuerySet[User]:
    """The colleagues who may be made ``complaint``'s handler: their roles let a handler
    handle a file (not the organisation admin's or the log administrator's alone), and
    it is not about them. Only they are offered, and accepted, as its handler."""
    roles = [role.value for role in StaffRole if file_reaches(frozenset({role}), FileAction.HANDLE)]
    concerned = complaint.employees.filter(user__isnull=False).values("user")
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation=complaint.organisation,
            memberships__role__in=roles,
        )
        .exclude(pk__in=concerned)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def share_candidates(complaint: Complaint) -> QuerySet[User]:
    """The colleagues ``complaint`` may be shared with: anyone of its organisation, but
    never the employee a formal complaint is about (a share would open the file to
    them, which ``complaints_for`` otherwise hides)."""
    colleagues = User.objects.filter(
        is_active=True, memberships__organisation=complaint.organisation
    ).distinct()
    if complaint.handling == HandlingChoices.FORMAL:
        colleagues = colleagues.exclude(
            pk__in=complaint.employees.filter(user__isnull=False).values("user")
        )
    return colleagues.order_by("first_name", "last_name", "username")


def scheme_tasks_on(*, complaint: Complaint, roles: frozenset[StaffRole]) -> Tasks:
    """What the complaint's scheme gives ``roles`` to do on it now (``domain.tasks``)."""
    return scheme_tasks(
        complaint.procedure.spec(),
        complaint.step,
        formal=complaint.handling == HandlingChoices.FORMAL,
        roles=roles,
    )


@dataclass(frozen=True)
class EmployeePartRow:
    employee: EmployeeConcerned
    part: EmployeePart


def employee_parts_for(
    *, user: User | AnonymousUser, organisation: Organisation
) -> list[EmployeePartRow]:
    """The formal complaints about ``user`` in which the scheme gives them a part."""
    if not isinstance(user, User) or not roles_in(user=user, organisation=organisation):
        return []
    rows = (
        EmployeeConcerned.objects.filter(
            user=user,
            complaint__organisation=organisation,
            complaint__handling=HandlingChoices.FORMAL,
        )
        .select_related("complaint__procedure__scheme_version")
        .defer(*scheme_texts("complaint__procedure__scheme_version"))
    )
    found = []
    for row in rows.order_by("-complaint__received_on", "-id"):
        part = employee_part(row.complaint.procedure.spec())
        if part:
            found.append(EmployeePartRow(row, part))
    return found


def clients_for(
    *, user: User | AnonymousUser, organisation: Organisation, text: str = ""
) -> QuerySet[Client]:
    """The clients of ``organisation`` for those who record complaints, by number or name."""
    roles = roles_in(user=user, organisation=organisation)
    if not may(roles, OrganisationAction.INTAKE):
        return Client.objects.none()
    found = Client.objects.filter(organisation=organisation)
    for word in text.split():
        found = found.filter(Q(client_number__icontains=word) | Q(name__icontains=word))
    return found.order_by("name", "client_number")


def shares_for(*, user: User | AnonymousUser, organisation: Organisation) -> QuerySet[Share]:
    """What colleagues shared with ``user`` in ``organisation`` (file or summary)."""
    if not isinstance(user, User) or not roles_in(user=user, organisation=organisation):
        return Share.objects.none()
    return Share.objects.filter(user=user, complaint__organisation=organisation).select_related(
        "complaint"
    )


@dataclass(frozen=True)
class WorklistFilter:
    state: str = ""
    step: str = ""
    procedure: int | None = None
    category: int | None = None
    location: str = ""
    text: str = ""
    mine: bool = False
    organisation: int | None = None  # across organisations: one of them


_SEARCHED = (
    "reference",
    "summary",
    "description",
    "complainant_name",
    "desired_outcome",
    "location",
)
_POSTGRES_SEARCH = (
    "(complaints_complaint.search_document @@ websearch_to_tsquery('dutch', %s)"
    " OR UPPER(complaints_complaint.reference::text) LIKE UPPER(%s))"
)
# A reference starts with its year: text of that shape matches only from the start, a
# prefix the organisation's own index serves (migration 0028), not the platform-wide
# trigram index.
_POSTGRES_REFERENCE_SEARCH = (
    "(complaints_complaint.search_document @@ websearch_to_tsquery('dutch', %s)"
    " OR complaints_complaint.reference LIKE %s)"
)
_REFERENCE_SHAPE = re.compile(r"\d{4}-\d+")
_SQLITE_SEARCH = (
    "complaints_complaint.id IN (SELECT rowid FROM complaints_complaint_search"
    " WHERE complaints_complaint_search MATCH %s)"
)
_TRIGRAM = 3  # the shortest word the SQLite index holds


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_search(complaints: QuerySet[Complaint], text: str) -> QuerySet[Complaint]:
    """Search the complaint's own words through an index (migrations 0025, 0028): Dutch
    full-text on a stored vector and, for the reference, a trigram index (a part) or
    the organisation's prefix index (a whole reference) on PostgreSQL; an FTS5 trigram
    table on SQLite, where every word must occur somewhere."""
    if connection.vendor == "postgresql":
        # Constant SQL, the words bound as parameters.
        if _REFERENCE_SHAPE.fullmatch(text.strip()):
            sql, params = _POSTGRES_REFERENCE_SEARCH, [text, f"{text.strip()}%"]
        else:
            sql, params = _POSTGRES_SEARCH, [text, _like(text)]
        return complaints.filter(RawSQL(sql, params, output_field=BooleanField()))  # noqa: S611
    words = text.split()
    indexed = [word for word in words if len(word) >= _TRIGRAM]
    if indexed:
        match = " ".join('"' + word.replace('"', '""') + '"' for word in indexed)
        condition = RawSQL(_SQLITE_SEARCH, [match], output_field=BooleanField())  # noqa: S611
        complaints = complaints.filter(condition)
    for word in words:
        if len(word) < _TRIGRAM:  # too short for the index: read the row itself
            found = Q()
            for name in _SEARCHED:
                found |= Q(**{f"{name}__icontains": word})
            complaints = complaints.filter(found)
    return complaints


# What a worklist row shows, and the keys to its organisation, procedure and handler.
_ROW_FIELDS = (
    "organisation",
    "procedure",
    "handler",
    "reference",
    "summary",
    "handling",
    "state",
    "step",
    "next_term_end",
    "received_on",
    "organisation__slug",
    "organisation__name",
    "procedure__scheme_version_id",
    "procedure__key",
    "handler__username",
    "handler__first_name",
    "handler__last_name",
)


def past_end(today: date, field: str = "end_on") -> Q:
    """``domain.deadlines.standing`` as a query: the end lies before ``today``."""
    return Q(**{f"{field}__lt": today})


def terms_overdue(terms: QuerySet[Term], today: date) -> QuerySet[Term]:
    """The running terms among ``terms`` that are overdue on ``today``."""
    return terms.filter(past_end(today), status=TermStatusChoices.RUNNING)


def worklist(
    *,
    user: User | AnonymousUser,
    organisation: Organisation,
    filters: WorklistFilter,
) -> QuerySet[Complaint]:
    """The complaints ``user`` may view, overdue first, then the nearest term end first."""
    return worklist_of(
        complaints_for(user=user, organisation=organisation),
        user=user,
        filters=filters,
    )


def worklist_of(
    complaints: QuerySet[Complaint],
    *,
    user: User | AnonymousUser,
    filters: WorklistFilter,
) -> QuerySet[Complaint]:
    """``complaints`` filtered and in worklist order: overdue first, then the nearest
    term end, then the newest."""
    if filters.organisation:
        complaints = complaints.filter(organisation_id=filters.organisation)
    if filters.state:
        complaints = complaints.filter(state=filters.state)
    if filters.step:
        complaints = complaints.filter(step=filters.step)
    if filters.procedure:
        complaints = complaints.filter(procedure_id=filters.procedure)
    if filters.category:
        complaints = complaints.filter(categories=filters.category)
    if filters.location:
        complaints = complaints.filter(location=filters.location)
    if filters.mine and isinstance(user, User):
        complaints = complaints.filter(Q(handler=user) | Q(recorded_by=user))
    if filters.text.strip():
        complaints = text_search(complaints, filters.text.strip())
    # An overdue term's end lies before any other running one's: the nearest end first
    # is overdue first. The order is an index's (``Complaint.Meta``), so a page of 50
    # costs the same at a thousand complaints as at a hundred thousand; of each file only
    # what its row shows is read.
    listed = complaints.select_related("procedure", "handler", "organisation").only(*_ROW_FIELDS)
    return listed.order_by(F("next_term_end").asc(nulls_last=True), "-received_on", "-id")


@dataclass(frozen=True)
class Waiting:
    """What waits in one organisation: complaints nobody has picked up yet, and those
    with a term past its end."""

    new: int = 0
    overdue: int = 0


def waiting_per_organisation(
    *, user: User | AnonymousUser, organisations: Iterable[Organisation], today: date
) -> dict[int, Waiting]:
    """Per organisation id, what waits for ``user`` there (one query)."""
    open_files = complaints_across(user=user, organisations=organisations).exclude(
        state=State.CLOSED
    )
    overdue = Term.objects.filter(
        past_end(today), complaint=OuterRef("pk"), status=TermStatusChoices.RUNNING
    )
    rows = (
        open_files.annotate(late=Exists(overdue))
        .values("organisation_id")
        .annotate(
            new=Count("id", filter=Q(handler__isnull=True)),
            overdue=Count("id", filter=Q(late=True)),
        )
        .order_by()
    )
    return {row["organisation_id"]: Waiting(row["new"], row["overdue"]) for row in rows}


def users_for(complaint: Complaint, recipient: str) -> list[User]:
    """The staff who receive what the scheme sends to ``recipient`` (a role or party)."""
    if recipient == Role.EMPLOYEE_CONCERNED.value:
        return [e.user for e in complaint.employees.select_related("user") if e.user]
    if recipient not in {role.value for role in Role}:
        return []  # the complainant and outside bodies get letters, not notifications
    role = staff_roles_for(Role(recipient))
    return list(users_with_role(complaint.organisation, role)) if role else []


def officers_for(complaint: Complaint, responsible: str | None = None) -> list[User]:
    """Who answers for a complaint: its handler, and the staff of the responsible role
    (the complaints officers when the scheme names none and nobody handles it)."""
    found: list[User] = [complaint.handler] if complaint.handler else []
    if responsible:
        found += users_for(complaint, responsible)
    elif not found:
        found += users_with_role(complaint.organisation, StaffRole.COMPLAINTS_OFFICER)
    unique: dict[int, User] = {user.pk: user for user in found if user.is_active}
    return list(unique.values())
