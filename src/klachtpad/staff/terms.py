"""The terms calculator: received on date X under procedure Y, every term's end date,
with the reasons. For the organisation's staff, and for the platform's admin site."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from klachtpad.domain.deadlines import check_day
from klachtpad.domain.schemes.schedule import procedure_schedule
from klachtpad.organisations.models import Organisation, Procedure, atw_calendar
from klachtpad.organisations.selectors import procedure_list_current
from klachtpad.organisations.wording import duration_words, param_words, term_kind_label


class ProcedureChoiceField(forms.ModelChoiceField[Procedure]):
    def label_from_instance(self, obj: Procedure) -> str:
        return f"{obj.organisation.name}: {obj.local_name}"


class TermsCalculatorForm(forms.Form):
    procedure = ProcedureChoiceField(
        label=_("Procedure"), queryset=Procedure.objects.none(), empty_label=None
    )
    received_on = forms.DateField(
        label=_("Received on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "invalid": _("Enter a date such as 2026-03-02 (Ontvangen op: bijvoorbeeld 2026-03-02).")
        },
    )

    def clean_received_on(self) -> date:
        day: date = self.cleaned_data["received_on"]
        if (implausible := check_day(day)) is not None:
            raise forms.ValidationError(implausible.render(gettext, display=param_words))
        return day

    def __init__(
        self, *args: object, organisation: Organisation | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        procedures = procedure_list_current()
        if organisation is not None:
            procedures = procedures.filter(organisation=organisation)
        self.fields["procedure"].queryset = procedures  # type: ignore[attr-defined]


def terms_rows(form: TermsCalculatorForm) -> list[dict[str, Any]]:
    """Received on date X under procedure Y: every term's end date, with the reasons."""
    rows: list[dict[str, Any]] = []
    if form.is_valid():
        procedure = form.cleaned_data["procedure"]
        spec = procedure.spec()
        for item in procedure_schedule(
            spec,
            start=form.cleaned_data["received_on"],
            calendar=procedure.organisation.working_calendar(),
            atw=atw_calendar(),
        ):
            rows.append(
                {
                    "item": item,
                    "label": term_kind_label(item.kind, spec),
                    "within": duration_words(item.spec.within),
                    "step_name": item.step.name.get(get_language() or "nl") if item.step else "",
                }
            )
    return rows


def terms_calculator(request: HttpRequest) -> HttpResponse:
    form = TermsCalculatorForm(request.GET or None)
    rows = terms_rows(form)
    context = {
        **admin.site.each_context(request),
        "title": "Termijnencalculator",
        "form": form,
        "rows": rows,
    }
    return render(request, "organisations/terms_calculator.html", context)
