"""The forms on a complaint page: one per action, each calling one service.

A form says which file permission it needs (``docs/roles.md``) and which workflow
action it performs; the page shows it only when both the role and the complaint's state
allow it. Refusals from the services come back as form errors, in the person's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from klachtpad.complaints import services
from klachtpad.complaints.models import (
    Complaint,
    Meeting,
    OutcomeChoices,
    RecipientChoices,
    ShareScopeChoices,
    TermKindChoices,
    VerdictChoices,
)
from klachtpad.complaints.services.handling import open_referral
from klachtpad.domain.permissions import FileAction
from klachtpad.domain.schemes.model import Procedure, Scheme, TermSpec
from klachtpad.domain.schemes.vocabulary import Handling as HandlingKind
from klachtpad.domain.schemes.vocabulary import StepOutcome, TermKind
from klachtpad.domain.workflow import (
    Action,
    Verdict,
    check_action,
    signatures_required,
    step_moves,
)
from klachtpad.domain.workflow import State as StateKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def date_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


def text_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": 3}), **kwargs
    )


@dataclass(frozen=True)
class Situation:
    """What a form needs to know about the complaint to offer its choices."""

    complaint: Complaint
    scheme: Scheme
    procedure: Procedure

    def local(self, text: Any) -> str:
        return str(text.get(get_language() or "nl"))


class ActionForm(forms.Form):
    action: ClassVar[Action]
    permission: ClassVar[FileAction] = FileAction.HANDLE
    title: ClassVar[Promise]
    submit: ClassVar[Promise] = _("Save")

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.situation = situation
        self.prefix = type(self).__name__.removesuffix("Form").lower()

    @classmethod
    def possible(cls, situation: Situation) -> bool:
        """Whether the action makes sense for the complaint now."""
        complaint = situation.complaint
        return (
            check_action(
                cls.action,
                state=StateKind(complaint.state),
                handling=HandlingKind(complaint.handling),
            )
            is None
        )

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        raise NotImplementedError


class AcknowledgeForm(ActionForm):
    action = Action.ACKNOWLEDGE
    title = _("Acknowledge receipt")
    on = date_field(_("Acknowledged on"), initial=timezone.localdate)

    @classmethod
    def possible(cls, situation: Situation) -> bool:
        return super().possible(situation) and situation.complaint.acknowledged_on is None

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        return services.complaint_acknowledge(
            complaint, actor=actor, on=self.cleaned_data["on"], expected_version=version
        )


class ContactForm(ActionForm):
    action = Action.RECORD_CONTACT
    title = _("Record contact with the complainant")
    on = date_field(_("Contact on"), initial=timezone.localdate)
    note = text_field(_("What was discussed"), required=False)

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        return services.complaint_contact_record(
            complaint,
            actor=actor,
            on=self.cleaned_data["on"],
            note=self.cleaned_data["note"],
            expected_version=version,
        )


class NoteForm(ActionForm):
    action = Action.ADD_NOTE
    title = _("Add a note")
    note = text_field(_("Note"))

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        return services.complaint_note_add(
            complaint, actor=actor, note=self.cleaned_data["note"], expected_version=version
        )


class MeetingPlanForm(ActionForm):
    action = Action.PLAN_MEETING
    title = _("Plan a meeting")
    planned_for = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    participants = forms.CharField(label=_("Who is invited"), required=False, max_length=500)

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        planned_for: datetime = self.cleaned_data["planned_for"]
        return services.complaint_meeting_plan(
            complaint,
            actor=actor,
            planned_for=planned_for,
            place=self.cleaned_data["place"],
            participants=self.cleaned_data["participants"],
            expected_version=version,
        )


class MeetingRecordForm(ActionForm):
    action = Action.RECORD_MEETING
    title = _("Record a meeting that took place")
    meeting = forms.ModelChoiceField(
        label=_("Planned meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("(not planned in advance)"),
    )
    held_on = date_field(_("Held on"), initial=timezone.localdate)
    participants = forms.CharField(label=_("Who took part"), max_length=500)
    companions = forms.CharField(
        label=_("Whom the complainant brought"), required=False, max_length=500
    )
    summary = text_field(_("Summary"))
    agreements = text_field(_("Agreements"), required=False)

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, situation=situation, **kwargs)
        meetings = situation.complaint.meetings.filter(held_on__isnull=True)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        data = self.cleaned_data
        return services.complaint_meeting_record(
            complaint,
            actor=actor,
            meeting=data["meeting"],
            held_on=data["held_on"],
            participants=data["participants"],
            companions=data["companions"],
            summary=data["summary"],
            agreements=data["agreements"],
            expected_version=version,
        )


class ExtendForm(ActionForm):
    action = Action.EXTEND_TERM
    rule_allows: ClassVar[str] = "extension"
    title = _("Extend the term")
    kind = forms.ChoiceField(label=_("Term"), choices=TermKindChoices.choices)
    new_end = date_field(_("New end"))
    notified_on = date_field(_("Complainant told in writing on"), initial=timezone.localdate)
    reason = text_field(_("Reason (the complainant reads it)"))

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, situation=situation, **kwargs)
        kinds = _running_kinds(situation, self.rule_allows)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (kind, TermKindChoices(kind).label) for kind in kinds
        ]

    @classmethod
    def possible(cls, situation: Situation) -> bool:
        return super().possible(situation) and bool(_running_kinds(situation, cls.rule_allows))

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        data = self.cleaned_data
        return services.complaint_term_extend(
            complaint,
            actor=actor,
            kind=TermKind(data["kind"]),
            new_end=data["new_end"],
            notified_on=data["notified_on"],
            reason=data["reason"],
            expected_version=version,
        )


class AgreeTermForm(ExtendForm):
    action = Action.AGREE_TERM
    rule_allows = "longer_by_agreement"
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
            kind=TermKind(data["kind"]),
            new_end=data["new_end"],
            agreed_on=data["agreed_on"],
            note=data["note"],
            expected_version=version,
        )


def _running_kinds(situation: Situation, allows: str) -> list[str]:
    """Running terms whose scheme rule allows an extension or a longer term by agreement."""
    kinds: list[str] = []
    for term in situation.complaint.terms.filter(status="running").order_by("end_on"):
        if TermSpec.model_validate(term.rule).model_dump().get(allows) and term.kind not in kinds:
            kinds.append(term.kind)
    return kinds


class StepMoveForm(ActionForm):
    action = Action.MOVE_STEP
    title = _("Move to another step")
    to_step = forms.ChoiceField(label=_("To step"))
    outcome = forms.ChoiceField(
        label=_("Outcome of this step"),
        choices=[
            (StepOutcome.NOT_RESOLVED.value, OutcomeChoices.NOT_RESOLVED.label),
            (StepOutcome.RESOLVED.value, OutcomeChoices.RESOLVED.label),
        ],
    )
    reason = text_field(_("Why"), required=False)

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, situation=situation, **kwargs)
        self.fields["to_step"].choices = _own_steps(situation)  # type: ignore[attr-defined]

    @classmethod
    def possible(cls, situation: Situation) -> bool:
        return super().possible(situation) and bool(_own_steps(situation))

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        data = self.cleaned_data
        return services.complaint_step_move(
            complaint,
            actor=actor,
            to_step=data["to_step"],
            outcome=StepOutcome(data["outcome"]),
            reason=data["reason"],
            expected_version=version,
        )


def _own_steps(situation: Situation) -> list[tuple[str, str]]:
    moves = step_moves(situation.procedure, situation.complaint.step)
    return [(s.id, situation.local(s.name)) for s in moves if s.handler.body is None]


def _body_steps(situation: Situation) -> list[tuple[str, str]]:
    moves = step_moves(situation.procedure, situation.complaint.step)
    return [
        (s.handler.body, situation.local(situation.scheme.body(s.handler.body).name))
        for s in moves
        if s.handler.body is not None
    ]


class ReferForm(ActionForm):
    action = Action.REFER
    title = _("Refer to an outside body")
    body = forms.ChoiceField(label=_("Body"))
    handed_over = text_field(_("What was handed over"))
    referred_on = date_field(_("Referred on"), initial=timezone.localdate)

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, situation=situation, **kwargs)
        self.fields["body"].choices = _body_steps(situation)  # type: ignore[attr-defined]

    @classmethod
    def possible(cls, situation: Situation) -> bool:
        return super().possible(situation) and bool(_body_steps(situation))

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        data = self.cleaned_data
        return services.complaint_refer(
            complaint,
            actor=actor,
            body=data["body"],
            handed_over=data["handed_over"],
            referred_on=data["referred_on"],
            expected_version=version,
        )


class ReferralOutcomeForm(ActionForm):
    action = Action.RECORD_REFERRAL_OUTCOME
    title = _("Record the outside body's outcome")
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OutcomeChoices.choices)
    summary = text_field(_("What the body decided"))
    returned_on = date_field(_("Received on"), initial=timezone.localdate)

    @classmethod
    def possible(cls, situation: Situation) -> bool:
        return super().possible(situation) and open_referral(situation.complaint) is not None

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        data = self.cleaned_data
        return services.complaint_referral_outcome(
            complaint,
            actor=actor,
            outcome=StepOutcome(data["outcome"]),
            summary=data["summary"],
            returned_on=data["returned_on"],
            expected_version=version,
        )


class DeclineForm(ActionForm):
    action = Action.DECLINE
    title = _("Decline to handle the complaint")
    motivation = text_field(_("Motivation (the complainant receives it)"))

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        return services.complaint_decline(
            complaint,
            actor=actor,
            motivation=self.cleaned_data["motivation"],
            expected_version=version,
        )


MEASURES = 3


class JudgementForm(ActionForm):
    action = Action.RECORD_JUDGEMENT
    title = _("Record the judgement")
    verdict = forms.ChoiceField(label=_("Judgement"), choices=VerdictChoices.choices)
    reasons = text_field(_("Reasons"))
    decisions = text_field(_("Decisions taken"), required=False)
    recommendations = text_field(_("Recommendations"), required=False)
    resolved = forms.BooleanField(label=_("The complainant accepts the solution"), required=False)
    late_explanation = text_field(
        _("Why the decision is late (only when the term has passed)"), required=False
    )

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, situation=situation, **kwargs)
        for number in range(1, MEASURES + 1):
            self.fields[f"measure_{number}"] = forms.CharField(
                label=_("Measure %(number)s") % {"number": number},
                required=False,
                max_length=1000,
            )
            self.fields[f"owner_{number}"] = forms.CharField(
                label=_("Who realises measure %(number)s") % {"number": number},
                required=False,
                max_length=200,
            )
            self.fields[f"due_{number}"] = date_field(
                _("Measure %(number)s realised by") % {"number": number}, required=False
            )

    def measures(self) -> list[services.MeasureInput]:
        found = []
        for number in range(1, MEASURES + 1):
            description = self.cleaned_data.get(f"measure_{number}", "")
            owner = self.cleaned_data.get(f"owner_{number}", "")
            due = self.cleaned_data.get(f"due_{number}")
            if description or owner or due:
                if not (description and owner and due):
                    self.add_error(
                        f"measure_{number}",
                        _("Give each measure a description, who realises it and by when."),
                    )
                    continue
                found.append(services.MeasureInput(description, owner, due))
        return found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.measures()
        return cleaned

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        data = self.cleaned_data
        return services.complaint_judgement_record(
            complaint,
            actor=actor,
            verdict=Verdict(data["verdict"]),
            reasons=data["reasons"],
            decisions=data["decisions"],
            recommendations=data["recommendations"],
            measures=self.measures(),
            resolved=data["resolved"],
            late_explanation=data["late_explanation"],
            expected_version=version,
        )


class SignForm(ActionForm):
    action = Action.SIGN
    title = _("Record a signature on the judgement")
    party = forms.ChoiceField(label=_("Signed as"))
    name = forms.CharField(label=_("Name of the person who signed"), max_length=200)
    signed_on = date_field(_("Signed on"), initial=timezone.localdate)

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, situation=situation, **kwargs)
        self.fields["party"].choices = [  # type: ignore[attr-defined]
            (party, RecipientChoices(party).label) for party in _parties(situation)
        ]

    @classmethod
    def possible(cls, situation: Situation) -> bool:
        return super().possible(situation) and bool(_parties(situation))

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        data = self.cleaned_data
        return services.complaint_judgement_sign(
            complaint,
            actor=actor,
            party=data["party"],
            name=data["name"],
            signed_on=data["signed_on"],
            expected_version=version,
        )


def _parties(situation: Situation) -> list[str]:
    judgement = situation.complaint.judgements.order_by("-id").first()
    if judgement is None:
        return []
    required = signatures_required(situation.procedure, judgement.step, resolved=judgement.resolved)
    signed = set(judgement.signatures.values_list("party", flat=True))
    return [party for party in required if party not in signed]


class CloseForm(ActionForm):
    action = Action.CLOSE
    title = _("Close the complaint")
    submit = _("Close")
    reason = text_field(_("How it ended"), required=False)
    late_explanation = text_field(
        _("Why the decision is late (only when the term has passed)"), required=False
    )

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        return services.complaint_close(
            complaint,
            actor=actor,
            reason=self.cleaned_data["reason"],
            late_explanation=self.cleaned_data["late_explanation"],
            expected_version=version,
        )


class ReopenForm(ActionForm):
    action = Action.REOPEN
    title = _("Reopen the complaint")
    reason = text_field(_("Why"))

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        return services.complaint_reopen(
            complaint, actor=actor, reason=self.cleaned_data["reason"], expected_version=version
        )


class WithdrawForm(ActionForm):
    action = Action.WITHDRAW
    title = _("Record that the complainant withdraws")
    requested_on = date_field(_("Asked on"), initial=timezone.localdate)
    reason = text_field(_("What the complainant said"), required=False)

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        return services.complaint_withdraw(
            complaint,
            actor=actor,
            requested_on=self.cleaned_data["requested_on"],
            reason=self.cleaned_data["reason"],
            expected_version=version,
        )


class SatisfactionForm(ActionForm):
    action = Action.RECORD_SATISFACTION
    title = _("Record the complainant's satisfaction")
    score = forms.TypedChoiceField(
        label=_("How satisfied with the handling (1 = not at all, 5 = very)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
    )
    remark = text_field(_("Remark"), required=False)

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        return services.complaint_satisfaction_record(
            complaint,
            actor=actor,
            score=self.cleaned_data["score"],
            remark=self.cleaned_data["remark"],
            expected_version=version,
        )


class MakeFormalForm(ActionForm):
    action = Action.MAKE_FORMAL
    permission = FileAction.MAKE_FORMAL
    title = _("Make this a formal complaint")
    received_on = date_field(_("Complaint form received on"), initial=timezone.localdate)
    filled_in_together = forms.BooleanField(
        label=_("We filled in the form together with the complainant"),
        required=False,
        initial=True,
    )

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        return services.complaint_make_formal(
            complaint,
            actor=actor,
            received_on=self.cleaned_data["received_on"],
            filled_in_together=self.cleaned_data["filled_in_together"],
            expected_version=version,
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


ACTION_FORMS: dict[str, type[ActionForm]] = {
    form.__name__.removesuffix("Form").lower(): form
    for form in (
        AcknowledgeForm,
        ContactForm,
        MeetingPlanForm,
        MeetingRecordForm,
        ExtendForm,
        AgreeTermForm,
        JudgementForm,
        SignForm,
        StepMoveForm,
        ReferForm,
        ReferralOutcomeForm,
        DeclineForm,
        MakeFormalForm,
        CloseForm,
        WithdrawForm,
        ReopenForm,
        SatisfactionForm,
        NoteForm,
        AttachmentForm,
        AssignForm,
        ShareForm,
    )
}
