"""The report pages: figures for a period with charts, and their downloads."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.domain.deadlines import check_day
from klachtpad.domain.permissions import OrganisationAction
from klachtpad.domain.reporting import Period
from klachtpad.domain.schemes.vocabulary import Regime, ReportCovers
from klachtpad.letters.rendering import pdf_from_html
from klachtpad.organisations.models import Procedure
from klachtpad.organisations.selectors import organisation_members
from klachtpad.organisations.wording import param_words
from klachtpad.reports.charts import bar_chart
from klachtpad.reports.exports import period_words, report_csv, report_pdf, report_xlsx
from klachtpad.reports.public import public_report
from klachtpad.reports.report import Report, report_build
from klachtpad.reports.sections import sections
from klachtpad.staff.access import Desk, desk_view, log

LONGEST_PERIOD_DAYS = 5 * 366
FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
}


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def nav_context(desk: Desk) -> dict[str, Any]:
    """What the reports navigation offers: a public report for each youth procedure."""
    return {
        "desk": desk,
        "public_procedures": Procedure.objects.filter(
            organisation=desk.organisation, regime=Regime.JEUGDWET.value
        ).order_by("id"),
    }


class DatesForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=DATE)
    end = forms.DateField(label=gettext_lazy("Up to and including"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        for day in (start, end):
            if day and (implausible := check_day(day)) is not None:
                raise forms.ValidationError(implausible.render(_, display=param_words))
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end date lies before the start date."))
            if (end - start).days > LONGEST_PERIOD_DAYS:
                raise forms.ValidationError(_("Choose a period of at most five years."))
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])


class PeriodForm(DatesForm):
    procedure = forms.ModelChoiceField(
        queryset=Procedure.objects.none(),
        required=False,
        label=gettext_lazy("Procedure"),
        empty_label=gettext_lazy("all procedures"),
    )

    def __init__(self, *args: Any, organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["procedure"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = Procedure.objects.filter(organisation=organisation).order_by("id")
        field.label_from_instance = lambda procedure: procedure.local_name  # type: ignore[method-assign,assignment]
        self.fields["covers"] = forms.ChoiceField(
            label=gettext_lazy("Complaints"),
            required=False,
            choices=[
                (ReportCovers.RECEIVED.value, gettext_lazy("received in the period")),
                (ReportCovers.HANDLED.value, gettext_lazy("closed in the period")),
            ],
        )
        members = organisation_members(organisation) if organisation else []
        if members:
            # An umbrella organisation: each member provider has its own figures.
            self.fields["member"] = forms.ChoiceField(
                label=gettext_lazy("Care provider"),
                required=False,
                choices=[
                    ("", gettext_lazy("all care providers")),
                    *[(m.id, m.name) for m in members],
                ],
            )


def period_form(request: HttpRequest, desk: Desk) -> PeriodForm:
    """The form of the address, or this calendar year when nothing was chosen."""
    if "start" in request.GET or "end" in request.GET:
        return PeriodForm(request.GET, organisation=desk.organisation)
    year = Period.year(timezone.localdate().year)
    return PeriodForm(
        {"start": year.start.isoformat(), "end": year.end.isoformat()},
        organisation=desk.organisation,
    )


def report_context(report: Report, title: str) -> dict[str, Any]:
    found = sections(report)
    return {
        "report": report,
        "title": title,
        "sections": [(section, bar_chart(section)) for section in found],
        "current_label": period_words(report.period),
        "previous_label": period_words(report.previous),
    }


def report_title(desk: Desk, report: Report) -> str:
    name = desk.organisation.name
    if report.procedure is not None:
        name = f"{name}, {report.procedure.local_name}"
    if report.member:
        name = f"{name}, {report.labels['members'].get(report.member, report.member)}"
    return _("Complaints report %(name)s, %(period)s") % {
        "name": name,
        "period": period_words(report.period),
    }


def download(content: bytes, kind: str, name: str) -> HttpResponse:
    content_type, extension = FORMATS[kind]
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if kind == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{extension}"'
    response["Cache-Control"] = "no-store"
    return response


def export(context: dict[str, Any], kind: str) -> bytes:
    report: Report = context["report"]
    found = [section for section, _chart in context["sections"]]
    if kind == "csv":
        return report_csv(found, report.late, report.declined, report.period)
    if kind == "xlsx":
        return report_xlsx(found, report.late, report.declined, report.period, context["title"])
    return report_pdf(context)


@desk_view(OrganisationAction.FIGURES)
def report_page(request: HttpRequest, desk: Desk) -> HttpResponseBase:
    form = period_form(request, desk)
    kind = request.GET.get("as", "")
    if not form.is_valid():
        context = {"form": form, **nav_context(desk)}
        return render(request, "reports/report.html", context, status=400)
    report = report_build(
        [desk.organisation],
        form.period,
        procedure=form.cleaned_data["procedure"],
        member=form.cleaned_data.get("member", ""),
        covers=ReportCovers(form.cleaned_data.get("covers") or ReportCovers.RECEIVED),
        as_of=timezone.localdate(),
    )
    context = report_context(report, report_title(desk, report))
    if kind in FORMATS:
        log(request, desk, LogActionChoices.EXPORT, LogOutcomeChoices.ALLOWED)
        name = slugify(
            f"klachten-{desk.organisation.slug}-{report.period.start}-{report.period.end}"
        )
        return download(export(context, kind), kind, name)
    return render(
        request,
        "reports/report.html",
        {"form": form, "query": _query(form), **nav_context(desk), **context},
    )


def _query(form: PeriodForm) -> str:
    data = form.cleaned_data
    query = {"start": data["start"].isoformat(), "end": data["end"].isoformat()}
    if data.get("procedure"):
        query["procedure"] = str(data["procedure"].pk)
    if data.get("member"):
        query["member"] = data["member"]
    if data.get("covers"):
        query["covers"] = data["covers"]
    return urlencode(query)


class YearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    made_known = forms.CharField(
        label=gettext_lazy("How the procedure is made known (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@desk_view(OrganisationAction.FIGURES)
def report_public(request: HttpRequest, desk: Desk, procedure: str) -> HttpResponseBase:
    found = get_object_or_404(
        Procedure, organisation=desk.organisation, key=procedure, regime=Regime.JEUGDWET.value
    )
    data = request.GET if "year" in request.GET else {"year": timezone.localdate().year - 1}
    form = YearForm(data)
    context: dict[str, Any] = {"form": form, **nav_context(desk)}
    if not form.is_valid():
        return render(request, "reports/public.html", context, status=400)
    year = form.cleaned_data["year"]
    context |= {
        "public": public_report(found, year, as_of=timezone.localdate()),
        "made_known": form.cleaned_data["made_known"],
        "query": urlencode({"year": year, "made_known": form.cleaned_data["made_known"]}),
    }
    public = context["public"]
    context["tables"] = [
        (_("Totals"), public.totals),
        (_("Nature of the complaints (categories)"), public.categories),
        (_("Judgements"), public.verdicts),
        (_("Measures"), public.measures),
    ]
    kind = request.GET.get("as", "")
    if kind in ("pdf", "html"):
        log(request, desk, LogActionChoices.EXPORT, LogOutcomeChoices.ALLOWED)
        html = render_to_string("reports/public_document.html", context, request=request)
        name = f"jaarverslag-klachten-{desk.organisation.slug}-{found.key}-{year}"
        if kind == "html":
            response = HttpResponse(html, content_type="text/html; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.html"'
            return response
        return download(pdf_from_html(html), "pdf", name)
    return render(request, "reports/public.html", context)
