"""The complaints committees' pages: seats, sessions with their agenda, and minutes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.complaints.models import CommitteeMember, CommitteeSession, Complaint
from klachtpad.complaints.services import TransitionRefused
from klachtpad.complaints.services.committees import (
    committee_member_add,
    committee_member_leave,
    committee_members,
    committee_session_minutes,
    committee_session_plan,
    committee_waiting,
    committees_of,
)
from klachtpad.domain.committees import CommitteeRole
from klachtpad.domain.permissions import OrganisationAction
from klachtpad.domain.schemes.model import Body
from klachtpad.organisations.choices import CommitteeRoleChoices
from klachtpad.organisations.selectors import current_scheme
from klachtpad.staff.access import Desk, desk_view, log
from klachtpad.staff.actions import DateInput
from klachtpad.staff.actions.base import DateTimeInput

COMMITTEES = OrganisationAction.COMMITTEES


class MemberForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    role = forms.ChoiceField(label=gettext_lazy("Seat"), choices=CommitteeRoleChoices.choices)
    expertise = forms.CharField(
        label=gettext_lazy("Expertise (for example lawyer, doctor)"), max_length=200, required=False
    )
    works_for_provider = forms.BooleanField(
        label=gettext_lazy("Works for or at the organisation"), required=False
    )


class AgendaField(forms.ModelMultipleChoiceField[Complaint]):
    def label_from_instance(self, obj: Complaint) -> str:
        return f"{obj.reference}: {obj.summary}"


class SessionForm(forms.Form):
    planned_for = forms.DateTimeField(label=gettext_lazy("Date and time"), widget=DateTimeInput())
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200, required=False)
    agenda = AgendaField(
        label=gettext_lazy("Complaints on the agenda"),
        queryset=Complaint.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, waiting: list[Complaint], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agenda = self.fields["agenda"]
        assert isinstance(agenda, forms.ModelMultipleChoiceField)  # noqa: S101
        agenda.queryset = Complaint.objects.filter(pk__in=[c.pk for c in waiting])


def _errors(form: forms.Form, refusal: TransitionRefused) -> None:
    for message in refusal.messages():
        form.add_error(None, message)


def _act(
    request: HttpRequest,
    desk: Desk,
    body: Body,
    member_form: MemberForm,
    session_form: SessionForm,
) -> HttpResponse | None:
    """What the secretary sent for one committee; the page to go to when it is done."""
    organisation = desk.organisation
    again = redirect("staff:committees", organisation=organisation.slug)
    if "leave" in request.POST:
        member = get_object_or_404(
            CommitteeMember, pk=request.POST["leave"], organisation=organisation, body=body.id
        )
        committee_member_leave(member)
        messages.success(request, _("%(name)s no longer sits on it.") % {"name": member.name})
        return again
    try:
        if member_form.is_valid():
            data = member_form.cleaned_data
            member = committee_member_add(
                organisation,
                actor=desk.actor,
                body=body.id,
                name=data["name"],
                role=CommitteeRole(data["role"]),
                works_for_provider=data["works_for_provider"],
                expertise=data["expertise"],
            )
            messages.success(request, _("Saved: %(name)s.") % {"name": member.name})
            return again
        if session_form.is_valid():
            data = session_form.cleaned_data
            session = committee_session_plan(
                organisation,
                actor=desk.actor,
                body=body.id,
                planned_for=data["planned_for"],
                place=data["place"],
                complaints=data["agenda"],
            )
            detail = f"committee session {session.pk} planned"
            log(request, desk, LogActionChoices.CHANGE, LogOutcomeChoices.ALLOWED, detail=detail)
            messages.success(request, _("The session is planned; the complainants are invited."))
            return redirect(
                "staff:committee_session", organisation=organisation.slug, session=session.pk
            )
    except TransitionRefused as refusal:
        _errors(member_form if member_form.is_bound else session_form, refusal)
    return None


@desk_view(COMMITTEES)
def committees_page(request: HttpRequest, desk: Desk) -> HttpResponse:
    """Each committee of the scheme: who sits on it, what waits, and its sessions."""
    organisation = desk.organisation
    scheme = current_scheme(organisation)
    language = get_language() or "nl"
    chosen = request.POST.get("body", "")
    blocks = []
    status = 200
    for body in committees_of(scheme) if scheme else []:
        waiting = committee_waiting(organisation, body.id)
        posted = request.method == "POST" and chosen == body.id
        member_form = MemberForm(
            request.POST if posted and "add_member" in request.POST else None, prefix=body.id
        )
        session_form = SessionForm(
            request.POST if posted and "plan" in request.POST else None,
            waiting=waiting,
            prefix=f"{body.id}-session",
        )
        if posted and (done := _act(request, desk, body, member_form, session_form)):
            return done
        if member_form.errors or session_form.errors:
            status = 422
        blocks.append(
            {
                "body": body,
                "name": body.name.get(language),
                "members": committee_members(organisation, body.id),
                "waiting": waiting,
                "sessions": CommitteeSession.objects.filter(
                    organisation=organisation, body=body.id
                ).prefetch_related("items")[:20],
                "member_form": member_form,
                "session_form": session_form,
            }
        )
    return render(request, "staff/committees.html", {"desk": desk, "blocks": blocks}, status=status)


class MinutesForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("Met on"), widget=DateInput())
    present = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Present"),
        queryset=CommitteeMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.CharField(
        label=gettext_lazy("Minutes (what the committee discussed and agreed)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, session: CommitteeSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        present = self.fields["present"]
        assert isinstance(present, forms.ModelMultipleChoiceField)  # noqa: S101
        present.queryset = CommitteeMember.objects.filter(
            organisation=session.organisation, body=session.body, active=True
        )
        self.items = list(session.items.select_related("complaint"))
        for item in self.items:
            self.fields[f"heard_{item.complaint_id}"] = forms.CharField(
                label=_("What was heard on %(reference)s")
                % {"reference": item.complaint.reference},
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["held_on"].initial = timezone.localdate(session.planned_for)


@desk_view(COMMITTEES)
def session_page(request: HttpRequest, desk: Desk, session: int) -> HttpResponse:
    """One session: its agenda, and the form for its minutes until they are recorded."""
    found = get_object_or_404(CommitteeSession, pk=session, organisation=desk.organisation)
    form = MinutesForm(request.POST or None, session=found) if found.held_on is None else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            committee_session_minutes(
                found,
                actor=desk.actor,
                held_on=data["held_on"],
                present=data["present"],
                minutes=data["minutes"],
                heard={
                    item.complaint_id: data[f"heard_{item.complaint_id}"] for item in form.items
                },
            )
        except TransitionRefused as refusal:
            _errors(form, refusal)
        else:
            log(
                request,
                desk,
                LogActionChoices.CHANGE,
                LogOutcomeChoices.ALLOWED,
                detail=f"committee session {found.pk} minutes",
            )
            messages.success(request, _("The minutes are recorded, and each hearing in its file."))
            return redirect(
                "staff:committee_session", organisation=desk.organisation.slug, session=found.pk
            )
    log(
        request,
        desk,
        LogActionChoices.VIEW,
        LogOutcomeChoices.ALLOWED,
        detail=f"committee session {found.pk}",
    )
    return render(
        request,
        "staff/committee_session.html",
        {
            "desk": desk,
            "session": found,
            "form": form,
            "items": found.items.select_related("complaint"),
        },
        status=422 if form is not None and form.errors else 200,
    )
