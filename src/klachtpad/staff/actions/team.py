"""Who works on the file: handler, sharing, attachments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from klachtpad.complaints import services
from klachtpad.complaints.models import (
    Complaint,
    ShareScopeChoices,
)
from klachtpad.complaints.selectors import handlers_for, share_candidates
from klachtpad.domain.permissions import FileAction
from klachtpad.domain.workflow import Action
from klachtpad.organisations.selectors import staff_of, staff_suggested
from klachtpad.staff.actions.base import (
    ActionForm,
    Situation,
    StaffChoiceField,
    text_field,
)


def _colleagues(situation: Situation) -> forms.ModelChoiceField[User]:
    """The colleagues a file can be shared with, by name."""
    return StaffChoiceField(queryset=share_candidates(situation.complaint), label=_("Colleague"))


class AssignForm(ActionForm):
    action = Action.ASSIGN
    permission = FileAction.SHARE
    title = _("Choose the handler")
    handler = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Handler"))

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, situation=situation, **kwargs)
        self.fields["handler"] = StaffChoiceField(
            queryset=handlers_for(situation.complaint),
            label=_("Handler"),
            help_text=_("Only colleagues whose role lets them handle this complaint."),
        )

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        return services.complaint_assign(
            complaint, actor=actor, handler=self.cleaned_data["handler"], expected_version=version
        )


class ShareForm(ActionForm):
    action = Action.SHARE
    permission = FileAction.SHARE
    title = _("Share with a colleague")
    user = forms.ModelChoiceField(queryset=User.objects.none())
    scope = forms.ChoiceField(
        label=_("What they may read"),
        choices=ShareScopeChoices.choices,
        widget=forms.RadioSelect,
        initial=ShareScopeChoices.SUMMARY,
    )
    summary = text_field(_("Summary for them (when sharing only a summary)"), required=False)
    at_request_of_client = forms.BooleanField(
        label=_("The client asked for this (for the client confidant)"), required=False
    )

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, situation=situation, **kwargs)
        self.fields["user"] = _colleagues(situation)

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        data = self.cleaned_data
        return services.complaint_share(
            complaint,
            actor=actor,
            user=data["user"],
            scope=ShareScopeChoices(data["scope"]),
            summary=data["summary"],
            at_request_of_client=data["at_request_of_client"],
            expected_version=version,
        )


class AttachmentForm(ActionForm):
    action = Action.AMEND
    title = _("Add an attachment")
    submit = _("Upload")
    upload = forms.FileField(label=_("File"))

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        return services.complaint_attachment_add(
            complaint, actor=actor, upload=self.cleaned_data["upload"], expected_version=version
        )


class EmployeeLinkForm(ActionForm):
    """Link an employee concerned to their account: the complaint is then hidden from
    them, and they get the part the scheme gives them."""

    action = Action.LINK_EMPLOYEE
    permission = FileAction.SHARE
    title = _("Link an employee concerned to their account")
    employee = forms.ChoiceField(label=_("Employee concerned"))
    user = StaffChoiceField(queryset=User.objects.none(), label=_("Their account"))
    name = forms.CharField(
        label=_("Name (for an employee not yet in the file)"), max_length=200, required=False
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, situation=situation, **kwargs)
        complaint = situation.complaint
        unlinked = [e for e in complaint.employees.all() if e.user_id is None]
        self.fields["employee"].choices = [  # type: ignore[attr-defined]
            *[(str(e.pk), e.name) for e in unlinked],
            ("", _("someone not yet named in the file")),
        ]
        organisation = complaint.organisation
        suggested = [
            user.pk
            for e in unlinked
            for user in staff_suggested(organisation=organisation, name=e.name)
        ]
        staff = staff_of(organisation=organisation)
        user = self.fields["user"]
        assert isinstance(user, forms.ModelChoiceField)  # noqa: S101
        user.queryset = staff
        if suggested:
            user.initial = suggested[0]
            user.help_text = _("Suggested from the name in the file: %(names)s.") % {
                "names": ", ".join(
                    u.get_full_name() or u.get_username() for u in staff.filter(pk__in=suggested)
                )
            }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("employee") and not cleaned.get("name", "").strip():
            self.add_error("name", _("Fill in the name of the employee concerned."))
        return cleaned

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        data = self.cleaned_data
        employee = (
            complaint.employees.filter(pk=int(data["employee"])).first()
            if data["employee"]
            else None
        )
        return services.complaint_employee_link(
            complaint,
            actor=actor,
            user=data["user"],
            employee=employee,
            name=data["name"],
            job_title=data["job_title"],
            expected_version=version,
        )
