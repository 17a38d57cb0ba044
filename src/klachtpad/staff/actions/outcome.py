"""The outcome: decline, judgement, signatures, closure, satisfaction, formal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from klachtpad.complaints import services
from klachtpad.complaints.models import (
    Complaint,
    RecipientChoices,
    VerdictChoices,
)
from klachtpad.complaints.services.judgements import (
    judgement_latest,
    ruling_unanswered,
    signatures_missing,
)
from klachtpad.complaints.services.outcome import SATISFACTION_SCALE, satisfaction_askable
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.permissions import FileAction
from klachtpad.domain.workflow import Action
from klachtpad.organisations.selectors import staff_of
from klachtpad.organisations.wording import verdict_choices
from klachtpad.staff.actions.base import (
    ActionForm,
    Situation,
    StaffChoiceField,
    date_field,
    text_field,
)
from klachtpad.staff.actions.handling import choose_body


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
    given_by = forms.CharField(
        label=_("Decided by (name and role, as the letter names them)"),
        max_length=200,
        required=False,
        help_text=_("Leave empty when you decided yourself: the letter then names you."),
    )
    reasons = text_field(_("Reasons"))
    decisions = text_field(_("Decisions taken"), required=False)
    recommendations = text_field(_("Recommendations"), required=False)
    no_measures_reason = text_field(
        _("No measures are taken, because (instead of the measures below)"), required=False
    )
    resolved = forms.BooleanField(label=_("The complainant accepts the solution"), required=False)
    late_explanation = text_field(
        _("Why the decision is late (only when the term has passed)"), required=False
    )

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, situation=situation, **kwargs)
        verdict = self.fields["verdict"]
        assert isinstance(verdict, forms.ChoiceField)  # noqa: S101
        verdict.choices = verdict_choices(situation.procedure)
        choose_body(self, situation)
        title = situation.procedure.step(situation.complaint.step).handler.title
        if title is not None:
            self.fields["given_by"].initial = situation.local(title)
        colleagues = staff_of(organisation=situation.complaint.organisation)
        # One read of the colleagues for all the measures' choices.
        offered = [
            ("", "---------"),
            *[(user.pk, user.get_full_name() or user.get_username()) for user in colleagues],
        ]
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
            reminded = StaffChoiceField(
                queryset=colleagues,
                label=_("Colleague reminded of measure %(number)s") % {"number": number},
                required=False,
            )
            reminded.choices = offered
            self.fields[f"owner_user_{number}"] = reminded
            self.fields[f"due_{number}"] = date_field(
                _("Measure %(number)s realised by") % {"number": number}, required=False
            )

    def measures(self) -> list[services.MeasureInput]:
        found = []
        for number in range(1, MEASURES + 1):
            description = self.cleaned_data.get(f"measure_{number}", "")
            owner = self.cleaned_data.get(f"owner_{number}", "")
            owner_user = self.cleaned_data.get(f"owner_user_{number}")
            due = self.cleaned_data.get(f"due_{number}")
            if description or owner or owner_user or due:
                if not (description and (owner or owner_user) and due):
                    self.add_error(
                        f"measure_{number}",
                        _("Give each measure a description, who realises it and by when."),
                    )
                    continue
                found.append(services.MeasureInput(description, owner, due, owner_user))
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
            verdict=data["verdict"],
            given_by=data["given_by"],
            body=data.get("body", ""),
            reasons=data["reasons"],
            decisions=data["decisions"],
            recommendations=data["recommendations"],
            measures=self.measures(),
            resolved=data["resolved"],
            late_explanation=data["late_explanation"],
            no_measures_reason=data["no_measures_reason"],
            expected_version=version,
        )


class AnswerForm(JudgementForm):
    """The organisation's answer to a committee's ruling: its own judgement, and which
    recommendations it takes up as measures, by when."""

    action = Action.RECORD_ANSWER
    title = _("Record our answer to the ruling")

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, situation=situation, **kwargs)
        for name in ("recommendations", "resolved", "late_explanation", "body"):
            self.fields.pop(name, None)

    @classmethod
    def refusal(cls, situation: Situation) -> Message | None:
        return super().refusal(situation) or cls.lacking(
            ruling_unanswered(situation.complaint) is not None,
            gettext_noop("There is no ruling of an outside body to answer."),
        )

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        data = self.cleaned_data
        return services.complaint_ruling_answer(
            complaint,
            actor=actor,
            verdict=data["verdict"],
            given_by=data["given_by"],
            reasons=data["reasons"],
            decisions=data["decisions"],
            measures=self.measures(),
            no_measures_reason=data["no_measures_reason"],
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
    def refusal(cls, situation: Situation) -> Message | None:
        return super().refusal(situation) or cls.lacking(
            bool(_parties(situation)), gettext_noop("Nobody still has to sign the judgement.")
        )

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
    judgement = judgement_latest(situation.complaint)
    return signatures_missing(situation.procedure, judgement) if judgement else []


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
        choices=[(n, str(n)) for n in SATISFACTION_SCALE],
        coerce=int,
    )
    remark = text_field(_("Remark"), required=False)

    @classmethod
    def refusal(cls, situation: Situation) -> Message | None:
        return cls.lacking(
            satisfaction_askable(situation.complaint),
            gettext_noop(
                "The satisfaction question comes after the handling, once; not after a "
                "withdrawal or a decline."
            ),
        )

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


class MeasureRealiseForm(ActionForm):
    """A measure of the judgement was carried out (Wkkgz art. 17(1)(c))."""

    action = Action.REALISE_MEASURE
    title = _("Record that a measure was realised")
    measure = forms.ChoiceField(label=_("Measure"))
    realised_on = date_field(_("Realised on"), initial=timezone.localdate)
    note = text_field(_("What was done"))

    def __init__(self, *args: Any, situation: Situation, **kwargs: Any) -> None:
        super().__init__(*args, situation=situation, **kwargs)
        self.fields["measure"].choices = [  # type: ignore[attr-defined]
            (str(m.pk), f"{m.description} ({date_format(m.due_on, 'j F Y')})")
            for m in services.measures_open(situation.complaint)
        ]

    @classmethod
    def refusal(cls, situation: Situation) -> Message | None:
        return super().refusal(situation) or cls.lacking(
            bool(services.measures_open(situation.complaint)),
            gettext_noop("No measure is waiting to be realised."),
        )

    def perform(self, complaint: Complaint, actor: services.Actor, version: int) -> Complaint:
        data = self.cleaned_data
        return services.complaint_measure_realise(
            complaint,
            actor=actor,
            measure_id=int(data["measure"]),
            note=data["note"],
            realised_on=data["realised_on"],
            expected_version=version,
        )
