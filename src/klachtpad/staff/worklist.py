"""The staff workspace's start: choose an organisation, its worklist, and the files
shared with a person."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language

from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.audit.services import LogLine
from klachtpad.complaints.models import (
    Complaint,
    HandlingChoices,
    StateChoices,
)
from klachtpad.complaints.selectors import (
    Waiting,
    WorklistFilter,
    shares_for,
    waiting_per_organisation,
    worklist,
)
from klachtpad.domain.deadlines import Standing, standing
from klachtpad.domain.permissions import OrganisationAction
from klachtpad.inbox.selectors import open_count, open_counts
from klachtpad.organisations.models import Category, Location, Procedure
from klachtpad.organisations.selectors import (
    organisation_list_for,
    organisations_where,
    step_names,
)
from klachtpad.retention.selectors import requests_open
from klachtpad.staff.access import (
    Desk,
    desk_view,
    htmx_render,
    log,
    log_lines,
    staff_only,
    verified,
)
from klachtpad.staff.platform import organisations_with_figures


@staff_only
def home(request: HttpRequest) -> HttpResponse:
    """Where the person works: one organisation goes straight there, several are a choice."""
    user = verified(request)
    assert user is not None  # noqa: S101  # staff_only let the request through
    organisations = list(organisation_list_for(user=user))
    if len(organisations) == 1 and not request.GET.get("choose"):
        return redirect("staff:start", organisation=organisations[0].slug)
    handled = organisations_where(user=user, action=OrganisationAction.WORKLIST)
    counts = waiting_per_organisation(user=user, organisations=handled, today=timezone.localdate())
    with_inbox = organisations_where(user=user, action=OrganisationAction.INBOX)
    mail = open_counts(with_inbox)
    context = {
        "organisations": [
            (o, counts.get(o.pk, Waiting()), mail.get(o.pk, 0)) for o in organisations
        ],
        "mail_across": with_inbox.count() > 1,
        "across": handled.count() > 1,
        "platform": organisations_with_figures(user).count() > 1,
    }
    return render(request, "staff/home.html", context)


@desk_view()
def start(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The first page of an organisation for this person's roles."""
    slug = desk.organisation.slug
    if desk.may(OrganisationAction.WORKLIST):
        return redirect("staff:worklist", organisation=slug)
    if desk.may(OrganisationAction.ADMINISTER):
        return redirect("staff:admin_staff", organisation=slug)
    if desk.may(OrganisationAction.READ_LOG):
        return redirect("staff:access_log", organisation=slug)
    raise PermissionDenied


@dataclass(frozen=True)
class Row:
    """A complaint in the worklist, with how its nearest running term stands."""

    complaint: Complaint
    term: Standing | None
    step_name: str
    url: str
    state: str  # the state and handling by name, in the reader's language
    handling: str


def worklist_filters(request: HttpRequest) -> WorklistFilter:
    def number(name: str) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    return WorklistFilter(
        state=request.GET.get("state", "") if request.GET.get("state") in StateChoices else "",
        step=request.GET.get("step", "")[:63],
        procedure=number("procedure"),
        category=number("category"),
        location=request.GET.get("location", "")[:200],
        text=request.GET.get("q", "")[:200],
        mine=request.GET.get("mine") == "1",
        organisation=number("organisation"),
    )


def step_name(version: int, key: str, step: str) -> str:
    """A step by its name in the reader's language (its id where the scheme lost it)."""
    return step_names(version, key, get_language() or "nl").get(step, step)


