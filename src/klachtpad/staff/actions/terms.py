"""Terms: extension with notice, a longer term by agreement."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klachtpad.complaints import services
from klachtpad.complaints.models import (
    Complaint,
    TermKindChoices,
)
from klachtpad.complaints.services.terms import terms_extendable
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.workflow import Action
from klachtpad.organisations.wording import term_kind_label
from klachtpad.staff.actions.base import (
    ActionForm,
    Situation,
    date_field,
    text_field,
)


class ExtendForm(ActionForm):
    action = Action.EXTEND_TERM
    by_agreement: ClassVar[bool] = False
    title = _("Extend the term")
    kind = forms.ChoiceField(label=_("Term"), choices=TermKindChoices.choices)
    new_end = date_field(_("New end"))
    notified_on = date_field(_("Complainant told in writing on"), initial=timezone.localdate)
    reason = text_field(_("Reason (the complainant reads it)"))

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, situation=situation, **kwargs)
        kinds = terms_extendable(
            situation.complaint, by_agreement=self.by_agreement, roles=situation.roles
        )
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (kind, term_kind_label(kind, situation.procedure)) for kind in kinds
        ]

    @classmethod
    def refusal(cls, situation: Situation) -> Message | None:
        extendable = terms_extendable(
            situation.complaint, by_agreement=cls.by_agreement, roles=situation.roles
        )
        reason = (
            gettext_noop("The scheme does not let a longer term be agreed here.")
            if cls.by_agreement
            else gettext_noop(
                "No running term can be extended by you: the scheme allows no (further) "
                "extension, or gives it to another role."
            )
        )
        return super().refusal(situation) or cls.lacking(bool(extendable), reason)

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        data = self.cleaned_data
        return services.complaint_term_extend(
            complaint,
            actor=actor,
            kind=data["kind"],
            new_end=data["new_end"],
            notified_on=data["notified_on"],
            reason=data["reason"],
            expected_version=version,
        )


class AgreeTermForm(ExtendForm):
    action = Action.AGREE_TERM
    by_agreement = True
    title = _("Record a longer term agreed with the complainant")
    notified_on = None  # type: ignore[assignment]
    reason = None  # type: ignore[assignment]
    agreed_on = date_field(_("Agreed on"), initial=timezone.localdate)
    note = text_field(_("What was agreed"), required=False)

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        data = self.cleaned_data
        return services.complaint_term_agree(
            complaint,
            actor=actor,
            kind=data["kind"],
            new_end=data["new_end"],
            agreed_on=data["agreed_on"],
            note=data["note"],
            expected_version=version,
        )
