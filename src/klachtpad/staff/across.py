"""The external complaints officer's desk: every organisation they serve in one list, and
the chooser that says what waits where."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html_join

from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.audit.services import LogLine
from klachtpad.complaints.models import StateChoices
from klachtpad.complaints.selectors import complaints_across, worklist_of
from klachtpad.domain.permissions import OrganisationAction
from klachtpad.inbox.selectors import items_across
from klachtpad.organisations.models import Organisation
from klachtpad.organisations.selectors import organisations_where, roles_in
from klachtpad.staff.access import Desk, htmx_render, log_lines, staff_only, verified
from klachtpad.staff.worklist import (
    Row,
    WorklistPaginator,
    search_line,
    worklist_filters,
    worklist_rows,
)


@staff_only
def worklist_across(request: HttpRequest) -> HttpResponse:
    """One worklist over every organisation whose complaints the person handles,
    overdue first, then by the nearest legal term; each file by its organisation's
    roles, and each organisation's access log told which of its files were shown."""
    user = verified(request)
    assert user is not None  # noqa: S101  # staff_only let the request through
    # A thousand providers: their names and addresses only, for the list and its filter.
    wanted = organisations_where(user=user, action=OrganisationAction.WORKLIST)
    organisations = list(wanted.only("pk", "slug", "name"))
    if len(organisations) < 2:
        raise PermissionDenied
    today = timezone.localdate()
    filters = worklist_filters(request)
    found = worklist_of(
        complaints_across(user=user, organisations=organisations),
        user=user,
        filters=filters,
    )
    page = WorklistPaginator(found, 50).get_page(request.GET.get("page"))
    rows = worklist_rows(page, today)
    _logged(request, user, organisations, rows)
    context: dict[str, Any] = {
        "rows": rows,
        "page": page,
        "filters": filters,
        "across": True,
        "states": StateChoices.choices,
        "organisation_options": _options(organisations, filters.organisation),
    }
    return htmx_render(request, "staff/worklist_across.html", "staff/_worklist_table.html", context)


@staff_only
def inbox_across(request: HttpRequest) -> HttpResponse:
    """The mail waiting in the inboxes of every organisation the person serves, newest
    first; each organisation's access log is told of its mails the page showed."""
    user = verified(request)
    assert user is not None  # noqa: S101  # staff_only let the request through
    wanted = organisations_where(user=user, action=OrganisationAction.INBOX)
    organisations = list(wanted.only("pk", "slug", "name"))
    if len(organisations) < 2:
        raise PermissionDenied
    page = Paginator(items_across(organisations), 50).get_page(request.GET.get("page"))
    shown: dict[int, list[int]] = {}
    for item in page:
        shown.setdefault(item.organisation_id, []).append(item.pk)
    lines = [
        LogLine(
            organisation,
            _desk(user, organisation).capacity,
            LogActionChoices.VIEW,
            LogOutcomeChoices.ALLOWED,
            f"inbox list: {' '.join(map(str, shown[organisation.pk]))}"[:500],
        )
        for organisation in organisations
        if organisation.pk in shown
    ]
    if lines:
        log_lines(request, lines)
    return render(request, "staff/inbox_across.html", {"page": page})


def _options(organisations: list[Organisation], chosen: int | None) -> str:
    """The providers to filter on, as options: a thousand made in one pass here cost a
    tenth of what the template's loop does."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((o.pk, " selected" if o.pk == chosen else "", o.name) for o in organisations),
    )


def _desk(user: User, organisation: Organisation) -> Desk:
    """The person at one of the organisations a list across them showed."""
    return Desk(
        user=user, organisation=organisation, roles=roles_in(user=user, organisation=organisation)
    )


def _logged(
    request: HttpRequest, user: User, organisations: list[Organisation], rows: list[Row]
) -> None:
    """Each organisation whose files the list showed logs the search (NEN 7513), all in
    one append however many providers the page showed."""
    shown: dict[int, list[Row]] = {}
    for row in rows:
        shown.setdefault(row.complaint.organisation_id, []).append(row)
    lines = []
    for organisation in organisations:
        if organisation.pk in shown:
            lines.append(search_line(request, _desk(user, organisation), shown[organisation.pk]))
    if lines:
        log_lines(request, lines)
