"""The forms on a complaint page: one per action, each calling one service.

A form says which file permission it needs (``docs/roles.md``) and which workflow
action it performs; the page shows it only when both the role and the complaint's state
allow it. Refusals from the services come back as form errors, in the person's language.
"""

from klachtpad.staff.actions.base import (
    ActionForm,
    DateInput,
    Situation,
    StaffChoiceField,
    StaffMultipleChoiceField,
)
from klachtpad.staff.actions.handling import (
    AcknowledgeForm,
    ConsentForm,
    ContactForm,
    MeetingPlanForm,
    MeetingRecordForm,
    NoteForm,
    OtherContactForm,
    ReferForm,
    ReferralOutcomeForm,
    StepMoveForm,
)
from klachtpad.staff.actions.outcome import (
    AnswerForm,
    CloseForm,
    DeclineForm,
    JudgementForm,
    MakeFormalForm,
    MeasureRealiseForm,
    ReopenForm,
    SatisfactionForm,
    SignForm,
    WithdrawForm,
)
from klachtpad.staff.actions.team import AssignForm, AttachmentForm, EmployeeLinkForm, ShareForm
from klachtpad.staff.actions.terms import AgreeTermForm, ExtendForm

ACTION_FORMS: dict[str, type[ActionForm]] = {
    form.__name__.removesuffix("Form").lower(): form
    for form in (
        AcknowledgeForm,
        ContactForm,
        ConsentForm,
        OtherContactForm,
        MeetingPlanForm,
        MeetingRecordForm,
        ExtendForm,
        AgreeTermForm,
        JudgementForm,
        AnswerForm,
        SignForm,
        MeasureRealiseForm,
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
        EmployeeLinkForm,
    )
}

__all__ = [
    "ACTION_FORMS",
    "ActionForm",
    "DateInput",
    "Situation",
    "StaffChoiceField",
    "StaffMultipleChoiceField",
]
