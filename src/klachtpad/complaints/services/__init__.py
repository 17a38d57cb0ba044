"""Every change to a complaint file: one service per domain verb, all through
``complaint_transition``."""

from klachtpad.complaints.services.attachments import complaint_attachment_add
from klachtpad.complaints.services.clients import (
    client_contact_register,
    client_death_record,
    client_for_intake,
    client_register,
)
from klachtpad.complaints.services.employees import (
    complaint_employee_link,
    complaint_employee_statement,
)
from klachtpad.complaints.services.handling import (
    complaint_acknowledge,
    complaint_contact_record,
    complaint_meeting_plan,
    complaint_meeting_record,
    complaint_refer,
    complaint_referral_outcome,
    complaint_step_move,
)
from klachtpad.complaints.services.intake import (
    Complainant,
    Details,
    Employee,
    complaint_amend,
    complaint_make_formal,
    complaint_register,
)
from klachtpad.complaints.services.judgements import (
    MeasureInput,
    complaint_judgement_record,
    complaint_judgement_sign,
    complaint_ruling_answer,
)
from klachtpad.complaints.services.measures import complaint_measure_realise, measures_open
from klachtpad.complaints.services.others import complaint_consent_record, complaint_other_contact
from klachtpad.complaints.services.outcome import (
    complaint_close,
    complaint_decline,
    complaint_reopen,
    complaint_satisfaction_record,
    complaint_withdraw,
)
from klachtpad.complaints.services.team import (
    complaint_assign,
    complaint_note_add,
    complaint_share,
)
from klachtpad.complaints.services.terms import complaint_term_agree, complaint_term_extend
from klachtpad.complaints.services.transition import (
    Actor,
    ConcurrentChange,
    TransitionRefused,
    complaint_transition,
)

__all__ = [
    "Actor",
    "Complainant",
    "ConcurrentChange",
    "Details",
    "Employee",
    "MeasureInput",
    "TransitionRefused",
    "client_contact_register",
    "client_death_record",
    "client_for_intake",
    "client_register",
    "complaint_acknowledge",
    "complaint_amend",
    "complaint_assign",
    "complaint_attachment_add",
    "complaint_close",
    "complaint_consent_record",
    "complaint_contact_record",
    "complaint_decline",
    "complaint_employee_link",
    "complaint_employee_statement",
    "complaint_judgement_record",
    "complaint_judgement_sign",
    "complaint_make_formal",
    "complaint_measure_realise",
    "complaint_meeting_plan",
    "complaint_meeting_record",
    "complaint_note_add",
    "complaint_other_contact",
    "complaint_refer",
    "complaint_referral_outcome",
    "complaint_register",
    "complaint_reopen",
    "complaint_ruling_answer",
    "complaint_satisfaction_record",
    "complaint_share",
    "complaint_step_move",
    "complaint_term_agree",
    "complaint_term_extend",
    "complaint_transition",
    "complaint_withdraw",
    "measures_open",
]
