"""The complainant's own page, reached by the private link: read, add, ask, stop, answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from klachtpad.addresses import client_address
from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.audit.services import access_log_write
from klachtpad.complaints import services
from klachtpad.complaints.models import Complaint
from klachtpad.complaints.services.complainant import (
    complainant_actor,
    complaint_information_add,
    complaint_meeting_request,
)
from klachtpad.letters.pdfs import letter_pdf_store
from klachtpad.letters.selectors import letters_to_complainant
from klachtpad.organisations.wording import chosen_language, dialect
from klachtpad.public.forms import (
    InformationForm,
    MeetingRequestForm,
    SatisfactionForm,
    WithdrawForm,
)
from klachtpad.public.services import (
    TooManyRequests,
    status_link_open,
    status_link_request,
    status_link_spent,
    status_link_trade,
)
from klachtpad.public.status import status_for
from klachtpad.public.tasks import status_link_again_look_up

Perform = Callable[[Complaint, dict[str, Any]], Complaint]

ACTIONS: dict[str, tuple[type[forms.Form], Perform, Any]] = {
    "add": (
        InformationForm,
        lambda c, d: complaint_information_add(
            c, actor=complainant_actor(c), text=d["text"], uploads=d["attachments"]
        ),
        _("Thank you. We added it to your complaint."),
    ),
    "meeting": (
        MeetingRequestForm,
        lambda c, d: complaint_meeting_request(c, actor=complainant_actor(c), wish=d["wish"]),
        _("Thank you. We will contact you to plan a meeting."),
    ),
    "withdraw": (
        WithdrawForm,
        lambda c, d: services.complaint_withdraw(c, actor=complainant_actor(c)),
        _("You stopped your complaint."),
    ),
    "satisfaction": (
        SatisfactionForm,
        lambda c, d: services.complaint_satisfaction_record(
            c, actor=complainant_actor(c), score=d["score"], remark=d["remark"]
        ),
        _("Thank you for your answer."),
    ),
}


STATUS_COOKIE = "klachtpad_volgen"


def _complaint(request: HttpRequest) -> Complaint | None:
    """The complaint this browser follows; the page then speaks in its scheme's register."""
    complaint = status_link_open(request.COOKIES.get(STATUS_COOKIE, ""))
    if complaint is not None:
        translation.activate(dialect(complaint.procedure.spec_scheme()))
    return complaint


def _closed(request: HttpRequest, *, spent_token: str = "") -> HttpResponse:
    """No key in this browser (or an ended one): say how to get in, never what exists."""
    response = render(
        request, "public/status_closed.html", {"spent_token": spent_token}, status=403
    )
    response["Cache-Control"] = "no-store"
    return response


def _page(
    request: HttpRequest, complaint: Complaint, bound: dict[str, forms.Form], status: int = 200
) -> HttpResponse:
    language = chosen_language()
    context = {
        "status": status_for(complaint, language),
        "organisation": complaint.procedure.scheme_version.scheme().organisation,
        "forms": {
            key: bound.get(key) or form_class() for key, (form_class, _p, _m) in ACTIONS.items()
        },
    }
    response = render(request, "public/status.html", context, status=status)
    # The site's "same-origin" referrer policy keeps the link from reaching other sites;
    # "no-referrer" would make browsers send "Origin: null" and fail the CSRF check.
    response["Cache-Control"] = "no-store"
    return response


def _logged(
    request: HttpRequest, complaint: Complaint, action: LogActionChoices, what: str
) -> None:
    """The complainant's own reads are in the file's access log too (NEN 7513); the
    private link itself is never written down."""
    access_log_write(
        organisation=complaint.organisation,
        user=AnonymousUser(),
        on_behalf_of=str(_("the complainant, through the private link")),
        action=action,
        outcome=LogOutcomeChoices.ALLOWED,
        detail=f"{request.method} {what}",
        client_address=client_address(request),
        complaint_id=complaint.pk,
        complaint_reference=complaint.reference,
    )


def status_open(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the mail or the confirmation page, opened once: this browser gets a
    key in a cookie and goes on to the page, whose address holds no secret."""
    opened = status_link_trade(token)
    if opened is None:
        if _complaint(request) is not None:
            return redirect("status_page")  # opened before, in this browser
        spent = status_link_spent(token)
        return _closed(request, spent_token=token if spent else "")
    response = redirect("status_page")
    response.set_cookie(
        STATUS_COOKIE,
        opened.key,
        expires=opened.until,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def status_page(request: HttpRequest) -> HttpResponse:
    complaint = _complaint(request)
    if complaint is None:
        return _closed(request)
    _logged(request, complaint, LogActionChoices.VIEW, "status page")
    return _page(request, complaint, {})


def status_letter(request: HttpRequest, letter: int) -> HttpResponseBase:
    """One of the complainant's own letters, as PDF."""
    complaint = _complaint(request)
    if complaint is None:
        return _closed(request)
    found = get_object_or_404(letters_to_complainant(complaint), pk=letter)
    _logged(request, complaint, LogActionChoices.EXPORT, f"letter {found.pk}")
    stored = letter_pdf_store(found)
    response = FileResponse(
        stored.file.open("rb"), filename=f"{complaint.reference}-{found.kind}.pdf"
    )
    response["Content-Type"] = "application/pdf"
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def status_action(request: HttpRequest, action: str) -> HttpResponse:
    complaint = _complaint(request)
    if complaint is None:
        return _closed(request)
    if action not in ACTIONS:
        raise Http404("No such action.")
    form_class, perform, done = ACTIONS[action]
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            perform(complaint, form.cleaned_data)
        except services.TransitionRefused as refusal:
            # Said at the top of the page: the form it came from may no longer be shown.
            for message in refusal.messages():
                messages.error(request, message)
        else:
            messages.success(request, str(done))
            return redirect("status_page")
    complaint.refresh_from_db()
    return _page(request, complaint, {action: form}, status=422)


@require_POST
def status_link_again(request: HttpRequest) -> HttpResponse:
    """A link opened before in another browser: one button mails a fresh one to the
    address the complaint gave. The answer is the same whatever the token."""
    try:
        status_link_request(address=client_address(request))
    except TooManyRequests:
        return render(request, "public/status_closed.html", {"too_many": True}, status=429)
    status_link_again_look_up.enqueue(request.POST.get("token", "")[:100], get_language() or "nl")
    return render(request, "public/status_closed.html", {"mailed": True})
