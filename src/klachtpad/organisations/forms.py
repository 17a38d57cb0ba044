from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from klachtpad.domain.deadlines import check_day
from klachtpad.organisations.models import Organisation, Procedure
from klachtpad.organisations.selectors import procedure_list_current
from klachtpad.organisations.wording import param_words


class ProcedureChoiceField(forms.ModelChoiceField[Procedure]):
    def label_from_instance(self, obj: Procedure) -> str:
        return f"{obj.organisation.name}: {obj.name_nl}"


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
