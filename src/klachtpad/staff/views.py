"""The staff workspace: choose an organisation, the worklist, a complaint file, intake."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise, cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.audit.services import LogLine
from klachtpad.complaints.history import history_lines
from klachtpad.complaints.models import (
    Complaint,
    EmployeeStatement,
    HandlingChoices,
    Share,
    StateChoices,
    Term,
    TermStatusChoices,
)
from klachtpad.complaints.selectors import (
    Waiting,
    WorklistFilter,
    may_on,
    parts_read,
    permissions_on,
    scheme_tasks_on,
    shares_for,
    waiting_per_organisation,
    worklist,
)
from klachtpad.complaints.services import TransitionRefused
from klachtpad.complaints.services.judgements import judgement_latest, signatures_missing
from klachtpad.domain.deadlines import Standing, standing
from klachtpad.domain.permissions import FileAction, OrganisationAction
from klachtpad.domain.schemes.vocabulary import Handling, TermKind
from klachtpad.domain.workflow import State, expected_next
from klachtpad.inbox.selectors import items_in_file, open_count, open_counts
from klachtpad.letters.selectors import letter_warnings, letters_of
from klachtpad.notifications.selectors import mail_warnings
from klachtpad.organisations.models import Category, Location, Procedure
from klachtpad.organisations.selectors import (
    organisation_list_for,
    organisations_where,
    step_names,
)
from klachtpad.organisations.wording import param_words
from klachtpad.reports.selectors import may_record_feedback
from klachtpad.reports.services import LearningRefused, feedback_record
from klachtpad.retention.selectors import requests_open
from klachtpad.staff.access import (
    OUTCOME,
    Desk,
    desk_view,
    file_view,
    htmx_render,
    log,
    log_lines,
    staff_only,
    verified,
)
from klachtpad.staff.actions import ACTION_FORMS, ActionForm, Situation
from klachtpad.staff.intake import IntakeForm, intake_forward, intake_register
from klachtpad.staff.learning import FeedbackForm, learning_context
from klachtpad.staff.platform import organisations_with_figures


@staff_only
def home(request: HttpRequest) -> HttpResponse:
    """Where the person works: one organisation goes straight there, several are a choice."""
    user = verified(request)
    assert user is not None  # noqa: S101  # staff_only let the request through
    organisations = list(organisation_list_for(user=user))
    if len(organisations) == 1 and not request.GET.get("choose"):
        return redirect("staff:start", organisation=organisations[0].slug)
    handled = organisations_where(user=user, action=OrganisationAction.WORKLIST)
    counts = waiting_per_organisation(user=user, organisations=handled, today=timezone.localdate())
    with_inbox = organisations_where(user=user, action=OrganisationAction.INBOX)
    mail = open_counts(with_inbox)
    context = {
        "organisations": [
            (o, counts.get(o.pk, Waiting()), mail.get(o.pk, 0)) for o in organisations
        ],
        "mail_across": with_inbox.count() > 1,
        "across": handled.count() > 1,
        "platform": organisations_with_figures(user).count() > 1,
    }
    return render(request, "staff/home.html", context)


@desk_view()
def start(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The first page of an organisation for this person's roles."""
    slug = desk.organisation.slug
    if desk.may(OrganisationAction.WORKLIST):
        return redirect("staff:worklist", organisation=slug)
    if desk.may(OrganisationAction.ADMINISTER):
        return redirect("staff:admin_staff", organisation=slug)
    if desk.may(OrganisationAction.READ_LOG):
        return redirect("staff:access_log", organisation=slug)
    raise PermissionDenied


@dataclass(frozen=True)
class Row:
    """A complaint in the worklist, with how its nearest running term stands."""

    complaint: Complaint
    term: Standing | None
    step_name: str
    url: str
    state: str  # the state and handling by name, in the reader's language
    handling: str


def worklist_filters(request: HttpRequest) -> WorklistFilter:
    def number(name: str) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    return WorklistFilter(
        state=request.GET.get("state", "") if request.GET.get("state") in StateChoices else "",
        step=request.GET.get("step", "")[:63],
        procedure=number("procedure"),
        category=number("category"),
        location=request.GET.get("location", "")[:200],
        text=request.GET.get("q", "")[:200],
        mine=request.GET.get("mine") == "1",
        organisation=number("organisation"),
    )


def step_name(version: int, key: str, step: str) -> str:
    """A step by its name in the reader's language (its id where the scheme lost it)."""
    return step_names(version, key, get_language() or "nl").get(step, step)


