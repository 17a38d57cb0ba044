"""The platform report: the figures of every organisation a person serves (an external
complaints service), side by side. It is built by the worker; the page shows progress."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klachtpad.addresses import client_address
from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.audit.services import access_log_write
from klachtpad.domain.permissions import OrganisationAction
from klachtpad.domain.reporting import Period
from klachtpad.letters.rendering import pdf_from_html
from klachtpad.organisations.models import Organisation
from klachtpad.organisations.selectors import organisations_where
from klachtpad.reports.exports import period_words, table_csv, table_xlsx
from klachtpad.reports.figures import Figures
from klachtpad.reports.models import BuildStatusChoices, ReportBuild
from klachtpad.reports.services import report_build_request
from klachtpad.staff.access import htmx_render, staff_only, verified
from klachtpad.staff.reports import DatesForm, download


def organisations_with_figures(user: User) -> QuerySet[Organisation]:
    return organisations_where(user=user, action=OrganisationAction.FIGURES)


# The columns side by side: (label, how to read it from the figures).
COLUMNS: list[tuple[Any, Any]] = [
    (gettext_lazy("Received"), lambda f: f.received),
    (gettext_lazy("Concerns"), lambda f: f.concerns),
    (gettext_lazy("Formal"), lambda f: f.formal),
    (gettext_lazy("In time"), lambda f: f.in_time),
    (gettext_lazy("Late"), lambda f: f.late),
    (gettext_lazy("Term passed, open"), lambda f: f.open_past_term),
    (gettext_lazy("Declined"), lambda f: f.declined),
    (gettext_lazy("Withdrawn"), lambda f: f.withdrawn),
    (gettext_lazy("Referred"), lambda f: f.referred),
    (gettext_lazy("Upheld"), lambda f: f.verdicts.get("upheld", 0)),
    (gettext_lazy("Partly upheld"), lambda f: f.verdicts.get("partly_upheld", 0)),
    (gettext_lazy("Not upheld"), lambda f: f.verdicts.get("not_upheld", 0)),
    (gettext_lazy("Not admissible"), lambda f: f.verdicts.get("not_admissible", 0)),
    (gettext_lazy("Measures"), lambda f: f.measures_total),
    (gettext_lazy("Measures realised in time"), lambda f: f.measures.get("on_time", 0)),
    (gettext_lazy("Days, median"), lambda f: f.handling_days_median),
    (gettext_lazy("Days, longest"), lambda f: f.handling_days_longest),
    (gettext_lazy("Satisfaction"), lambda f: f.satisfaction_average),
]


def _cells(data: dict[str, Any] | None) -> list[Any]:
    figures = Figures.from_json(data) if data else Figures()
    return [read(figures) for _label, read in COLUMNS]


def platform_rows(build: ReportBuild, user: User) -> list[dict[str, Any]]:
    """The built rows of the organisations the person still serves, all together first.

    The total was counted over every organisation of the build; when the person no
    longer serves one of them, the total is left out (it would still count that one),
    and the page asks for a new build."""
    allowed = set(organisations_with_figures(user).values_list("pk", flat=True))
    result = build.result or {}
    built = {row["id"] for row in result.get("organisations", [])}
    rows = []
    if built <= allowed:
        rows.append(
            {
                "name": _("All organisations together"),
                "slug": "",
                "current": _cells(result["total"]["current"]),
                "previous": _cells(result["total"]["previous"]),
            }
        )
    for row in result.get("organisations", []):
        if row["id"] in allowed:
            rows.append(
                {
                    "name": row["name"],
                    "slug": row["slug"],
                    "current": _cells(row["current"]),
                    "previous": _cells(row["previous"]),
                }
            )
    return rows


@staff_only
def platform_page(request: HttpRequest) -> HttpResponseBase:
    user = verified(request)
    assert user is not None  # noqa: S101 - staff_only checked it
    organisations = list(organisations_with_figures(user))
    if not organisations:
        raise Http404
    if request.method == "POST":
        form = DatesForm(request.POST)
        if form.is_valid():
            build = report_build_request(user=user, period=form.period)
            return redirect("staff:platform_build", build.pk)
        status = 400
    else:
        year = Period.year(timezone.localdate().year)
        form = DatesForm(initial={"start": year.start, "end": year.end})
        status = 200
    builds = ReportBuild.objects.filter(requested_by=user)[:10]
    context = {"form": form, "organisations": organisations, "builds": builds}
    return render(request, "reports/platform.html", context, status=status)


@staff_only
def platform_build(request: HttpRequest, build: int) -> HttpResponseBase:
    user = verified(request)
    assert user is not None  # noqa: S101 - staff_only checked it
    found = get_object_or_404(ReportBuild, pk=build, requested_by=user)
    period = Period(found.start, found.end)
    context: dict[str, Any] = {
        "build": found,
        "period": period_words(period),
        "previous": period_words(period.previous()),
        "columns": [str(label) for label, _read in COLUMNS],
    }
    if found.status != BuildStatusChoices.DONE:
        return htmx_render(
            request, "reports/platform_build.html", "reports/_platform_progress.html", context
        )
    context["rows"] = platform_rows(found, user)
    if not context["rows"] or context["rows"][0]["slug"]:
        context["total_withheld"] = True
    kind = request.GET.get("as", "")
    _logged(request, user, found, kind)
    name = f"klachten-platform-{found.start}-{found.end}"
    if kind in ("csv", "xlsx"):
        return download(_table(context, kind), kind, name)
    if kind == "pdf":
        html = render_to_string("reports/platform_document.html", context, request=request)
        return download(pdf_from_html(html), "pdf", name)
    return render(request, "reports/platform_build.html", context)


def _logged(request: HttpRequest, user: User, build: ReportBuild, kind: str) -> None:
    """Each organisation whose figures were shown or downloaded keeps it in its log."""
    shown = {row["slug"] for row in platform_rows(build, user) if row["slug"]}
    action = LogActionChoices.EXPORT if kind in ("csv", "xlsx", "pdf") else LogActionChoices.VIEW
    for organisation in organisations_with_figures(user).filter(slug__in=shown):
        access_log_write(
            organisation=organisation,
            user=user,
            on_behalf_of=str(_("platform report")),
            action=action,
            outcome=LogOutcomeChoices.ALLOWED,
            detail=f"platform report {build.start}..{build.end} {kind or 'page'}",
            client_address=client_address(request),
        )


def _table(context: dict[str, Any], kind: str) -> bytes:
    header = [_("Organisation")] + [
        f"{column} ({period})"
        for period in (context["period"], context["previous"])
        for column in context["columns"]
    ]
    rows = [[row["name"], *row["current"], *row["previous"]] for row in context["rows"]]
    if kind == "csv":
        return table_csv(header, rows)
    return table_xlsx(header, rows, _("Platform report %(period)s") % {"period": context["period"]})
