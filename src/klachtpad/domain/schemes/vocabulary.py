"""The closed vocabularies a scheme is written in.

They name general concepts of Dutch complaint handling, never one organisation's
arrangement: a new organisation describes its own scheme with these words.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


def built_in(enum: type[E], value: str) -> E | str:
    """The built-in word ``value`` names, or ``value`` itself: a scheme's own word's id."""
    try:
        return enum(value)
    except ValueError:
        return value


class Register(StrEnum):
    """How a scheme addresses the complainant in Dutch: everything generated from it,
    pages and letters alike, follows it."""

    U = "u"  # formal: "uw klacht"
    JE = "je"  # informal: "je klacht"


class Regime(StrEnum):
    """The law (or contract) a procedure rests on; it decides terms and bodies."""

    WKKGZ = "wkkgz"
    JEUGDWET = "jeugdwet"
    WMO_2015 = "wmo_2015"
    CONTRACT = "contract"


class Role(StrEnum):
    """Staff roles that can handle a step, extend a term or be kept informed."""

    EMPLOYEE_CONCERNED = "employee_concerned"
    KEY_WORKER = "key_worker"
    SECOND_KEY_WORKER = "second_key_worker"
    CLIENT_CONFIDANT = "client_confidant"
    COORDINATOR = "coordinator"
    COMPLAINTS_OFFICER = "complaints_officer"
    QUALITY_COORDINATOR = "quality_coordinator"
    MANAGEMENT = "management"


class BodyKind(StrEnum):
    """Bodies outside the organisation's own staff."""

    COMPLAINTS_COMMITTEE = "complaints_committee"
    EXTERNAL_COMPLAINTS_SERVICE = "external_complaints_service"
    DISPUTES_BODY = "disputes_body"
    CLIENT_CONFIDANT = "client_confidant"
    INSPECTORATE = "inspectorate"
    MUNICIPALITY = "municipality"
    OMBUDSMAN = "ombudsman"
    COURT = "court"
    OTHER = "other"


class FilingFrom(StrEnum):
    """The day an outside body's filing window is counted from."""

    RECEIPT = "receipt"  # the complaint reached the organisation
    DECISION = "decision"  # the organisation's decision (or the closing of the complaint)


class Handling(StrEnum):
    INFORMAL = "informal"  # a talk; no legal term starts
    FORMAL = "formal"  # a formal (written) complaint; the scheme's formal terms run


class Relation(StrEnum):
    """How the complainant is related to the client."""

    CLIENT = "client"
    LEGAL_REPRESENTATIVE = "legal_representative"
    MENTOR = "mentor"
    AUTHORISED_REPRESENTATIVE = "authorised_representative"
    FAMILY_MEMBER = "family_member"
    SURVIVING_RELATIVE = "surviving_relative"
    PARENT = "parent"
    FOSTER_PARENT = "foster_parent"
    GUARDIAN = "guardian"
    CARER = "carer"
    OTHER_INVOLVED = "other_involved"


class Condition(StrEnum):
    """Conditions on who may complain."""

    REGISTERED_CONTACT = "registered_contact"  # registered as contact person in the client's file
    CLIENT_DECEASED = "client_deceased"


class Verdict(StrEnum):
    """The built-in judgements on a complaint (or one part of it)."""

    UPHELD = "upheld"  # gegrond
    PARTLY_UPHELD = "partly_upheld"  # deels gegrond
    NOT_UPHELD = "not_upheld"  # ongegrond
    NOT_ADMISSIBLE = "not_admissible"  # niet-ontvankelijk
    NOT_COMPETENT = "not_competent"  # onbevoegd: the body may not judge this complaint


class TermKind(StrEnum):
    """What must have happened by the end of a term."""

    ACKNOWLEDGEMENT = "acknowledgement"  # written confirmation of receipt
    FIRST_CONTACT = "first_contact"  # the handler has contacted the complainant
    DECISION = "decision"  # written decision or judgement, or a motivated decline
    RESPONSE = "response"  # the provider's response to a committee's judgement (Jeugdwet)
    REPORT = "report"  # an outside body reports back: a mediation's outcome, an officer's report


class TermStart(StrEnum):
    """The day a term is counted from (the day itself does not count)."""

    RECEIPT = "receipt"  # the complaint reached the organisation, in any form
    FORMAL_RECEIPT = "formal_receipt"  # the written (formal) complaint was received
    STEP_START = "step_start"  # the complaint reached this step
    JUDGEMENT = "judgement"  # a judgement or an outside body's ruling was given
    MEETING_HELD = "meeting_held"  # a meeting at this step was held (a report after a hearing)