class WorklistPaginator(Paginator):  # type: ignore[type-arg]
    """Counts no further than it shows pages for: past ``LIMIT`` complaints the list
    says "more than" and the filters narrow it, so a page costs the same in an archive
    of a hundred thousand as in one of a thousand."""

    LIMIT = 1000

    @cached_property
    def count(self) -> int:
        complaints: QuerySet[Complaint] = self.object_list  # type: ignore[assignment]
        # Any LIMIT + 1 of them tell whether there are more: no order, no sort.
        return complaints.order_by()[: self.LIMIT + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.LIMIT


def steps_offered(procedures: Iterable[Procedure]) -> list[tuple[str, str]]:
    """The steps to filter on: those of the organisation's procedures, by name."""
    found = {
        (step, name)
        for procedure in procedures
        for step, name in step_names(
            procedure.scheme_version_id, procedure.key, get_language() or "nl"
        ).items()
    }
    return sorted(found, key=lambda item: item[1])


def worklist_rows(complaints: Iterable[Complaint], today: date) -> list[Row]:
    # One reverse per organisation, not per row: the address differs only in the reference.
    addresses: dict[str, str] = {}
    # Each name translated once, not once a row.
    states = {value: str(label) for value, label in StateChoices.choices}
    handlings = {value: str(label) for value, label in HandlingChoices.choices}
    rows = []
    for c in complaints:
        slug = c.organisation.slug
        if slug not in addresses:
            addresses[slug] = reverse(
                "staff:complaint", kwargs={"organisation": slug, "reference": _PLACE}
            )
        rows.append(
            Row(
                c,
                standing(c.next_term_end, today) if c.next_term_end else None,
                step_name(c.procedure.scheme_version_id, c.procedure.key, c.step),
                addresses[slug].replace(_PLACE, quote(c.reference)),
                states.get(c.state, c.state),
                handlings.get(c.handling, c.handling),
            )
        )
    return rows


_PLACE = "REFERENCE"


def search_line(request: HttpRequest, desk: Desk, rows: Iterable[Row]) -> LogLine:
    """Which files a list showed, and which filters were used; search words may be
    names, so they are not written down."""
    used = ",".join(sorted(key for key, value in request.GET.items() if value))
    shown = " ".join(row.complaint.reference for row in rows)
    return LogLine(
        desk.organisation,
        desk.capacity,
        LogActionChoices.SEARCH,
        LogOutcomeChoices.ALLOWED,
        f"GET {request.path} filters: {used or '-'} shown: {shown or '-'}"[:500],
    )


@desk_view(OrganisationAction.WORKLIST)
def worklist_page(request: HttpRequest, desk: Desk) -> HttpResponse:
    today = timezone.localdate()
    filters = worklist_filters(request)
    found = worklist(user=desk.user, organisation=desk.organisation, filters=filters)
    page = WorklistPaginator(found, 50).get_page(request.GET.get("page"))
    rows = worklist_rows(page, today)
    log_lines(request, [search_line(request, desk, rows)])
    organisation = desk.organisation
    procedures = list(Procedure.objects.filter(organisation=organisation).order_by("id"))
    context: dict[str, Any] = {
        "desk": desk,
        "rows": rows,
        "page": page,
        "filters": filters,
        "states": StateChoices.choices,
        "procedures": procedures,
        "categories": Category.objects.filter(organisation=organisation, active=True),
        "locations": Location.objects.filter(organisation=organisation, active=True),
        "steps": steps_offered(procedures),
        "shared": shares_for(user=desk.user, organisation=organisation).filter(scope="summary"),
        "requests_due": requests_open(organisation)[:10]
        if desk.may(OrganisationAction.PRIVACY)
        else [],
        "mail_waiting": open_count(organisation) if desk.may(OrganisationAction.INBOX) else 0,
        "today": today,
    }
    return htmx_render(request, "staff/worklist.html", "staff/_worklist_table.html", context)


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


@desk_view(OrganisationAction.WORKLIST)
def shared_with_me(request: HttpRequest, desk: Desk) -> HttpResponse:
    shares: QuerySet[Any] = shares_for(user=desk.user, organisation=desk.organisation)
    log(request, desk, LogActionChoices.VIEW, LogOutcomeChoices.ALLOWED, detail="shared with me")
    return render(request, "staff/shared.html", {"desk": desk, "shares": shares})


@desk_view(OrganisationAction.INTAKE)
def intake(request: HttpRequest, desk: Desk) -> HttpResponse:
    form = IntakeForm(request.POST or None, organisation=desk.organisation)
    if request.method == "POST" and form.is_valid() and form.forward_chosen():
        try:
            forwarded = intake_forward(form, desk.actor)
        except TransitionRefused as refusal:
            for message in refusal.messages():
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Not recorded as a complaint: sent on to %(where)s.")
                % {"where": forwarded.sent_to},
            )
            return redirect("staff:intake", organisation=desk.organisation.slug)
    elif request.method == "POST" and form.is_valid():
        try:
            complaint = intake_register(form, desk.actor)
        except TransitionRefused as refusal:
            for message in refusal.messages():
                form.add_error(None, message)
        else:
            log(
                request,
                desk,
                LogActionChoices.CHANGE,
                LogOutcomeChoices.ALLOWED,
                complaint_id=complaint.pk,
                reference=complaint.reference,
            )
            messages.success(
                request, _("Recorded as %(reference)s.") % {"reference": complaint.reference}
            )
            return redirect(
                "staff:complaint",
                organisation=desk.organisation.slug,
                reference=complaint.reference,
            )
    return render(request, "staff/intake.html", {"desk": desk, "form": form})


@file_view(FileAction.VIEW, LogActionChoices.CHANGE)
@require_POST
def feedback_new(request: HttpRequest, desk: Desk, complaint: Complaint) -> HttpResponse:
    if not may_record_feedback(user=desk.user, complaint=complaint):
        context = {"desk": desk, "complaint": complaint}
        response = render(request, "staff/refused.html", context, status=403)
        setattr(response, OUTCOME, LogOutcomeChoices.REFUSED)
        return response
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
