"""Public pages: the organisations, each one's procedure, the complaint form, and a new
link to the status page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from klachtpad.addresses import client_address
from klachtpad.complaints import services
from klachtpad.complaints.models import Complaint, Forwarded
from klachtpad.domain.schemes.model import Procedure as ProcedureSpec
from klachtpad.domain.schemes.model import Scheme
from klachtpad.domain.schemes.vocabulary import Channel
from klachtpad.letters.rendering import pdf_from_html
from klachtpad.notifications.forwarding import message_forward
from klachtpad.notifications.services import status_link_send
from klachtpad.organisations.models import Procedure, SchemeVersion
from klachtpad.organisations.presenters import present_scheme
from klachtpad.organisations.selectors import (
    organisation_list_public,
    scheme_version_current_for_slug,
)
from klachtpad.organisations.wording import chosen_language
from klachtpad.public.drafts import Draft
from klachtpad.public.forms import ComplaintForm, LinkRequestForm
from klachtpad.public.models import Submission
from klachtpad.public.services import (
    Submitted,
    TooManyRequests,
    complaint_submit,
    message_submit,
    status_link_request,
    submission_key_new,
)
from klachtpad.public.tasks import status_link_look_up

RECEIVED_SESSION_KEY = "klachtpad-received-"
# The confirmation page of a submission can be opened again for a day.
RECEIVED_PAGE_VALID = timedelta(days=1)


TOO_MANY_FORMS = gettext_lazy(
    "We got many forms from your internet address in a short time. Wait a few minutes "
    "and send the form again. What you typed is still here."
)


def organisation_index(request: HttpRequest) -> HttpResponse:
    return render(request, "public/index.html", {"organisations": organisation_list_public()})


def _version(request: HttpRequest, slug: str) -> SchemeVersion:
    """The organisation's newest scheme version, as the dialect middleware read it for
    this request (or read now); 404 when it has none."""
    version = getattr(request, "scheme_version", None)
    if isinstance(version, SchemeVersion) and version.organisation.slug == slug:
        return version
    return scheme_version_current_for_slug(slug=slug)


def procedure_page(request: HttpRequest, slug: str) -> HttpResponse:
    version = _version(request, slug)
    scheme = version.scheme()
    return render(
        request,
        "public/procedure.html",
        {
            "organisation": scheme.organisation,
            "procedures": present_scheme(scheme, get_language() or "nl"),
            "version": version,
        },
    )


def _current_procedures(
    request: HttpRequest, slug: str
) -> tuple[SchemeVersion, QuerySet[Procedure]]:
    version = _version(request, slug)
    return version, Procedure.objects.filter(scheme_version=version).order_by("id")


def complaint_start(request: HttpRequest, slug: str) -> HttpResponse:
    """One procedure goes straight to its form; several are a choice first."""
    version, procedures = _current_procedures(request, slug)
    if procedures.count() == 1:
        return redirect("complaint_form", slug=slug, procedure=procedures[0].key)
    scheme = version.scheme()
    return render(
        request,
        "public/complaint_choose.html",
        {"organisation": scheme.organisation, "procedures": scheme.procedures, "slug": slug},
    )


@dataclass(frozen=True)
class _FormPage:
    """The complaint form of one procedure, as the request found it."""

    request: HttpRequest
    procedure: Procedure
    spec: ProcedureSpec
    scheme: Scheme
    draft: Draft

    def form(self, *args: Any, **kwargs: Any) -> ComplaintForm:
        return ComplaintForm(
            *args,
            organisation=self.procedure.organisation,
            members=self.scheme.organisation.members,
            spec=self.spec,
            **kwargs,
        )

    def step_url(self, number: int) -> str:
        path = reverse("complaint_form", args=[self.procedure.organisation.slug, self.spec.id])
        return f"{path}?stap={number}"

    def render(self, form: ComplaintForm, number: int, *, errors: bool) -> HttpResponse:
        steps = form.steps()
        number = min(max(number, 1), len(steps))
        language = chosen_language()
        return render(
            self.request,
            "public/complaint_form.html",
            {
                "organisation": self.scheme.organisation,
                "view": next(
                    v
                    for v in present_scheme(self.scheme, language)
                    if v.procedure.id == self.spec.id
                ),
                "form": form,
                "number": number,
                "steps": [
                    (n, title, self.step_url(n)) for n, (title, _fields) in enumerate(steps, 1)
                ],
                "questions": steps[number - 1][1],
                "errors": form.step_errors(number) if errors else [],
                "answers": [
                    (title, self.step_url(n), answers) for n, title, answers in form.answers()
                ]
                if number == len(steps)
                else [],
                "last": number == len(steps),
                "files_again": form.is_bound and bool(self.request.FILES),
            },
            status=422 if errors else 200,
        )


def _step_number(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 1


def complaint_form(request: HttpRequest, slug: str, procedure: str) -> HttpResponse:
    """The complaint form in short steps; each page keeps its answers and checks them,
    the last shows them all and sends."""
    version, procedures = _current_procedures(request, slug)
    found = get_object_or_404(procedures, key=procedure)
    found.scheme_version = version  # read once, with its organisation
    found.organisation = version.organisation
    scheme = version.scheme()
    page = _FormPage(
        request,
        found,
        scheme.procedure(procedure),
        scheme,
        Draft(request.session, f"{slug}/{procedure}"),
    )
    if request.method != "POST":
        initial = page.draft.initial() or {"key": submission_key_new()}
        return page.render(
            page.form(initial=initial), _step_number(request.GET.get("stap")), errors=False
        )
    if "step" in request.POST and request.POST.get("go") != "send":
        return _step_keep(page, _step_number(request.POST["step"]))
    return _send(page)


def _step_keep(page: _FormPage, number: int) -> HttpResponse:
    """Keep the answers of one page; go back, or on when they are complete."""
    names = [field.name for field in page.form(page.draft.data()).steps()[number - 1][1]]
    page.draft.keep(page.request.POST, ["key", *names])
    if page.request.POST.get("go") == "back":
        return redirect(page.step_url(number - 1))
    form = page.form(page.draft.data())
    if form.step_errors(number):
        return page.render(form, number, errors=True)
    return redirect(page.step_url(number + 1))


def _send(page: _FormPage) -> HttpResponse:
    """Check all answers; file the complaint, or send the message on, once."""
    request = page.request
    language = chosen_language()
    form = page.form(page.draft.data(request.POST), request.FILES)
    if form.is_valid() and form.forward_chosen():
        forwarded = _forward(request, form, page.procedure, language)
        if forwarded is not None:
            page.draft.clear()
            return render(
                request,
                "public/forwarded.html",
                {
                    "organisation": page.scheme.organisation,
                    "forwarded": forwarded,
                    "subject": page.spec.subject(forwarded.subject),
                    "language": language,
                },
            )
    elif form.is_valid() and _submit(request, form, page.procedure, language) is not None:
        page.draft.clear()
        return redirect(
            "complaint_received",
            slug=page.procedure.organisation.slug,
            key=form.cleaned_data["key"],
        )
    return page.render(form, form.first_step_with_errors(), errors=True)


def _submit(
    request: HttpRequest, form: ComplaintForm, procedure: Procedure, language: str
) -> Submitted | None:
    """File the complaint once; refusals become form errors and nothing typed is lost."""
    key = form.cleaned_data["key"]

    def register() -> Complaint:
        return services.complaint_register(
            procedure=procedure,
            actor=services.Actor(name=form.cleaned_data["name"], complainant=True),
            channel=Channel.FORM,
            handling=form.handling_chosen(),
            complainant=form.complainant(),
            details=form.details(),
            categories=form.cleaned_data.get("categories", []),
            employees=form.employees(),
            attachments=form.cleaned_data["attachments"],
        )

    def tell(complaint: Complaint) -> None:
        status_link_send(complaint, language=language, reason="received")

    try:
        submitted = complaint_submit(
            key=key,
            organisation=procedure.organisation,
            address=client_address(request),
            register=register,
            tell=tell,
        )
    except services.TransitionRefused as refusal:
        for message in refusal.messages():
            form.add_error(None, message)
        return None
    except TooManyRequests:
        form.add_error(None, TOO_MANY_FORMS)
        return None
    if submitted.token:
        request.session[f"{RECEIVED_SESSION_KEY}{key}"] = submitted.token
    return submitted


def _forward(
    request: HttpRequest, form: ComplaintForm, procedure: Procedure, language: str
) -> Forwarded | None:
    """Send the message on once; refusals become form errors, nothing typed is lost."""
    data = form.cleaned_data
    subject = form.forward_chosen()
    assert subject is not None  # noqa: S101 - the caller checked

    def forward() -> Forwarded:
        return message_forward(
            procedure,
            actor=services.Actor(name=data["name"], complainant=True),
            subject=subject,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            message=data["description"],
            channel=Channel.FORM,
            language=language,
        )

    try:
        return message_submit(
            key=data["key"],
            organisation=procedure.organisation,
            address=client_address(request),
            forward=forward,
        )
    except services.TransitionRefused as refusal:
        for message in refusal.messages():
            form.add_error(None, message)
    except TooManyRequests:
        form.add_error(None, TOO_MANY_FORMS)
    return None


def complaint_received(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    submission = get_object_or_404(
        Submission.objects.select_related("complaint", "organisation"),
        key=key,
        organisation__slug=slug,
        at__gte=timezone.now() - RECEIVED_PAGE_VALID,
    )
    token = request.session.get(f"{RECEIVED_SESSION_KEY}{key}", "")
    response = render(
        request,
        "public/complaint_received.html",
        {
            "organisation": submission.organisation,
            "contacts": submission.complaint.procedure.spec_scheme().organisation.contact
            if submission.complaint
            else [],
            "complaint": submission.complaint,
            "link": request.build_absolute_uri(reverse("status_open", args=[token]))
            if token
            else "",
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def link_request(request: HttpRequest, slug: str) -> HttpResponse:
    version = _version(request, slug)
    form = LinkRequestForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        try:
            status_link_request(address=client_address(request))
        except TooManyRequests:
            form.add_error(None, _("You asked many times in a short time. Try again in an hour."))
        else:
            status_link_look_up.enqueue(
                version.organisation.pk,
                form.cleaned_data["reference"].strip(),
                form.cleaned_data["email"].strip(),
                get_language() or "nl",
            )
            sent = True
    return render(
        request,
        "public/link_request.html",
        {"organisation": version.scheme().organisation, "form": form, "sent": sent},
    )


# Fields a paper form leaves out: the form key, the honeypot and the file upload.
_NOT_ON_PAPER = frozenset({"key", "website", "attachments"})


@dataclass(frozen=True)
class _Question:
    """One question of the web form as the paper form prints it."""

    label: str
    help_text: str
    required: bool
    choices: list[str]  # boxes to tick; empty for a question to write an answer to
    lines: range  # the lines to write on

    @classmethod
    def of(cls, bound: forms.BoundField, label: str) -> _Question:
        field = bound.field
        choices = [str(text) for value, text in getattr(field, "choices", []) if value != ""]
        if isinstance(field, forms.BooleanField):
            choices = [_("Yes")]
        return cls(
            label=label,
            help_text=str(bound.help_text or ""),
            required=field.required,
            choices=choices,
            lines=range(6 if isinstance(field.widget, forms.Textarea) else 1),
        )


def complaint_form_print(request: HttpRequest, slug: str, procedure: str) -> HttpResponse:
    """The complaint form on paper (PDF): the same questions as the web form, to fill in
    by hand and hand in, as perMens and IederZijnWerk offer."""
    version, procedures = _current_procedures(request, slug)
    get_object_or_404(procedures, key=procedure)
    scheme = version.scheme()
    spec = scheme.procedure(procedure)
    language = chosen_language()
    form = ComplaintForm(
        organisation=version.organisation, members=scheme.organisation.members, spec=spec
    )
    groups = [
        (
            legend,
            [
                _Question.of(field, form.questions[field.name])
                for field in fields
                if field.name not in _NOT_ON_PAPER
            ],
        )
        for legend, fields in form.steps()
    ]
    contacts = [
        {
            "label": point.label.get(language) if point.label else "",
            "parts": [
                part for part in (point.name, point.address, point.email, point.phone) if part
            ],
        }
        for point in scheme.organisation.contact
    ]
    html = render_to_string(
        "public/complaint_form_print.html",
        {
            "language": language,
            "organisation": scheme.organisation,
            "procedure_name": spec.name.get(language),
            "groups": groups,
            "contacts": contacts,
            "web_address": request.build_absolute_uri(
                reverse("complaint_form", args=[slug, procedure])
            ),
        },
    )
    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slug}-{procedure}-klachtformulier.pdf"'
    return response
