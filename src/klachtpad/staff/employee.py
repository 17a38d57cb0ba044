"""The employee concerned's own pages: the part of a complaint about them that the
scheme gives them, and nothing more (docs/roles.md). Every look is in the access log."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.complaints import services
from klachtpad.complaints.models import StatementKindChoices
from klachtpad.complaints.selectors import EmployeePartRow, employee_parts_for
from klachtpad.complaints.services import TransitionRefused
from klachtpad.complaints.services.judgements import judgement_latest, signatures_missing
from klachtpad.domain.schemes.vocabulary import Handling, Party
from klachtpad.domain.workflow import Action, State, check_action
from klachtpad.letters.pdfs import letter_pdf_store
from klachtpad.letters.selectors import letters_to_employee
from klachtpad.organisations.selectors import step_names
from klachtpad.staff.access import Desk, desk_view, log
from klachtpad.staff.actions import DateInput
from klachtpad.staff.letters import pdf_response


class StatementForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What do you want to tell the complaints officer?"),
        choices=StatementKindChoices.choices,
        widget=forms.RadioSelect,
        initial=StatementKindChoices.SIDE,
    )
    text = forms.CharField(label=gettext_lazy("Your words"), widget=forms.Textarea)
    happened_on = forms.DateField(
        label=gettext_lazy("When (for a contact or a solution)"),
        widget=DateInput(),
        required=False,
    )


def _part(desk: Desk, reference: str) -> EmployeePartRow:
    for row in employee_parts_for(user=desk.user, organisation=desk.organisation):
        if row.employee.complaint.reference == reference:
            return row
    raise Http404


def _logged(request: HttpRequest, desk: Desk, row: EmployeePartRow, action: str) -> None:
    complaint = row.employee.complaint
    log(
        request,
        desk,
        LogActionChoices(action),
        LogOutcomeChoices.ALLOWED,
        complaint_id=complaint.pk,
        reference=complaint.reference,
        detail=f"{request.method} {request.path} (employee concerned)",
    )


@desk_view()
def my_parts(request: HttpRequest, desk: Desk) -> HttpResponse:
    rows = employee_parts_for(user=desk.user, organisation=desk.organisation)
    log(
        request,
        desk,
        LogActionChoices.SEARCH,
        LogOutcomeChoices.ALLOWED,
        detail=f"{request.method} {request.path} (complaints about me)",
    )
    return render(request, "staff/my_parts.html", {"desk": desk, "rows": rows})


def _context(
    desk: Desk, row: EmployeePartRow, form: StatementForm | None = None
) -> dict[str, object]:
    complaint = row.employee.complaint
    procedure = complaint.procedure
    judgement = judgement_latest(complaint)
    may_sign = (
        row.part.signs
        and judgement is not None
        and Party.EMPLOYEE_CONCERNED.value in signatures_missing(procedure.spec(), judgement)
    )
    return {
        "desk": desk,
        "row": row,
        "complaint": complaint,
        "step_name": step_names(
            procedure.scheme_version_id, procedure.key, get_language() or "nl"
        ).get(complaint.step, complaint.step),
        "statements": row.employee.statements.all(),
        "letters": letters_to_employee(row.employee),
        "judgement": judgement if row.part.letters or row.part.signs else None,
        "may_sign": may_sign,
        "form": form or StatementForm(),
        "may_state": row.part.informed
        and check_action(
            Action.EMPLOYEE_STATEMENT,
            state=State(complaint.state),
            handling=Handling(complaint.handling),
        )
        is None,
    }


@desk_view()
def my_part(request: HttpRequest, desk: Desk, reference: str) -> HttpResponse:
    row = _part(desk, reference)
    _logged(request, desk, row, LogActionChoices.VIEW)
    return render(request, "staff/my_part.html", _context(desk, row))


@desk_view()
@require_POST
def my_part_statement(request: HttpRequest, desk: Desk, reference: str) -> HttpResponse:
    row = _part(desk, reference)
    _logged(request, desk, row, LogActionChoices.CHANGE)
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_employee_statement(
                row.employee.complaint,
                actor=desk.actor,
                employee=row.employee,
                kind=StatementKindChoices(form.cleaned_data["kind"]),
                text=form.cleaned_data["text"],
                happened_on=form.cleaned_data["happened_on"],
            )
        except TransitionRefused as refusal:
            for message in refusal.messages():
                form.add_error(None, message)
        else:
            messages.success(request, _("Sent to the complaints officer."))
            return redirect(
                "staff:my_part", organisation=desk.organisation.slug, reference=reference
            )
    return render(request, "staff/my_part.html", _context(desk, row, form), status=422)


@desk_view()
@require_POST
def my_part_sign(request: HttpRequest, desk: Desk, reference: str) -> HttpResponse:
    row = _part(desk, reference)
    _logged(request, desk, row, LogActionChoices.CHANGE)
    try:
        services.complaint_judgement_sign(
            row.employee.complaint,
            actor=desk.actor,
            party=Party.EMPLOYEE_CONCERNED.value,
            name=desk.user.get_full_name() or row.employee.name,
        )
    except TransitionRefused as refusal:
        for message in refusal.messages():
            messages.error(request, message)
    else:
        messages.success(request, _("You signed the judgement."))
    return redirect("staff:my_part", organisation=desk.organisation.slug, reference=reference)


@desk_view()
def my_part_letter(request: HttpRequest, desk: Desk, reference: str, letter: int) -> FileResponse:
    row = _part(desk, reference)
    found = get_object_or_404(letters_to_employee(row.employee), pk=letter)
    _logged(request, desk, row, LogActionChoices.EXPORT)
    stored = letter_pdf_store(found)
    return pdf_response(None, f"{reference}-{found.kind}.pdf", stored.file.open("rb"))
