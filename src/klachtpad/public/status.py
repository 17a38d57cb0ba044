"""The complainant's status page in plain words: where the complaint is, what comes next
and by when, the letters so far, whom to contact, and what they can do now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klachtpad.complaints.models import ClosureChoices, Complaint, TermStatusChoices
from klachtpad.complaints.services.judgements import judgement_latest
from klachtpad.complaints.services.outcome import satisfaction_askable
from klachtpad.domain.schemes.model import ContactPoint
from klachtpad.domain.schemes.model import Procedure as ProcedureSpec
from klachtpad.domain.schemes.vocabulary import Handling as HandlingKind
from klachtpad.domain.schemes.vocabulary import TermKind
from klachtpad.domain.workflow import Action, State, check_action, check_own_withdrawal
from klachtpad.letters.models import Letter
from klachtpad.letters.selectors import letters_to_complainant
from klachtpad.organisations.presenters import ContactBlock, outside_block, step_handler
from klachtpad.organisations.wording import verdict_phrase


@dataclass(frozen=True)
class MeasureLine:
    description: str
    due_on: date
    realised_on: date | None


@dataclass(frozen=True)
class AnswerView:
    """The latest judgement, in plain words: whose, what it means, why, what is done."""

    by: str
    given_on: date
    meaning: str
    reasons: str
    decisions: str
    measures: list[MeasureLine]


@dataclass
class StatusView:
    complaint: Complaint
    now: str
    step_name: str
    handler: str
    next: list[str]
    letters: list[Letter]
    contacts: list[ContactPoint]
    outside: list[ContactBlock] = field(default_factory=list)
    answer: AnswerView | None = None
    may_add: bool = False
    may_withdraw: bool = False
    may_answer_satisfaction: bool = False


def _day(value: date) -> str:
    return date_format(value, "l j F Y")


def _now(complaint: Complaint) -> str:
    state = State(complaint.state)
    if state is State.CLOSED:
        if complaint.closure == ClosureChoices.WITHDRAWN:
            return _("You stopped your complaint. We do nothing more with it.")
        if complaint.closure == ClosureChoices.DECLINED:
            return _("We do not handle your complaint. The letter about it explains why.")
        return _("Your complaint is finished. We have closed it.")
    if state is State.DECIDED:
        return _("We have given our answer to your complaint.")
    if state is State.REFERRED:
        return _("Your complaint is now with another body. They will contact you.")
    return _("We are working on your complaint.")


def _next(complaint: Complaint) -> list[str]:
    words = {
        TermKind.ACKNOWLEDGEMENT: _("You get a letter that we received your complaint by %(day)s."),
        TermKind.FIRST_CONTACT: _("We contact you by %(day)s."),
        TermKind.DECISION: _("You get our written answer by %(day)s."),
        TermKind.RESPONSE: _("We tell you by %(day)s what we do with the judgement."),
        TermKind.REPORT: _("The outside body tells you by %(day)s how your complaint is going."),
    }
    lines = [
        words[TermKind(term.kind)] % {"day": _day(term.end_on)}
        if term.kind in words
        else _("By %(day)s: %(what)s.") % {"day": _day(term.end_on), "what": term.kind_label()}
        for term in complaint.terms.filter(status=TermStatusChoices.RUNNING).order_by("end_on")
    ]
    if complaint.acknowledged_on:
        lines.insert(
            0,
            _("We confirmed on %(day)s that we received your complaint.")
            % {"day": _day(complaint.acknowledged_on)},
        )
    if complaint.terms.filter(status=TermStatusChoices.RUNNING, extensions__isnull=False).exists():
        lines.append(_("We needed more time. We told you why in a letter."))
    return lines


def _answer(complaint: Complaint, spec: ProcedureSpec) -> AnswerView | None:
    judgement = judgement_latest(complaint)
    if judgement is None:
        return None
    return AnswerView(
        by=judgement.body_name or judgement.given_by,
        given_on=judgement.given_on,
        meaning=verdict_phrase(spec, judgement.verdict),
        reasons=judgement.reasons,
        decisions=judgement.decisions,
        measures=[
            MeasureLine(m.description, m.due_on, m.realised_on) for m in judgement.measures.all()
        ],
    )


def status_for(complaint: Complaint, language: str) -> StatusView:
    scheme = complaint.procedure.scheme_version.scheme()
    spec = scheme.procedure(complaint.procedure.key)
    step = spec.step(complaint.step)
    handler, contacts = step_handler(scheme, step, language)
    state, handling = State(complaint.state), HandlingKind(complaint.handling)

    def allowed(action: Action) -> bool:
        return check_action(action, state=state, handling=handling) is None

    letters = list(letters_to_complainant(complaint))
    return StatusView(
        complaint=complaint,
        now=_now(complaint),
        step_name=step.name.get(language),
        handler=handler,
        next=_next(complaint) if state in (State.OPEN, State.REFERRED) else [],
        letters=letters,
        contacts=contacts or list(scheme.organisation.contact),
        outside=[outside_block(scheme, item, language) for item in spec.outside_bodies]
        if state in (State.DECIDED, State.CLOSED)
        else [],
        answer=_answer(complaint, spec),
        may_add=allowed(Action.ADD_INFORMATION),
        may_withdraw=allowed(Action.WITHDRAW) and check_own_withdrawal(state) is None,
        may_answer_satisfaction=satisfaction_askable(complaint),
    )
