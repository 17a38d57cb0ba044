"""Reading organisations and their schemes."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import F, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from klachtpad.domain.permissions import (
    ORGANISATION_GRANTS,
    OrganisationAction,
    StaffRole,
    staff_roles_for,
)
from klachtpad.domain.schemes.model import Member, Scheme
from klachtpad.domain.schemes.vocabulary import Role
from klachtpad.domain.tasks import scheme_tasks
from klachtpad.organisations.models import (
    Location,
    Membership,
    Organisation,
    Procedure,
    SchemeVersion,
    scheme_read,
)


def organisation_list_public() -> QuerySet[Organisation]:
    """Organisations that have a scheme, for the public index."""
    return Organisation.objects.filter(scheme_versions__isnull=False).distinct().order_by("name")


def scheme_texts(path: str = "") -> tuple[str, str]:
    """The large columns of the scheme version reached through ``path`` (its text and
    data; no path: of the version itself), to ``defer``: a version's scheme is read once
    a process, by its key and hash, and its data only when that is the first time."""
    prefix = f"{path}__" if path else ""
    return f"{prefix}source_text", f"{prefix}data"


def scheme_version_newest(slug: str) -> SchemeVersion | None:
    """The newest scheme version of the organisation at this public address, with its
    organisation; None when there is none."""
    return (
        SchemeVersion.objects.select_related("organisation")
        .defer(*scheme_texts())
        .filter(organisation__slug=slug)
        .order_by("-number")
        .first()
    )


def scheme_version_current_for_slug(*, slug: str) -> SchemeVersion:
    """The newest scheme version of an organisation; 404 when there is none."""
    version = scheme_version_newest(slug)
    if version is None:
        raise Http404("No organisation with a complaint scheme at this address.")
    return version


def _newest_version(organisation: OuterRef) -> QuerySet[SchemeVersion]:
    """The scheme versions of the outer query's organisation, newest first."""
    return SchemeVersion.objects.filter(organisation=organisation).order_by("-number")


def procedure_list_current() -> QuerySet[Procedure]:
    """The procedures of every organisation's current scheme version."""
    newest = _newest_version(OuterRef("organisation")).values("pk")[:1]
    return (
        Procedure.objects.filter(scheme_version=Subquery(newest))
        .select_related("organisation", "scheme_version")
        .order_by("organisation__name", "id")
    )


def _roles_read(user: User | AnonymousUser) -> dict[int, frozenset[StaffRole]]:
    """The roles this request has read of ``user``, by organisation."""
    read: dict[int, frozenset[StaffRole]] = user.__dict__.setdefault("_klachtpad_roles", {})
    return read


def roles_in(*, user: User | AnonymousUser, organisation: Organisation) -> frozenset[StaffRole]:
    """The roles ``user`` holds in ``organisation``; none for an anonymous visitor."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = _roles_read(user)
    if organisation.pk not in cache:
        cache[organisation.pk] = frozenset(
            StaffRole(role)
            for role in Membership.objects.filter(user=user, organisation=organisation).values_list(
                "role", flat=True
            )
        )
    return cache[organisation.pk]


def roles_known(*, user: User | AnonymousUser, organisations: Iterable[Organisation]) -> None:
    """Read ``user``'s roles in all of ``organisations`` at once (one query), so that
    ``roles_in`` for any of them asks nothing more: an external officer's thousand."""
    if not user.is_authenticated or not user.is_active:
        return
    cache = _roles_read(user)
    wanted = {organisation.pk for organisation in organisations} - set(cache)
    if not wanted:
        return
    found: dict[int, set[StaffRole]] = {pk: set() for pk in wanted}
    memberships = Membership.objects.filter(user=user, organisation_id__in=wanted)
    for organisation_id, role in memberships.values_list("organisation_id", "role"):
        found[organisation_id].add(StaffRole(role))
    cache.update({pk: frozenset(roles) for pk, roles in found.items()})


def desk_organisation(*, user: User, slug: str) -> Organisation | None:
    """The organisation at ``slug`` with ``user``'s roles in it and the key of its
    current scheme version, in one query: what every staff page asks first. ``roles_in``
    and ``current_scheme`` then ask nothing more (the scheme once per process)."""
    newest = _newest_version(OuterRef("pk"))
    rows = list(
        Organisation.objects.filter(slug=slug)
        .annotate(
            mine=FilteredRelation("memberships", condition=Q(memberships__user=user)),
            held_role=F("mine__role"),
            scheme_pk=Subquery(newest.values("pk")[:1]),
            scheme_hash=Subquery(newest.values("content_hash")[:1]),
        )
        .order_by()
    )
    if not rows:
        return None
    found = rows[0]
    if user.is_active:
        _roles_read(user)[found.pk] = frozenset(
            StaffRole(row.held_role) for row in rows if row.held_role
        )
    return found


def current_scheme(organisation: Organisation) -> Scheme | None:
    """The organisation's scheme as last loaded."""
    known = organisation.__dict__  # read with its organisation by desk_organisation
    if "scheme_pk" in known:
        if known["scheme_pk"] is None:
            return None
        found = scheme_read((known["scheme_pk"], known["scheme_hash"]))
        if found is not None:
            return found
    version = organisation.scheme_versions.order_by("-number").first()
    return version.scheme() if version else None


def organisation_members(organisation: Organisation) -> list[Member]:
    """The member providers of an umbrella organisation's current scheme (often none)."""
    scheme = current_scheme(organisation)
    return list(scheme.organisation.members) if scheme else []


