"""The complaint file, its handling, its committees and its records, by concept; every
model and choice is importable from here. Rows are changed only by
``complaints.services``; models hold no rules."""

from klachtpad.complaints.models.committees import CommitteeMember, CommitteeSession, SessionItem
from klachtpad.complaints.models.file import (
    Attachment,
    Client,
    ClientContact,
    Complaint,
    EmployeeConcerned,
    EmployeeStatement,
    OtherInvolved,
    ReferenceCounter,
    Share,
    _attachment_storage,  # noqa: F401 - the migrations name it here
    own_label,
)
from klachtpad.complaints.models.forwarded import Forwarded
from klachtpad.complaints.models.handling import (
    Judgement,
    Measure,
    Meeting,
    Referral,
    Signature,
    Term,
    TermAgreement,
    TermExtension,
)
from klachtpad.complaints.models.records import HistoryEntry, OutgoingMessage
from klachtpad.organisations.choices import (
    ActionChoices,
    ChannelChoices,
    ClosureChoices,
    ConsentHowChoices,
    HandlingChoices,
    OutcomeChoices,
    RecipientChoices,
    RelationChoices,
    ShareScopeChoices,
    StateChoices,
    StatementKindChoices,
    SupportChoices,
    TermKindChoices,
    TermStatusChoices,
    VerdictChoices,
)

__all__ = [
    "ActionChoices",
    "Attachment",
    "ChannelChoices",
    "Client",
    "ClientContact",
    "ClosureChoices",
    "CommitteeMember",
    "CommitteeSession",
    "Complaint",
    "ConsentHowChoices",
    "EmployeeConcerned",
    "EmployeeStatement",
    "Forwarded",
    "HandlingChoices",
    "HistoryEntry",
    "Judgement",
    "Measure",
    "Meeting",
    "OtherInvolved",
    "OutcomeChoices",
    "OutgoingMessage",
    "RecipientChoices",
    "ReferenceCounter",
    "Referral",
    "RelationChoices",
    "SessionItem",
    "Share",
    "ShareScopeChoices",
    "Signature",
    "StateChoices",
    "StatementKindChoices",
    "SupportChoices",
    "Term",
    "TermAgreement",
    "TermExtension",
    "TermKindChoices",
    "TermStatusChoices",
    "VerdictChoices",
    "own_label",
]
