"""A complaint file for staff: the page, its action forms, print view, attachments and
the feedback to an employee concerned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.complaints.history import history_lines
from klachtpad.complaints.models import (
    Complaint,
    EmployeeStatement,
    Share,
    Term,
    TermStatusChoices,
)
from klachtpad.complaints.selectors import (
    may_on,
    parts_read,
    permissions_on,
    scheme_tasks_on,
)
from klachtpad.complaints.services import TransitionRefused
from klachtpad.complaints.services.judgements import judgement_latest, signatures_missing
from klachtpad.domain.deadlines import Standing, standing
from klachtpad.domain.permissions import FileAction
from klachtpad.domain.schemes.vocabulary import Handling, TermKind
from klachtpad.domain.workflow import State, expected_next
from klachtpad.inbox.selectors import items_in_file
from klachtpad.letters.selectors import letter_warnings, letters_of
from klachtpad.notifications.selectors import mail_warnings
from klachtpad.organisations.wording import param_words
from klachtpad.reports.selectors import may_record_feedback
from klachtpad.reports.services import LearningRefused, feedback_record
from klachtpad.staff.access import (
    OUTCOME,
    Desk,
    file_view,
)
from klachtpad.staff.actions import ACTION_FORMS, ActionForm, Situation
from klachtpad.staff.learning import FeedbackForm, learning_context
from klachtpad.staff.worklist import step_name


@dataclass(frozen=True)
class TermLine:
    term: Term
    standing: Standing
    step_name: str  # "" for a term of the whole procedure

    @property
    def overdue(self) -> bool:
        return self.term.status == TermStatusChoices.RUNNING and self.standing.overdue


def _term_lines(complaint: Complaint, today: date) -> list[TermLine]:
    procedure = complaint.procedure
    return [
        TermLine(
            term,
            standing(term.end_on, today),
            step_name(procedure.scheme_version_id, procedure.key, term.step) if term.step else "",
        )
        for term in complaint.terms.all()
    ]


def _situation(desk: Desk, complaint: Complaint) -> Situation:
    scheme = complaint.procedure.scheme_version.scheme()
    return Situation(
        complaint,
        scheme,
        scheme.procedure(complaint.procedure.key),
        desk.roles,
        permissions_on(user=desk.user, complaint=complaint),
    )


@dataclass(frozen=True)
class Offer:
    """What this person can do on the complaint: the forms they may use now, the one the
    scheme expects next, and those their role allows that make no sense now, with why."""

    keys: list[str]
    suggested: str
    not_now: list[tuple[str, str]]  # (title, reason)

    def ordered(self) -> list[str]:
        """The keys, the one the scheme expects first."""
        first = [self.suggested] if self.suggested else []
        return first + [key for key in self.keys if key != self.suggested]


def _offered(desk: Desk, complaint: Complaint, situation: Situation) -> Offer:
    permitted = situation.permitted
    # A role the scheme names for a task takes that task's actions, and only those.
    tasks = scheme_tasks_on(complaint=complaint, roles=desk.roles)
    keys, not_now = [], []
    for key, form in ACTION_FORMS.items():
        if form.permission not in permitted and form.action not in tasks.actions:
            continue
        refusal = form.refusal(situation)
        if refusal is None:
            keys.append(key)
        else:
            not_now.append((str(form.title), refusal.render(_, display=param_words)))
    latest = judgement_latest(complaint)
    expected = expected_next(
        state=State(complaint.state),
        handling=Handling(complaint.handling),
        running=[
            TermKind(term.kind)
            for term in sorted(complaint.terms.all(), key=lambda term: term.end_on)
            if term.status == TermStatusChoices.RUNNING
            and term.kind in TermKind.__members__.values()
        ],
        signatures_missing=bool(latest and signatures_missing(situation.procedure, latest)),
    )
    suggested = next((k for k in keys if ACTION_FORMS[k].action is expected), "")
    return Offer(keys, suggested, not_now)


@dataclass(frozen=True)
class ActionSlot:
    """An action on the complaint page: its title, and its form when it is open."""

    title: Promise
    form: ActionForm | None


def _slot(key: str, situation: Situation, opened: str, bound: ActionForm | None) -> ActionSlot:
    if key != opened:
        return ActionSlot(ACTION_FORMS[key].title, None)
    form = bound if bound is not None else ACTION_FORMS[key](situation=situation)
    return ActionSlot(ACTION_FORMS[key].title, form)


def _correspondence(
    complaint: Complaint, situation: Situation, present: frozenset[str]
) -> dict[str, Any]:
    """The file's letters and mail, out and in, and what is missing among them; each
    read once for the lists and the warnings."""
    letters = list(letters_of(complaint)) if "letters" in present else []
    mails = list(complaint.mails.all())
    return {
        "letters": letters,
        # Posting a letter and writing a mail are both handling the file.
        "may_handle": FileAction.HANDLE in situation.permitted,
        "mails": mails[:50],
        "received": items_in_file(complaint) if "inbox_items" in present else [],
        "warnings": letter_warnings(complaint, timezone.localdate(), letters)
        + mail_warnings(complaint, mails),
    }


# The newest history lines a file's page shows; the rest on asking, and in print.
HISTORY_SHOWN = 50

# The parts of a file that its page shows, or its forms and warnings read.
FILE_PARTS = (
    "terms",
    "terms__extensions",
    "terms__agreements",
    "judgements",
    "judgements__measures",
    "judgements__signatures",
    "referrals",
    "employees",
    "employees__user",
    "others",
    "meetings",
    "attachments",
    "categories",
    "mails",
    "improvements",
    Prefetch("shares", queryset=Share.objects.select_related("user")),
)


def complaint_context(
    desk: Desk,
    complaint: Complaint,
    *,
    bound: ActionForm | None = None,
    bound_key: str = "",
    open_key: str = "",
    whole_history: bool = False,
) -> dict[str, Any]:
    """The complaint page. Of the action forms only the open one is made (the one sent
    back with errors, the one asked for, else the one the scheme expects next); the
    others load when their title is opened (``complaint_action_form``). Of the history
    the newest lines, unless ``whole_history``."""
    # What the page, its forms and its warnings share is read once, and only the parts
    # the file has.
    present = parts_read(complaint, FILE_PARTS, asked=("letters", "inbox_items"))
    situation = _situation(desk, complaint)
    offer = _offered(desk, complaint, situation)
    opened = bound_key or (open_key if open_key in offer.keys else "") or offer.suggested
    forms = {key: _slot(key, situation, opened, bound) for key in offer.ordered()}
    step = situation.procedure.step(complaint.step)
    lines = history_lines(complaint, None if whole_history else HISTORY_SHOWN)
    return {
        "desk": desk,
        "complaint": complaint,
        "step_name": situation.local(step.name),
        "procedure_name": situation.local(situation.procedure.name),
        "terms": _term_lines(complaint, timezone.localdate()),
        "forms": forms,
        "open_form": opened,
        "suggested": offer.suggested,
        "not_now": offer.not_now,
        "lines": lines,
        # The lines are numbered from 1: the first shown tells how many are not.
        "earlier": lines[0].sequence - 1 if lines else 0,
        "meetings": complaint.meetings.all(),
        "judgements": complaint.judgements.all(),
        "referrals": complaint.referrals.all(),
        "attachments": complaint.attachments.all(),
        "employees": complaint.employees.all(),
        "others": complaint.others.all(),
        "member_name": situation.scheme.organisation.member(complaint.member).name
        if complaint.member
        else "",
        "statements": EmployeeStatement.objects.filter(
            employee__complaint=complaint
        ).select_related("employee")
        if complaint.employees.all()  # read with the page already
        else [],
        "categories": complaint.categories.all(),
        "shares": complaint.shares.all(),
        "may_share": "share" in forms,
        **_correspondence(complaint, situation, present),
        **learning_context(desk, complaint),
    }


@file_view(FileAction.VIEW, LogActionChoices.VIEW)
def complaint_page(request: HttpRequest, desk: Desk, complaint: Complaint) -> HttpResponse:
    context = complaint_context(
        desk,
        complaint,
        open_key=request.GET.get("open", ""),
        whole_history=request.GET.get("history") == "all",
    )
    return render(request, "staff/complaint.html", context)


@file_view(FileAction.VIEW, LogActionChoices.VIEW)
def complaint_action_form(
    request: HttpRequest, desk: Desk, complaint: Complaint, action: str
) -> HttpResponse:
    """One action form of the complaint page, loaded when its title is opened."""
    situation = _situation(desk, complaint)
    if action not in ACTION_FORMS or action not in _offered(desk, complaint, situation).keys:
        return _action_refused(request, desk, complaint)
    context = {"desk": desk, "complaint": complaint, "key": action}
    context["form"] = ACTION_FORMS[action](situation=situation)
    return render(request, "staff/_action_form.html", context)


def _action_refused(request: HttpRequest, desk: Desk, complaint: Complaint) -> HttpResponse:
    """An action this person cannot take on the file now."""
    context = {"desk": desk, "complaint": complaint}
    response = render(request, "staff/refused.html", context, status=403)
    setattr(response, OUTCOME, LogOutcomeChoices.REFUSED)
    return response


@file_view(FileAction.VIEW, LogActionChoices.PRINT)
def complaint_print(request: HttpRequest, desk: Desk, complaint: Complaint) -> HttpResponse:
    context = complaint_context(desk, complaint, whole_history=True)
    context["printed_at"] = timezone.localtime()
    return render(request, "staff/complaint_print.html", context)


@file_view(FileAction.VIEW, LogActionChoices.CHANGE)
@require_POST
def complaint_action(
    request: HttpRequest, desk: Desk, complaint: Complaint, action: str
) -> HttpResponse:
    form_class = ACTION_FORMS.get(action)
    situation = _situation(desk, complaint)
    if form_class is None or action not in _offered(desk, complaint, situation).keys:
        return _action_refused(request, desk, complaint)
    form = form_class(request.POST, request.FILES, situation=situation)
    version = request.POST.get("version", "")
    if form.is_valid():
        try:
            form.perform(
                complaint, desk.actor, int(version) if version.isdigit() else complaint.version
            )
        except TransitionRefused as refusal:
            for message in refusal.messages():
                form.add_error(None, message)
        else:
            messages.success(request, _("Saved: %(what)s.") % {"what": form.title})
            if not may_on(user=desk.user, complaint=complaint, action=FileAction.VIEW):
                # The change took the file out of this person's reach (it moved on to
                # another step or body): back to their worklist, not to a closed door.
                messages.info(
                    request,
                    _("%(reference)s has moved on and is no longer in your worklist.")
                    % {"reference": complaint.reference},
                )
                return redirect("staff:worklist", organisation=desk.organisation.slug)
            return redirect(
                "staff:complaint",
                organisation=desk.organisation.slug,
                reference=complaint.reference,
            )
    complaint.refresh_from_db()
    response = render(
        request,
        "staff/complaint.html",
        complaint_context(desk, complaint, bound=form, bound_key=action),
        status=422,
    )
    setattr(response, OUTCOME, LogOutcomeChoices.FAILED)
    return response


@file_view(FileAction.VIEW, LogActionChoices.EXPORT)
def attachment_download(
    request: HttpRequest, desk: Desk, complaint: Complaint, attachment: int
) -> HttpResponseBase:
    found = get_object_or_404(complaint.attachments, pk=attachment)
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.name,
        content_type="application/octet-stream",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store"
    return response


@file_view(FileAction.VIEW, LogActionChoices.CHANGE)
@require_POST
def feedback_new(request: HttpRequest, desk: Desk, complaint: Complaint) -> HttpResponse:
    if not may_record_feedback(user=desk.user, complaint=complaint):
        return _action_refused(request, desk, complaint)
    form = FeedbackForm(request.POST, complaint=complaint)
    if form.is_valid():
        given_on: date = form.cleaned_data["given_on"]
        try:
            feedback_record(
                complaint,
                employee=form.cleaned_data["employee"],
                given_on=given_on,
                by=desk.actor.name,
                summary=form.cleaned_data["summary"],
            )
        except LearningRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Saved: the feedback to the employee concerned."))
            return redirect("staff:complaint", desk.organisation.slug, complaint.reference)
    context = complaint_context(desk, complaint) | {"feedback_form": form}
    response = render(request, "staff/complaint.html", context, status=400)
    setattr(response, OUTCOME, LogOutcomeChoices.FAILED)
    return response
