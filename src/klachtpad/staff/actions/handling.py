"""Handling: receipt, contact, notes, meetings, steps and outside bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klachtpad.complaints import services
from klachtpad.complaints.models import (
    Complaint,
    ConsentHowChoices,
    Meeting,
    OutcomeChoices,
)
from klachtpad.complaints.services.handling import open_referral
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.vocabulary import StepOutcome
from klachtpad.domain.workflow import (
    Action,
    State,
    check_late_referral,
    referral_targets,
    step_moves,
)
from klachtpad.staff.actions.base import (
    ActionForm,
    DateTimeInput,
    Situation,
    date_field,
    text_field,
)


class AcknowledgeForm(ActionForm):
    action = Action.ACKNOWLEDGE
    title = _("Acknowledge receipt")
    on = date_field(_("Acknowledged on"), initial=timezone.localdate)

    @classmethod
    def refusal(cls, situation: Situation) -> Message | None:
        return super().refusal(situation) or cls.lacking(
            situation.complaint.acknowledged_on is None,
            gettext_noop("Receipt has been acknowledged already."),
        )

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
    def refusal(cls, situation: Situation) -> Message | None:
        return super().refusal(situation) or cls.lacking(
            bool(_own_steps(situation)),
            gettext_noop("The scheme names no other step this complaint can move to now."),
        )

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
    complaint = situation.complaint
    closed = complaint.state == State.CLOSED
    targets = referral_targets(
        situation.procedure,
        complaint.step,
        closed=closed,
        holding=frozenset(holding_bodies(complaint)),
    )
    found = []
    for body in targets:
        spec = situation.scheme.body(body)
        late = closed and check_late_referral(
            spec,
            received_on=complaint.received_on,
            decided_on=complaint.decided_on,
            closed_on=complaint.closed_on,
            on=timezone.localdate(),
        )
        if not late:
            found.append((body, situation.local(spec.name)))
    return found


def holding_bodies(complaint: Complaint) -> list[str]:
    """The bodies that have the file now, latest first (from the referrals the page read,
    when it read them)."""
    holding = [r for r in complaint.referrals.all() if r.returned_on is None]
    return [r.body for r in sorted(holding, key=lambda r: (r.referred_on, r.pk), reverse=True)]


def choose_body(form: ActionForm, situation: Situation) -> None:
    """With several bodies holding the file, the form asks whose outcome it is."""
    holding = holding_bodies(situation.complaint)
    if len(holding) > 1:
        form.fields["body"] = forms.ChoiceField(
            label=_("Of which body"),
            choices=[(b, situation.local(situation.scheme.body(b).name)) for b in holding],
        )


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
    def refusal(cls, situation: Situation) -> Message | None:
        return super().refusal(situation) or cls.lacking(
            bool(_body_steps(situation)),
            gettext_noop("The scheme names no outside body this complaint can go to now."),
        )

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

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, situation=situation, **kwargs)
        choose_body(self, situation)

    @classmethod
    def refusal(cls, situation: Situation) -> Message | None:
        return super().refusal(situation) or cls.lacking(
            open_referral(situation.complaint) is not None,
            gettext_noop("No outside body has the file."),
        )

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        data = self.cleaned_data
        return services.complaint_referral_outcome(
            complaint,
            actor=actor,
            outcome=StepOutcome(data["outcome"]),
            summary=data["summary"],
            returned_on=data["returned_on"],
            body=data.get("body", ""),
            expected_version=version,
        )


class ConsentForm(ActionForm):
    action = Action.RECORD_CONSENT
    title = _("Record consent to contact someone else involved")
    person = forms.CharField(label=_("Who may be contacted"), max_length=200)
    consent_by = forms.CharField(label=_("Consent given by"), max_length=200)
    how = forms.ChoiceField(
        label=_("Given"), choices=ConsentHowChoices.choices, widget=forms.RadioSelect
    )
    consent_on = date_field(_("Given on"), initial=timezone.localdate)

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        data = self.cleaned_data
        return services.complaint_consent_record(
            complaint,
            actor=actor,
            person=data["person"],
            consent_by=data["consent_by"],
            how=ConsentHowChoices(data["how"]),
            consent_on=data["consent_on"],
            expected_version=version,
        )


class OtherContactForm(ActionForm):
    action = Action.CONTACT_OTHER
    title = _("Record contact with someone else involved")
    person = forms.CharField(label=_("Who was contacted"), max_length=200)
    contacted_on = date_field(_("Contacted on"), initial=timezone.localdate)
    note = text_field(_("What was discussed"), required=False)

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, situation=situation, **kwargs)
        if situation.procedure.others_with_consent:
            self.fields["person"].help_text = _(
                "This scheme contacts others only with consent: record the consent first."
            )

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        data = self.cleaned_data
        return services.complaint_other_contact(
            complaint,
            actor=actor,
            person=data["person"],
            note=data["note"],
            contacted_on=data["contacted_on"],
            expected_version=version,
        )
