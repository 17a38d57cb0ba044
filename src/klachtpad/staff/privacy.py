"""Retention and people's requests about their data: the files due to go and their
holds (complaints officer), the terms (organisation admin), the requests with their
legal term, and the record of processing activities (AVG art. 30)."""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.complaints.models import Complaint, HandlingChoices
from klachtpad.complaints.services import TransitionRefused
from klachtpad.domain.permissions import OrganisationAction
from klachtpad.domain.retention import LONGEST_YEARS, SHORTEST_YEARS
from klachtpad.letters.rendering import pdf_from_html
from klachtpad.organisations.selectors import current_scheme
from klachtpad.organisations.wording import param_words
from klachtpad.retention import services
from klachtpad.retention.exports import person_export
from klachtpad.retention.models import (
    RequestKindChoices,
    RetentionRule,
    SubjectRequest,
)
from klachtpad.retention.selectors import (
    LOOK_AHEAD,
    Found,
    person_find,
    requests_open,
    rules_of,
    standings,
)
from klachtpad.staff.access import Desk, desk_view, log
from klachtpad.staff.actions import DateInput

ALL = ""


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RuleForm(forms.Form):
    procedure = forms.ChoiceField(label=gettext_lazy("Procedure"), required=False)
    handling = forms.ChoiceField(
        label=gettext_lazy("Handling"),
        required=False,
        choices=[(ALL, gettext_lazy("concerns and formal complaints")), *HandlingChoices.choices],
    )
    years = forms.IntegerField(
        label=gettext_lazy("Years after closure"), min_value=SHORTEST_YEARS, max_value=LONGEST_YEARS
    )
    reason = forms.CharField(
        label=gettext_lazy("Why this term"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, procedures: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["procedure"].choices = [(ALL, _("every procedure")), *procedures]  # type: ignore[attr-defined]


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the person asks"), choices=RequestKindChoices)
    name = forms.CharField(label=gettext_lazy("Name of the person"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("Their e-mail"), required=False)
    phone = forms.CharField(label=gettext_lazy("Their phone"), max_length=40, required=False)
    client_number = forms.CharField(
        label=gettext_lazy("Client number, if they are a client"), max_length=40, required=False
    )
    received_on = forms.DateField(
        label=gettext_lazy("Received on"), widget=DateInput(), initial=timezone.localdate
    )
    details = forms.CharField(
        label=gettext_lazy("What they ask, in their words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CorrectionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Correct name"), max_length=200, required=False)
    email = forms.EmailField(label=gettext_lazy("Correct e-mail"), required=False)
    phone = forms.CharField(label=gettext_lazy("Correct phone"), max_length=40, required=False)


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label=gettext_lazy("What was done, as told to the person"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    refusal_reason = forms.CharField(
        label=gettext_lazy("Why it was refused (leave empty when carried out)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _refused(request: HttpRequest, refusal: TransitionRefused) -> None:
    for text in refusal.messages():
        messages.error(request, text)


def _procedures(desk: Desk) -> list[tuple[str, str]]:
    scheme = current_scheme(desk.organisation)
    return [(p.id, p.name.nl) for p in scheme.procedures] if scheme else []


@desk_view(OrganisationAction.PRIVACY)
def privacy_page(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The files due to go within the coming months, and what holds them."""
    if request.method == "POST":
        complaint = get_object_or_404(
            Complaint, organisation=desk.organisation, reference=request.POST.get("reference", "")
        )
        form = ReasonForm(request.POST)
        if form.is_valid():
            change = services.hold_release if "release" in request.POST else services.hold_set
            try:
                change(complaint, reason=form.cleaned_data["reason"], by=desk.actor.name)
            except TransitionRefused as refusal:
                _refused(request, refusal)
            else:
                messages.success(
                    request,
                    _("The hold was released.")
                    if "release" in request.POST
                    else _("The file is held."),
                )
        else:
            messages.error(request, _("Give the reason."))
        log(
            request,
            desk,
            LogActionChoices.CHANGE,
            LogOutcomeChoices.ALLOWED,
            complaint_id=complaint.pk,
            reference=complaint.reference,
        )
        return redirect("staff:privacy", organisation=desk.organisation.slug)
    today = timezone.localdate()
    found = standings(desk.organisation, today)
    log(request, desk, LogActionChoices.VIEW, LogOutcomeChoices.ALLOWED, detail="retention list")
    open_requests = requests_open(desk.organisation)
    context = {
        "desk": desk,
        "standings": [
            (standing, [hold.reason.render(_, display=param_words) for hold in standing.holds])
            for standing in found
        ],
        "today": today,
        "ahead": today + LOOK_AHEAD,
        "rules": rules_of(desk.organisation),
        "requests": open_requests,
        "reason_form": ReasonForm(),
    }
    return render(request, "staff/privacy.html", context)


@desk_view(OrganisationAction.ADMINISTER)
def privacy_rules(request: HttpRequest, desk: Desk) -> HttpResponse:
    procedures = _procedures(desk)
    form = RuleForm(request.POST or None, procedures=procedures)
    if request.method == "POST" and "remove" in request.POST:
        chosen = request.POST["remove"]
        services.retention_rule_remove(
            get_object_or_404(
                RetentionRule,
                organisation=desk.organisation,
                pk=int(chosen) if chosen.isdigit() else 0,
            )
        )
        messages.success(request, _("The retention term was removed."))
        return redirect("staff:privacy_rules", organisation=desk.organisation.slug)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.retention_rule_set(
                organisation=desk.organisation,
                procedure=data["procedure"],
                handling=data["handling"],
                years=data["years"],
                reason=data["reason"],
                by=desk.actor.name,
            )
        except TransitionRefused as refusal:
            for text in refusal.messages():
                form.add_error(None, text)
        else:
            messages.success(request, _("The retention term was saved."))
            return redirect("staff:privacy_rules", organisation=desk.organisation.slug)
    names = dict(procedures)
    rules = [
        (
            rule,
            names.get(rule.procedure, rule.procedure) if rule.procedure else _("every procedure"),
        )
        for rule in rules_of(desk.organisation)
    ]
    return render(request, "staff/privacy_rules.html", {"desk": desk, "form": form, "rules": rules})


@desk_view(OrganisationAction.PRIVACY)
def privacy_requests(request: HttpRequest, desk: Desk) -> HttpResponse:
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.subject_request_register(
                organisation=desk.organisation, by=desk.actor.name, **form.cleaned_data
            )
        except TransitionRefused as refusal:
            for text in refusal.messages():
                form.add_error(None, text)
        else:
            messages.success(request, _("The request was recorded."))
            return redirect(
                "staff:privacy_request", organisation=desk.organisation.slug, subject=made.pk
            )
    listed = SubjectRequest.objects.filter(organisation=desk.organisation).order_by(
        "-status", "due_on"
    )
    return render(
        request,
        "staff/privacy_requests.html",
        {"desk": desk, "form": form, "listed": listed[:200], "today": timezone.localdate()},
    )


def _request(desk: Desk, pk: int) -> SubjectRequest:
    return get_object_or_404(SubjectRequest, organisation=desk.organisation, pk=pk)


def _found(subject: SubjectRequest) -> Found:
    return person_find(
        subject.organisation,
        name=subject.name,
        email=subject.email,
        phone=subject.phone,
        client_number=subject.client_number,
    )


def _log_files(
    request: HttpRequest, desk: Desk, found: Found, action: LogActionChoices, what: str
) -> None:
    for complaint in found.files:
        log(
            request,
            desk,
            action,
            LogOutcomeChoices.ALLOWED,
            complaint_id=complaint.pk,
            reference=complaint.reference,
            detail=what,
        )


@desk_view(OrganisationAction.PRIVACY)
def privacy_request(request: HttpRequest, desk: Desk, subject: int) -> HttpResponse:
    return _request_page(request, desk, _request(desk, subject))


def _request_page(request: HttpRequest, desk: Desk, subject: SubjectRequest) -> HttpResponse:
    found = _found(subject)
    if request.method == "POST":
        return _request_act(request, desk, subject, found)
    _log_files(request, desk, found, LogActionChoices.SEARCH, f"request {subject.pk}")
    context = {
        "desk": desk,
        "subject": subject,
        "found": found,
        "extend_form": ReasonForm(),
        "correction_form": CorrectionForm(),
        "close_form": CloseForm(),
        "today": timezone.localdate(),
    }
    return render(request, "staff/privacy_request.html", context)


def _request_act(
    request: HttpRequest, desk: Desk, subject: SubjectRequest, found: Found
) -> HttpResponse:
    act = request.POST.get("act", "")
    again = redirect(
        "staff:privacy_request", organisation=desk.organisation.slug, subject=subject.pk
    )
    try:
        if act == "extend":
            services.subject_request_extend(subject, reason=request.POST.get("reason", ""))
            messages.success(request, _("The term was extended by two months."))
        elif act == "rectify":
            form = CorrectionForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Check the corrected e-mail address."))
                return again
            changed = services.person_rectify(
                subject, found, services.Correction(**form.cleaned_data), actor=desk.actor
            )
            _log_files(request, desk, found, LogActionChoices.CHANGE, "corrected")
            messages.success(request, _("Corrected in %(n)s files.") % {"n": len(changed)})
        elif act == "erase":
            erased = services.person_erase(subject, found, by=desk.actor.name)
            for reference, why in erased.kept:
                messages.warning(request, f"{reference}: {why.render(_, display=param_words)}")
            messages.success(
                request,
                _("The data were removed from %(n)s files.") % {"n": len(erased.purged)},
            )
        elif act == "close":
            closing = CloseForm(request.POST)
            if not closing.is_valid():
                messages.error(request, _("Say what was done."))
                return again
            services.subject_request_close(subject, **closing.cleaned_data)
            messages.success(request, _("The request was answered."))
        else:
            raise Http404
    except TransitionRefused as refusal:
        _refused(request, refusal)
    return again


@desk_view(OrganisationAction.PRIVACY)
def privacy_request_export(
    request: HttpRequest, desk: Desk, subject: int, kind: str
) -> HttpResponse:
    """Everything kept about the person: JSON for machines, PDF for the person."""
    return _export(request, desk, _request(desk, subject), kind)


def _export(request: HttpRequest, desk: Desk, subject: SubjectRequest, kind: str) -> HttpResponse:
    found = _found(subject)
    data = person_export(desk.organisation, subject.name, found)
    _log_files(request, desk, found, LogActionChoices.EXPORT, f"export for request {subject.pk}")
    if kind == "json":
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
    elif kind == "pdf":
        html = render_to_string("staff/privacy_export.html", {"data": data}, request=request)
        response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    else:
        raise Http404
    name = f"gegevens-{subject.pk}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@desk_view()
def privacy_record(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The record of processing activities (AVG art. 30), from the configuration."""
    if not (desk.may(OrganisationAction.ADMINISTER) or desk.may(OrganisationAction.PRIVACY)):
        raise Http404
    scheme = current_scheme(desk.organisation)
    names = dict(_procedures(desk))
    context = {
        "desk": desk,
        "scheme": scheme,
        "bodies": scheme.bodies if scheme else [],
        "rules": [(rule, names.get(rule.procedure, "")) for rule in rules_of(desk.organisation)],
        "today": timezone.localdate(),
        "log_years": 5,
        "inbox_days": settings.KLACHTPAD_INBOX_KEEP_DAYS,
    }
    return render(request, "staff/privacy_record.html", context)
