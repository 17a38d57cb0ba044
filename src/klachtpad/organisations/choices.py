"""The words of the complaint file: states, closures, channels, relations, verdicts,
term kinds, actions and recipients, each a ``TextChoices`` backed by its domain enum,
with its label for the pages (English source, Dutch through gettext)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from klachtpad.domain.committees import CommitteeRole
from klachtpad.domain.schemes.model import LocalText
from klachtpad.domain.schemes.vocabulary import (
    Channel,
    Handling,
    Party,
    Relation,
    Role,
    StepOutcome,
    TermKind,
    Verdict,
)
from klachtpad.domain.workflow import Action, Closure, State


class StateChoices(models.TextChoices):
    OPEN = State.OPEN.value, _("being handled")
    REFERRED = State.REFERRED.value, _("with an outside body")
    DECIDED = State.DECIDED.value, _("judgement given")
    CLOSED = State.CLOSED.value, _("closed")


class ClosureChoices(models.TextChoices):
    RESOLVED = Closure.RESOLVED.value, _("resolved")
    JUDGED = Closure.JUDGED.value, _("judged")
    DECLINED = Closure.DECLINED.value, _("declined")
    WITHDRAWN = Closure.WITHDRAWN.value, _("withdrawn")


class HandlingChoices(models.TextChoices):
    INFORMAL = Handling.INFORMAL.value, _("informal concern")
    FORMAL = Handling.FORMAL.value, _("formal complaint")


class ChannelChoices(models.TextChoices):
    FORM = Channel.FORM.value, _("web form")
    EMAIL = Channel.EMAIL.value, _("e-mail")
    LETTER = Channel.LETTER.value, _("letter")
    PHONE = Channel.PHONE.value, _("phone")
    IN_PERSON = Channel.IN_PERSON.value, _("in person")


class RelationChoices(models.TextChoices):
    CLIENT = Relation.CLIENT.value, _("the client")
    LEGAL_REPRESENTATIVE = Relation.LEGAL_REPRESENTATIVE.value, _("legal representative")
    MENTOR = Relation.MENTOR.value, _("mentor")
    AUTHORISED_REPRESENTATIVE = Relation.AUTHORISED_REPRESENTATIVE.value, _("authorised person")
    FAMILY_MEMBER = Relation.FAMILY_MEMBER.value, _("family member")
    SURVIVING_RELATIVE = Relation.SURVIVING_RELATIVE.value, _("surviving relative")
    PARENT = Relation.PARENT.value, _("parent")
    FOSTER_PARENT = Relation.FOSTER_PARENT.value, _("foster parent")
    GUARDIAN = Relation.GUARDIAN.value, _("guardian")
    CARER = Relation.CARER.value, _("carer")
    OTHER_INVOLVED = Relation.OTHER_INVOLVED.value, _("someone else involved")


class SupportChoices(models.TextChoices):
    NONE = "", _("nobody")
    FAMILY_MEMBER = "family_member", _("family member")
    CLIENT_CONFIDANT = "client_confidant", _("client confidant")
    COMPLAINTS_OFFICER = "complaints_officer", _("complaints officer")
    OTHER = "other", _("someone else")


class VerdictChoices(models.TextChoices):
    UPHELD = Verdict.UPHELD.value, _("upheld")
    PARTLY_UPHELD = Verdict.PARTLY_UPHELD.value, _("partly upheld")
    NOT_UPHELD = Verdict.NOT_UPHELD.value, _("not upheld")
    NOT_ADMISSIBLE = Verdict.NOT_ADMISSIBLE.value, _("not admissible")
    NOT_COMPETENT = Verdict.NOT_COMPETENT.value, _("not competent")


class TermKindChoices(models.TextChoices):
    ACKNOWLEDGEMENT = TermKind.ACKNOWLEDGEMENT.value, _("confirmation of receipt")
    FIRST_CONTACT = TermKind.FIRST_CONTACT.value, _("first contact")
    DECISION = TermKind.DECISION.value, _("written decision")
    RESPONSE = TermKind.RESPONSE.value, _("response to the judgement")
    REPORT = TermKind.REPORT.value, _("report of the outside body")


class TermStatusChoices(models.TextChoices):
    RUNNING = "running", _("running")
    MET = "met", _("met")
    STOPPED = "stopped", _("stopped")


class OutcomeChoices(models.TextChoices):
    RESOLVED = StepOutcome.RESOLVED.value, _("resolved")
    NOT_RESOLVED = StepOutcome.NOT_RESOLVED.value, _("not resolved")
    JUDGED = StepOutcome.JUDGED.value, _("judgement given")


class ActionChoices(models.TextChoices):
    REGISTER = Action.REGISTER.value, _("registered")
    MAKE_FORMAL = Action.MAKE_FORMAL.value, _("made formal")
    AMEND = Action.AMEND.value, _("details changed")
    ACKNOWLEDGE = Action.ACKNOWLEDGE.value, _("receipt acknowledged")
    RECORD_CONTACT = Action.RECORD_CONTACT.value, _("contact recorded")
    PLAN_MEETING = Action.PLAN_MEETING.value, _("meeting planned")
    RECORD_MEETING = Action.RECORD_MEETING.value, _("meeting recorded")
    MOVE_STEP = Action.MOVE_STEP.value, _("moved to another step")
    REFER = Action.REFER.value, _("referred")
    RECORD_REFERRAL_OUTCOME = Action.RECORD_REFERRAL_OUTCOME.value, _("referral outcome")
    EXTEND_TERM = Action.EXTEND_TERM.value, _("term extended")
    AGREE_TERM = Action.AGREE_TERM.value, _("longer term agreed")
    DECLINE = Action.DECLINE.value, _("declined")
    RECORD_JUDGEMENT = Action.RECORD_JUDGEMENT.value, _("judgement recorded")
    RECORD_ANSWER = Action.RECORD_ANSWER.value, _("answer to a ruling recorded")
    SIGN = Action.SIGN.value, _("signed")
    CLOSE = Action.CLOSE.value, _("closed")
    REOPEN = Action.REOPEN.value, _("reopened")
    WITHDRAW = Action.WITHDRAW.value, _("withdrawn")
    RECORD_SATISFACTION = Action.RECORD_SATISFACTION.value, _("satisfaction recorded")
    ADD_NOTE = Action.ADD_NOTE.value, _("note added")
    ASSIGN = Action.ASSIGN.value, _("handler chosen")
    SHARE = Action.SHARE.value, _("shared")
    ADD_INFORMATION = Action.ADD_INFORMATION.value, _("information added by the complainant")
    REQUEST_MEETING = Action.REQUEST_MEETING.value, _("meeting asked for")
    LINK_EMPLOYEE = Action.LINK_EMPLOYEE.value, _("employee concerned linked")
    EMPLOYEE_STATEMENT = Action.EMPLOYEE_STATEMENT.value, _("employee concerned gave their side")
    REALISE_MEASURE = Action.REALISE_MEASURE.value, _("measure realised")
    RECORD_CONSENT = Action.RECORD_CONSENT.value, _("consent to contact someone recorded")
    CONTACT_OTHER = Action.CONTACT_OTHER.value, _("someone else involved contacted")


class RecipientChoices(models.TextChoices):
    """Parties to a complaint and staff roles: who receives, signs or is informed."""

    COMPLAINANT = Party.COMPLAINANT.value, _("the complainant")
    EMPLOYEE_CONCERNED = Role.EMPLOYEE_CONCERNED.value, _("the employee concerned")
    KEY_WORKER = Role.KEY_WORKER.value, _("key worker")
    SECOND_KEY_WORKER = Role.SECOND_KEY_WORKER.value, _("second key worker")
    CLIENT_CONFIDANT = Role.CLIENT_CONFIDANT.value, _("client confidant")
    COORDINATOR = Role.COORDINATOR.value, _("coordinator")
    COMPLAINTS_OFFICER = Role.COMPLAINTS_OFFICER.value, _("complaints officer")
    QUALITY_COORDINATOR = Role.QUALITY_COORDINATOR.value, _("quality coordinator")
    MANAGEMENT = Role.MANAGEMENT.value, _("management")
    COMMITTEE = Party.COMMITTEE.value, _("complaints committee")


class StatementKindChoices(models.TextChoices):
    SIDE = "side", _("my side of what happened")
    CONTACT = "contact", _("contact with the complainant")
    SOLUTION = "solution", _("a solution found or proposed")


class ConsentHowChoices(models.TextChoices):
    ORAL = "oral", _("orally")
    WRITTEN = "written", _("in writing")


class CommitteeRoleChoices(models.TextChoices):
    CHAIR = CommitteeRole.CHAIR.value, _("chair")
    MEMBER = CommitteeRole.MEMBER.value, _("member")
    SECRETARY = CommitteeRole.SECRETARY.value, _("secretary")


class ShareScopeChoices(models.TextChoices):
    FILE = "file", _("the whole file, to read")
    SUMMARY = "summary", _("only the summary written here")


def word_label(
    choices: type[models.TextChoices], value: str, own: Callable[[], LocalText | None]
) -> str:
    """A stored word in the reader's language: a built-in one by its label, else the
    scheme's own (``own`` looks it up only when needed)."""
    if value in choices.values:
        return str(choices(value).label)
    text = own()
    return text.get(get_language() or "nl") if text else value.replace("_", " ")
