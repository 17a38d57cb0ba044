"""Learning from complaints: improvement actions, the anonymised view of a closed
complaint for team discussion, and feedback to the employee concerned."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.complaints.models import Complaint, EmployeeConcerned
from klachtpad.complaints.selectors import complaints_for
from klachtpad.domain.permissions import FileAction, OrganisationAction
from klachtpad.domain.workflow import State
from klachtpad.organisations.selectors import scheme_texts
from klachtpad.reports.anonymised import anonymised_file
from klachtpad.reports.models import (
    EmployeeFeedback,
    ImprovementStatusChoices,
)
from klachtpad.reports.selectors import anonymisable, improvements_of, may_record_feedback
from klachtpad.reports.services import (
    LearningRefused,
    improvement_create,
    improvement_update,
)
from klachtpad.staff.access import Desk, desk_view, log
from klachtpad.staff.reports import DATE, nav_context


class ImprovementForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("What will improve"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("How"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    owner = forms.CharField(label=gettext_lazy("Who is responsible"), max_length=200)
    due_on = forms.DateField(label=gettext_lazy("Ready by"), widget=DATE)
    references = forms.CharField(
        label=gettext_lazy("From complaints (references, separated by commas)"), max_length=2000
    )


class UpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=ImprovementStatusChoices.choices
    )
    note = forms.CharField(
        label=gettext_lazy("What was done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due_on = forms.DateField(label=gettext_lazy("New date (optional)"), required=False, widget=DATE)


class FeedbackForm(forms.Form):
    employee = forms.ModelChoiceField(
        queryset=EmployeeConcerned.objects.none(), label=gettext_lazy("Employee concerned")
    )
    given_on = forms.DateField(label=gettext_lazy("Feedback given on"), widget=DATE)
    summary = forms.CharField(
        label=gettext_lazy("What was discussed"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["employee"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = complaint.employees.all()


def _complaints_named(desk: Desk, text: str) -> tuple[list[Complaint], list[str]]:
    """The complaints the person may read among ``text``'s references, and those not found."""
    references = [part for part in re.split(r"[\s,;]+", text) if part]
    found = {
        complaint.reference: complaint
        for complaint in complaints_for(
            user=desk.user, organisation=desk.organisation, action=FileAction.VIEW
        ).filter(reference__in=references)
    }
    return list(found.values()), [ref for ref in references if ref not in found]


@desk_view(OrganisationAction.FIGURES)
def improvement_list(request: HttpRequest, desk: Desk) -> HttpResponse:
    status = request.GET.get("status", "")
    actions = improvements_of(desk.organisation, as_of=timezone.localdate(), status=status)
    # The list names the complaints each action comes from.
    log(request, desk, LogActionChoices.VIEW, LogOutcomeChoices.ALLOWED, detail="improvements")
    return render(
        request,
        "reports/improvements.html",
        {
            "actions": actions,
            "status": status,
            "statuses": ImprovementStatusChoices.choices,
            **nav_context(desk),
        },
    )


@desk_view(OrganisationAction.FIGURES)
def improvement_new(request: HttpRequest, desk: Desk) -> HttpResponse:
    if request.method == "POST":
        form = ImprovementForm(request.POST)
        if form.is_valid():
            complaints, unknown = _complaints_named(desk, form.cleaned_data["references"])
            if unknown:
                form.add_error(
                    "references",
                    _("Not found: %(references)s.") % {"references": ", ".join(unknown)},
                )
            else:
                try:
                    action = improvement_create(
                        organisation=desk.organisation,
                        by=desk.actor.name,
                        title=form.cleaned_data["title"],
                        description=form.cleaned_data["description"],
                        owner=form.cleaned_data["owner"],
                        due_on=form.cleaned_data["due_on"],
                        complaints=complaints,
                    )
                except LearningRefused as refusal:
                    form.add_error(None, str(refusal))
                else:
                    messages.success(request, _("Saved: the improvement action."))
                    return redirect("staff:improvement", desk.organisation.slug, action.pk)
        status = 400
    else:
        form = ImprovementForm(initial={"references": request.GET.get("from", "")})
        status = 200
    return render(
        request, "reports/improvement_new.html", {"form": form, **nav_context(desk)}, status=status
    )


@desk_view(OrganisationAction.FIGURES)
def improvement_page(request: HttpRequest, desk: Desk, improvement: int) -> HttpResponse:
    found = get_object_or_404(
        improvements_of(desk.organisation, as_of=timezone.localdate()), pk=improvement
    )
    log(
        request,
        desk,
        LogActionChoices.VIEW,
        LogOutcomeChoices.ALLOWED,
        detail=f"{request.method} improvement {found.pk}",
    )
    form = UpdateForm(initial={"status": found.status})
    status = 200
    if request.method == "POST":
        form = UpdateForm(request.POST)
        if form.is_valid():
            try:
                improvement_update(
                    found,
                    by=desk.actor.name,
                    status=ImprovementStatusChoices(form.cleaned_data["status"]),
                    note=form.cleaned_data["note"],
                    due_on=form.cleaned_data["due_on"],
                )
            except LearningRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("Saved: the improvement action."))
                return redirect("staff:improvement", desk.organisation.slug, found.pk)
        status = 400
    return render(
        request,
        "reports/improvement.html",
        {
            "action": found,
            "form": form,
            "updates": found.updates.all(),
            "complaints": found.complaints.all(),
            **nav_context(desk),
        },
        status=status,
    )


@desk_view(OrganisationAction.FIGURES)
def complaint_anonymised(request: HttpRequest, desk: Desk, reference: str) -> HttpResponseBase:
    """A closed complaint without what identifies people, for team discussion. Whoever is
    an employee concerned does not get it: they would know whom it is about."""
    complaint = (
        anonymisable(user=desk.user, organisation=desk.organisation)
        .filter(reference=reference)
        .select_related("procedure__scheme_version", "organisation", "client")
        .defer(*scheme_texts("procedure__scheme_version"))
        .first()
    )
    if complaint is None:
        log(request, desk, LogActionChoices.VIEW, LogOutcomeChoices.REFUSED, reference=reference)
        raise Http404
    log(
        request,
        desk,
        LogActionChoices.VIEW,
        LogOutcomeChoices.ALLOWED,
        complaint_id=complaint.pk,
        reference=complaint.reference,
        detail=f"GET {request.path} ({_('anonymised')})",
    )
    return render(
        request,
        "reports/anonymised.html",
        {"file": anonymised_file(complaint), **nav_context(desk)},
    )


def learning_context(desk: Desk, complaint: Complaint) -> dict[str, Any]:
    """What the complaint file shows and offers for learning from it."""
    return {
        "learning_figures": desk.may(OrganisationAction.FIGURES),
        "learning_closed": complaint.state == State.CLOSED.value,
        # Feedback goes to an employee concerned: a file naming none has none to read.
        "feedback": EmployeeFeedback.objects.filter(complaint=complaint).select_related("employee")
        if complaint.employees.all()
        else [],
        "feedback_form": (
            FeedbackForm(complaint=complaint, initial={"given_on": timezone.localdate()})
            if may_record_feedback(user=desk.user, complaint=complaint)
            else None
        ),
        "improvements": complaint.improvements.all(),
    }