class WorklistPaginator(Paginator):  # type: ignore[type-arg]
    """Counts no further than it shows pages for: past ``LIMIT`` complaints the list
    says "more than" and the filters narrow it, so a page costs the same in an archive
    of a hundred thousand as in one of a thousand."""

    LIMIT = 1000

    @cached_property
    def count(self) -> int:
        complaints: QuerySet[Complaint] = self.object_list  # type: ignore[assignment]
        # Any LIMIT + 1 of them tell whether there are more: no order, no sort.
        return complaints.order_by()[: self.LIMIT + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.LIMIT


def steps_offered(procedures: Iterable[Procedure]) -> list[tuple[str, str]]:
    """The steps to filter on: those of the organisation's procedures, by name."""
    found = {
        (step, name)
        for procedure in procedures
        for step, name in step_names(
            procedure.scheme_version_id, procedure.key, get_language() or "nl"
        ).items()
    }
    return sorted(found, key=lambda item: item[1])


def worklist_rows(complaints: Iterable[Complaint], today: date) -> list[Row]:
    # One reverse per organisation, not per row: the address differs only in the reference.
    addresses: dict[str, str] = {}
    # Each name translated once, not once a row.
    states = {value: str(label) for value, label in StateChoices.choices}
    handlings = {value: str(label) for value, label in HandlingChoices.choices}
    rows = []
    for c in complaints:
        slug = c.organisation.slug
        if slug not in addresses:
            addresses[slug] = reverse(
                "staff:complaint", kwargs={"organisation": slug, "reference": _PLACE}
            )
        rows.append(
            Row(
                c,
                standing(c.next_term_end, today) if c.next_term_end else None,
                step_name(c.procedure.scheme_version_id, c.procedure.key, c.step),
                addresses[slug].replace(_PLACE, quote(c.reference)),
                states.get(c.state, c.state),
                handlings.get(c.handling, c.handling),
            )
        )
    return rows


_PLACE = "REFERENCE"


def search_line(request: HttpRequest, desk: Desk, rows: Iterable[Row]) -> LogLine:
    """Which files a list showed, and which filters were used; search words may be
    names, so they are not written down."""
    used = ",".join(sorted(key for key, value in request.GET.items() if value))
    shown = " ".join(row.complaint.reference for row in rows)
    return LogLine(
        desk.organisation,
        desk.capacity,
        LogActionChoices.SEARCH,
        LogOutcomeChoices.ALLOWED,
        f"GET {request.path} filters: {used or '-'} shown: {shown or '-'}"[:500],
    )


@desk_view(OrganisationAction.WORKLIST)
def worklist_page(request: HttpRequest, desk: Desk) -> HttpResponse:
    today = timezone.localdate()
    filters = worklist_filters(request)
    found = worklist(user=desk.user, organisation=desk.organisation, filters=filters)
    page = WorklistPaginator(found, 50).get_page(request.GET.get("page"))
    rows = worklist_rows(page, today)
    log_lines(request, [search_line(request, desk, rows)])
    organisation = desk.organisation
    procedures = list(Procedure.objects.filter(organisation=organisation).order_by("id"))
    context: dict[str, Any] = {
        "desk": desk,
        "rows": rows,
        "page": page,
        "filters": filters,
        "states": StateChoices.choices,
        "procedures": procedures,
        "categories": Category.objects.filter(organisation=organisation, active=True),
        "locations": Location.objects.filter(organisation=organisation, active=True),
        "steps": steps_offered(procedures),
        "shared": shares_for(user=desk.user, organisation=organisation).filter(scope="summary"),
        "requests_due": requests_open(organisation)[:10]
        if desk.may(OrganisationAction.PRIVACY)
        else [],
        "mail_waiting": open_count(organisation) if desk.may(OrganisationAction.INBOX) else 0,
        "today": today,
    }
    return htmx_render(request, "staff/worklist.html", "staff/_worklist_table.html", context)


@desk_view(OrganisationAction.WORKLIST)
def shared_with_me(request: HttpRequest, desk: Desk) -> HttpResponse:
    shares: QuerySet[Any] = shares_for(user=desk.user, organisation=desk.organisation)
    log(request, desk, LogActionChoices.VIEW, LogOutcomeChoices.ALLOWED, detail="shared with me")
    return render(request, "staff/shared.html", {"desk": desk, "shares": shares})
