"""Letters in the staff workspace: download a letter's PDF, record that it was posted,
and the organisation's letter templates with a preview on a sample complaint."""

from __future__ import annotations

import io
from datetime import date

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.complaints.models import Complaint
from klachtpad.domain.permissions import FileAction, OrganisationAction
from klachtpad.letters.models import TEMPLATE_PARTS, LetterTemplate
from klachtpad.letters.pdfs import letter_pdf_store
from klachtpad.letters.rendering import TemplateProblem, default_text, pdf_from_html
from klachtpad.letters.selectors import letters_of
from klachtpad.letters.services import (
    letter_posted,
    letter_preview,
    letter_preview_facts,
    letter_template_reset,
    letter_template_save,
)
from klachtpad.organisations.models import Organisation
from klachtpad.staff.access import OUTCOME, Desk, desk_view, file_view


def pdf_response(content: bytes | None, name: str, file: object = None) -> FileResponse:
    # FileResponse reads a file; bytes given as they are would be sent as numbers.
    response = FileResponse(
        file if file is not None else io.BytesIO(content or b""), as_attachment=False, filename=name
    )
    response["Content-Type"] = "application/pdf"
    response["Cache-Control"] = "no-store"
    return response


@file_view(FileAction.VIEW, LogActionChoices.EXPORT)
def letter_download(
    request: HttpRequest, desk: Desk, complaint: Complaint, letter: int
) -> FileResponse:
    found = get_object_or_404(letters_of(complaint), pk=letter)
    stored = letter_pdf_store(found)  # rendered now if the task has not run yet
    return pdf_response(None, f"{complaint.reference}-{found.kind}.pdf", stored.file.open("rb"))


class PostedForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("Posted on"))

    def clean_on(self) -> date:
        day: date = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date %(date)s is in the future.") % {"date": day})
        return day


@file_view(FileAction.HANDLE, LogActionChoices.CHANGE)
@require_POST
def letter_posted_view(
    request: HttpRequest, desk: Desk, complaint: Complaint, letter: int
) -> HttpResponse:
    found = get_object_or_404(letters_of(complaint), pk=letter)
    form = PostedForm(request.POST)
    if form.is_valid():
        letter_posted(found, on=form.cleaned_data["on"], user=desk.user)
        messages.success(request, _("Recorded: the letter went by post."))
    else:
        for error in form.errors.get("on", []):
            messages.error(request, str(error))
        response = redirect("staff:complaint", desk.organisation.slug, complaint.reference)
        setattr(response, OUTCOME, LogOutcomeChoices.FAILED)
        return response
    return redirect("staff:complaint", desk.organisation.slug, complaint.reference)


PART_LABELS = dict(TEMPLATE_PARTS)


class TemplateForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Template"), widget=forms.Textarea)


class ReminderForm(forms.ModelForm[Organisation]):
    class Meta:
        model = Organisation
        fields = ["reminder_working_days"]
        widgets = {"reminder_working_days": forms.NumberInput(attrs={"min": 0, "max": 30})}

    def clean_reminder_working_days(self) -> int:
        days: int = self.cleaned_data["reminder_working_days"]
        if days > 30:
            raise forms.ValidationError(_("At most 30 working days."))
        return days


@desk_view(OrganisationAction.ADMINISTER)
def admin_letters(request: HttpRequest, desk: Desk) -> HttpResponse:
    reminder_form = ReminderForm(request.POST or None, instance=desk.organisation)
    if request.method == "POST" and reminder_form.is_valid():
        reminder_form.save()
        messages.success(request, _("Saved."))
        return redirect("staff:admin_letters", desk.organisation.slug)
    own = {
        (t.kind, t.language): t
        for t in LetterTemplate.objects.filter(organisation=desk.organisation)
    }
    rows = [
        {
            "kind": kind,
            "label": label,
            "languages": [(code, name, own.get((kind, code))) for code, name in settings.LANGUAGES],
        }
        for kind, label in TEMPLATE_PARTS
    ]
    return render(
        request,
        "staff/admin_letters.html",
        {"desk": desk, "rows": rows, "reminder_form": reminder_form},
        status=422 if reminder_form.errors else 200,
    )


@desk_view(OrganisationAction.ADMINISTER)
def admin_letter_edit(
    request: HttpRequest, desk: Desk, kind: str, language: str
) -> HttpResponseBase:
    if kind not in PART_LABELS or language not in dict(settings.LANGUAGES):
        raise Http404
    own = LetterTemplate.objects.filter(
        organisation=desk.organisation, kind=kind, language=language
    ).first()
    form = TemplateForm(
        request.POST or None,
        initial={"text": own.text if own else default_text(kind, language)},
    )
    status = 200
    if request.method == "POST" and "reset" in request.POST:
        letter_template_reset(desk.organisation, kind=kind, language=language)
        messages.success(request, _("The template is back to the one Klachtpad provides."))
        return redirect("staff:admin_letter_edit", desk.organisation.slug, kind, language)
    shown = ""
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        try:
            if "show" in request.POST:  # the preview on the page (live, with htmx)
                sample = letter_preview(desk.organisation, kind=kind, language=language, text=text)
                if request.htmx:  # type: ignore[attr-defined]
                    return render(request, "staff/_letter_preview.html", {"shown": sample.html})
                raise _Shown(sample.html)
            if "preview" in request.POST:
                preview = letter_preview(desk.organisation, kind=kind, language=language, text=text)
                return pdf_response(pdf_from_html(preview.html), f"voorbeeld-{kind}.pdf")
            letter_template_save(
                desk.organisation, kind=kind, language=language, text=text, user=desk.user
            )
        except _Shown as preview:
            shown = preview.html
        except TemplateProblem as problem:
            form.add_error("text", str(problem))
            if request.htmx:  # type: ignore[attr-defined]
                return render(
                    request, "staff/_letter_preview.html", {"problem": str(problem)}, status=422
                )
            status = 422
        else:
            messages.success(request, _("Saved. New letters use this template."))
            return redirect("staff:admin_letter_edit", desk.organisation.slug, kind, language)
    return render(
        request,
        "staff/admin_letter_edit.html",
        {
            "desk": desk,
            "form": form,
            "kind": kind,
            "label": PART_LABELS[kind],
            "language": language,
            "own": own,
            "shown": shown,
            "fields": letter_fields(desk.organisation, kind, language),
        },
        status=status,
    )


class _Shown(Exception):
    """The preview was asked for on the page: show it with the form, save nothing."""

    def __init__(self, html: str) -> None:
        super().__init__("preview")
        self.html = html


def letter_fields(organisation: Organisation, kind: str, language: str) -> list[tuple[str, str]]:
    """The fields a template can insert, each with what it reads in the sample letter."""
    facts = letter_preview_facts(organisation, kind=kind, language=language)
    return [
        ("{{ letter." + name + " }}", value)
        for name, value in vars(facts).items()
        if isinstance(value, str) and value and len(value) < 120
    ]