def location_names(*, organisation: Organisation) -> list[str]:
    """The names of the places where the organisation gives care, for a choice list."""
    return list(
        Location.objects.filter(organisation=organisation, active=True).values_list(
            "name", flat=True
        )
    )


def organisation_list_for(*, user: User) -> QuerySet[Organisation]:
    """The organisations ``user`` holds any role in: where they may switch to."""
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")


def organisations_where(*, user: User, action: OrganisationAction) -> QuerySet[Organisation]:
    """The organisations in which one of ``user``'s roles allows ``action``."""
    roles = [role.value for role, granted in ORGANISATION_GRANTS.items() if action in granted]
    return (
        Organisation.objects.filter(memberships__user=user, memberships__role__in=roles)
        .distinct()
        .order_by("name", "id")
    )


@lru_cache(maxsize=1024)
def step_names(scheme_version_id: int, procedure_key: str, language: str) -> dict[str, str]:
    """The names of a procedure's steps in ``language``; scheme versions never change."""
    procedure = SchemeVersion.objects.get(pk=scheme_version_id).scheme().procedure(procedure_key)
    return {step.id: step.name.get(language) for step in procedure.steps}


@lru_cache(maxsize=256)
def _step_roles(scheme_version_id: int, procedure_key: str) -> dict[str, StaffRole]:
    # Scheme versions never change after loading, so this can be kept for good.
    procedure = SchemeVersion.objects.get(pk=scheme_version_id).scheme().procedure(procedure_key)
    found = {}
    for step in procedure.steps:
        role = staff_roles_for(step.handler.role) if step.handler.role else None
        if role is not None:
            found[step.id] = role
    return found


@lru_cache(maxsize=256)
def _employee_steps(scheme_version_id: int, procedure_key: str) -> list[str]:
    procedure = SchemeVersion.objects.get(pk=scheme_version_id).scheme().procedure(procedure_key)
    return [step.id for step in procedure.steps if step.handler.role == Role.EMPLOYEE_CONCERNED]


def steps_of_the_employee(*, organisation: Organisation) -> dict[int, list[str]]:
    """Per procedure id, the steps the scheme gives to the employee concerned."""
    found: dict[int, list[str]] = {}
    for procedure in Procedure.objects.filter(organisation=organisation):
        steps = _employee_steps(procedure.scheme_version_id, procedure.key)
        if steps:
            found[procedure.pk] = steps
    return found


def steps_handled_by(
    *, organisation: Organisation, roles: frozenset[StaffRole]
) -> dict[int, list[str]]:
    """Per procedure id, the steps the scheme gives to one of ``roles``."""
    found: dict[int, list[str]] = {}
    for procedure in Procedure.objects.filter(organisation=organisation):
        steps = _step_roles(procedure.scheme_version_id, procedure.key)
        chosen = [step for step, role in steps.items() if role in roles]
        if chosen:
            found[procedure.pk] = chosen
    return found


@lru_cache(maxsize=1024)
def _task_steps(
    scheme_version_id: int, procedure_key: str, roles: frozenset[StaffRole]
) -> list[tuple[str, bool]]:
    procedure = SchemeVersion.objects.get(pk=scheme_version_id).scheme().procedure(procedure_key)
    return [
        (step.id, formal)
        for step in procedure.steps
        for formal in (False, True)
        if scheme_tasks(procedure, step.id, formal=formal, roles=roles)
    ]


def steps_with_tasks_for(
    *, organisation: Organisation, roles: frozenset[StaffRole]
) -> dict[int, list[tuple[str, bool]]]:
    """Per procedure id, the (step, formal) pairs where the scheme gives ``roles`` a task."""
    found: dict[int, list[tuple[str, bool]]] = {}
    for procedure in Procedure.objects.filter(organisation=organisation):
        pairs = _task_steps(procedure.scheme_version_id, procedure.key, roles)
        if pairs:
            found[procedure.pk] = pairs
    return found


def staff_of(*, organisation: Organisation) -> QuerySet[User]:
    """The active people holding any role in ``organisation``, by name."""
    return (
        User.objects.filter(is_active=True, memberships__organisation=organisation)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


# Dutch surname particles say nothing about who is meant.
_PARTICLES = frozenset({"de", "der", "den", "van", "von", "het", "ten", "ter", "te", "la", "le"})


def _name_words(name: str) -> list[str]:
    return [w for w in name.casefold().replace("-", " ").split() if w not in _PARTICLES]


def staff_suggested(*, organisation: Organisation, name: str) -> list[User]:
    """The organisation's staff whose name is like ``name`` (as a complainant typed it,
    perhaps misspelt or with a first name only), the likeliest first."""
    wanted = _name_words(name)
    if not wanted:
        return []
    scored = []
    for user in staff_of(organisation=organisation):
        words = _name_words(f"{user.first_name} {user.last_name}")
        if not words:
            continue
        # How well each typed word matches one of the person's names, on average.
        score = sum(
            max(difflib.SequenceMatcher(None, typed, word).ratio() for word in words)
            for typed in wanted
        ) / len(wanted)
        if score >= 0.8:
            scored.append((-score, user.get_full_name(), user))
    return [user for _score, _name, user in sorted(scored, key=lambda row: row[:2])]


def users_with_role(organisation: Organisation, role: StaffRole) -> QuerySet[User]:
    """The active staff of ``organisation`` who hold ``role``."""
    return User.objects.filter(
        is_active=True, memberships__organisation=organisation, memberships__role=role.value
    ).distinct()
