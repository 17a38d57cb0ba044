"""The reports a scheme promises, in the workspace: which are due, open one, send it to
its audience, record the discussion and the decisions taken."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from klachtpad.domain.permissions import OrganisationAction
from klachtpad.organisations.wording import ROLE_PHRASES
from klachtpad.reports.models import PeriodicReport
from klachtpad.reports.periodic import (
    periodic_report_discussion,
    periodic_report_send,
    report_spec,
)
from klachtpad.staff.access import Desk, desk_view
from klachtpad.staff.actions import DateInput
from klachtpad.staff.reports import nav_context


class DiscussionForm(forms.Form):
    discussed_on = forms.DateField(
        label=gettext_lazy("Discussed on"), widget=DateInput(), initial=timezone.localdate
    )
    minutes = forms.CharField(label=gettext_lazy("What was discussed"), widget=forms.Textarea)
    decisions = forms.CharField(
        label=gettext_lazy("Decisions taken"), widget=forms.Textarea, required=False
    )

    def clean_discussed_on(self) -> date:
        day: date = self.cleaned_data["discussed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date %(date)s is in the future.") % {"date": day})
        return day


def _report(desk: Desk, report: int) -> PeriodicReport:
    return get_object_or_404(PeriodicReport, pk=report, organisation=desk.organisation)


def report_link(report: PeriodicReport) -> str:
    """The figures of the report's period, for the complaints it covers."""
    base = reverse("staff:report", args=[report.organisation.slug])
    return (
        f"{base}?start={report.period_start}&end={report.period_end}"
        f"&procedure={report.procedure_id}&covers={report.covers}"
    )


@desk_view(OrganisationAction.FIGURES)
def periodic_reports(request: HttpRequest, desk: Desk) -> HttpResponse:
    rows = PeriodicReport.objects.filter(organisation=desk.organisation).select_related("procedure")
    context = {"rows": rows, "today": timezone.localdate(), **nav_context(desk)}
    return render(request, "reports/periodic_list.html", context)


def _page(
    request: HttpRequest, desk: Desk, report: PeriodicReport, form: DiscussionForm | None = None
) -> HttpResponse:
    spec = report_spec(report)
    context = {
        "report_row": report,
        "spec": spec,
        "by": ROLE_PHRASES[spec.by] if spec.by else "",
        "audience": [ROLE_PHRASES[role] for role in spec.to],
        "link": report_link(report),
        "form": form or DiscussionForm(),
        **nav_context(desk),
    }
    return render(request, "reports/periodic.html", context, status=422 if form else 200)


@desk_view(OrganisationAction.FIGURES)
def periodic_report_page(request: HttpRequest, desk: Desk, report: int) -> HttpResponse:
    return _page(request, desk, _report(desk, report))


@desk_view(OrganisationAction.FIGURES)
@require_POST
def periodic_report_send_view(request: HttpRequest, desk: Desk, report: int) -> HttpResponse:
    found = _report(desk, report)
    names = periodic_report_send(found, by=desk.actor.name)
    messages.success(request, _("Sent to %(names)s.") % {"names": ", ".join(names) or "—"})
    return redirect("staff:periodic_report", organisation=desk.organisation.slug, report=report)


@desk_view(OrganisationAction.FIGURES)
@require_POST
def periodic_report_discussed(request: HttpRequest, desk: Desk, report: int) -> HttpResponse:
    found = _report(desk, report)
    form = DiscussionForm(request.POST)
    if not form.is_valid():
        return _page(request, desk, found, form)
    data = form.cleaned_data
    periodic_report_discussion(
        found,
        discussed_on=data["discussed_on"],
        minutes=data["minutes"],
        decisions=data["decisions"],
        by=desk.actor.name,
    )
    messages.success(request, _("The discussion is recorded."))
    return redirect("staff:periodic_report", organisation=desk.organisation.slug, report=report)