class StepOutcome(StrEnum):
    """How a step ends."""

    RESOLVED = "resolved"  # solved to the complainant's satisfaction
    NOT_RESOLVED = "not_resolved"  # the complainant is not satisfied
    JUDGED = "judged"  # a judgement or decision was given


CLOSE = "close"  # a step outcome that closes the complaint


class DocumentKind(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    MEETING_INVITATION = "meeting_invitation"
    EXTENSION_NOTICE = "extension_notice"
    DECLINE_NOTICE = "decline_notice"
    REFERRAL = "referral"
    DECISION = "decision"
    JUDGEMENT = "judgement"
    PROCEDURE_REPORT = "procedure_report"  # the procedure followed, outcome, duration, satisfaction
    MEASURE_NOTICE = "measure_notice"  # a measure of the judgement was realised
    ANSWER = "answer"  # the provider's answer to an outside body's ruling


class DocumentContent(StrEnum):
    """What a document must say."""

    PROCEDURE = "procedure"  # how the procedure goes on
    REASONS = "reasons"  # the reasons (motivation)
    JUDGEMENT = "judgement"  # the judgement reached (Wkkgz art. 17(1)(a))
    DECISIONS = "decisions"  # the decisions taken (art. 17(1)(b))
    MEASURES_WITH_DATES = "measures_with_dates"  # when measures are realised (art. 17(1)(c))
    RECOMMENDATIONS = "recommendations"
    NEW_TERM = "new_term"  # the new end of the term
    NEXT_BODY = "next_body"  # where to go next, with contact details
    DURATION = "duration"  # how long the handling took
    SATISFACTION = "satisfaction"  # how satisfied the complainant is with the handling


class Party(StrEnum):
    """Who receives or signs a document."""

    COMPLAINANT = "complainant"
    EMPLOYEE_CONCERNED = "employee_concerned"
    COMPLAINTS_OFFICER = "complaints_officer"
    QUALITY_COORDINATOR = "quality_coordinator"
    MANAGEMENT = "management"
    COMMITTEE = "committee"


class SignatureMoment(StrEnum):
    ALWAYS = "always"
    WHEN_RESOLVED = "when_resolved"  # only when the outcome satisfies the complainant


class Event(StrEnum):
    """Moments someone may need to be told about."""

    CONCERN_RECORDED = "concern_recorded"
    FORMAL_COMPLAINT = "formal_complaint"
    STEP_CHANGED = "step_changed"
    TERM_EXTENDED = "term_extended"
    DECLINED = "declined"
    DECIDED = "decided"
    RESOLVED = "resolved"
    CLOSED = "closed"
    TERM_OVERDUE = "term_overdue"
    MEASURE_REALISED = "measure_realised"
    SATISFACTION_RECORDED = "satisfaction_recorded"  # the complainant answered, after closure
    MEASURE_OVERDUE = "measure_overdue"
    ANSWERED = "answered"  # the provider answered an outside body's ruling


class Sharing(StrEnum):
    NOTICE = "notice"  # told that it happened
    COPY = "copy"  # receives a copy of the complaint form or letter


class Channel(StrEnum):
    FORM = "form"
    EMAIL = "email"
    LETTER = "letter"
    PHONE = "phone"
    IN_PERSON = "in_person"


class LateAgainst(StrEnum):
    """Which end a report counts a late decision against."""

    TERM = "term"  # the term as extended or agreed (the default)
    BASE_TERM = "base_term"  # the term as first set, before any extension


class ReportCovers(StrEnum):
    """Which complaints a periodic report counts."""

    RECEIVED = "received"  # received in the period (the default)
    HANDLED = "handled"  # closed in the period (Nexxtep art. 8.3: "de afgehandelde klachten")


class ReportContent(StrEnum):
    """What a periodic report on complaints contains."""

    TOTAL = "total"
    LATE_WITH_EXPLANATION = "late_with_explanation"
    DECLINED_WITH_EXPLANATION = "declined_with_explanation"
    SATISFACTION = "satisfaction"
    CATEGORIES = "categories"
    OUTCOMES = "outcomes"
    MEASURES = "measures"
    RECOMMENDATIONS = "recommendations"
