"""Staff pages of the organisations app."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from klachtpad.domain.schemes.schedule import procedure_schedule
from klachtpad.organisations.forms import TermsCalculatorForm
from klachtpad.organisations.models import atw_calendar
from klachtpad.organisations.wording import duration_words, term_kind_label


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
                    "step_name": item.step.name.nl if item.step else "",
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
