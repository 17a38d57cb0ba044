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
from klachtpad.domain.permissions import FileAction
from klachtpad.domain.workflow import Action
from klachtpad.staff.actions.base import (
    ActionForm,
    Situation,
    text_field,
)


def _colleagues(situation: Situation) -> forms.ModelChoiceField[User]:
    return forms.ModelChoiceField(
        queryset=User.objects.filter(
            memberships__organisation=situation.complaint.organisation, is_active=True
        )
        .distinct()
        .order_by("first_name", "last_name"),
        label=_("Colleague"),
    )


class AssignForm(ActionForm):
    action = Action.ASSIGN
    permission = FileAction.SHARE
    title = _("Choose the handler")
    handler = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Handler"))

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, situation=situation, **kwargs)
        self.fields["handler"] = _colleagues(situation)
        self.fields["handler"].label = _("Handler")

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
