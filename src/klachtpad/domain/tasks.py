"""What a scheme asks of a staff role on one complaint: the tasks that bring it to the file.

A scheme names roles for tasks besides handling a step: who is responsible for a term
(``responsible``), who may extend it (``extension.by``), who sends a document
(``sent_by``), and who receives a copy (``inform`` with ``gets: copy``, or a document's
``to``). Such a role must reach the file far enough to do that task, and no further
(need to know, NEN 7510 and AVG art. 5(1)(c)): it reads the file at the steps where the
task applies and takes only the workflow actions that carry the task out. perMens is
the example: its quality coordinator extends the six weeks, sends the committee's
acknowledgement and keeps a copy of every resolved complaint form, without handling
complaints otherwise.

A task of the whole procedure (its terms and documents) applies to formal complaints
at every step, since the procedure's terms run only for formal complaints; a task of a
step applies at that step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from klachtpad.domain.permissions import StaffRole, staff_roles_for
from klachtpad.domain.schemes.model import DocumentSpec, InformSpec, Procedure, TermSpec
from klachtpad.domain.schemes.vocabulary import DocumentKind, Party, Role, Sharing, TermKind
from klachtpad.domain.workflow import Action

# The action by which a document is sent, or by which a term is met.
DOCUMENT_ACTIONS: dict[DocumentKind, frozenset[Action]] = {
    DocumentKind.ACKNOWLEDGEMENT: frozenset({Action.ACKNOWLEDGE}),
    DocumentKind.MEETING_INVITATION: frozenset({Action.PLAN_MEETING}),
    DocumentKind.EXTENSION_NOTICE: frozenset({Action.EXTEND_TERM}),
    DocumentKind.DECLINE_NOTICE: frozenset({Action.DECLINE}),
    DocumentKind.REFERRAL: frozenset({Action.REFER}),
    DocumentKind.DECISION: frozenset({Action.RECORD_JUDGEMENT}),
    DocumentKind.JUDGEMENT: frozenset({Action.RECORD_JUDGEMENT}),
    DocumentKind.PROCEDURE_REPORT: frozenset({Action.CLOSE}),
    DocumentKind.MEASURE_NOTICE: frozenset({Action.REALISE_MEASURE}),
    DocumentKind.ANSWER: frozenset({Action.RECORD_ANSWER}),
}
TERM_ACTIONS: dict[TermKind, frozenset[Action]] = {
    TermKind.ACKNOWLEDGEMENT: frozenset({Action.ACKNOWLEDGE}),
    TermKind.FIRST_CONTACT: frozenset({Action.RECORD_CONTACT}),
    TermKind.DECISION: frozenset({Action.RECORD_JUDGEMENT, Action.DECLINE}),
    TermKind.RESPONSE: frozenset({Action.RECORD_ANSWER, Action.RECORD_REFERRAL_OUTCOME}),
    TermKind.REPORT: frozenset({Action.RECORD_REFERRAL_OUTCOME, Action.RECORD_JUDGEMENT}),
}
_PARTY_ROLES = {
    Party.COMPLAINTS_OFFICER: Role.COMPLAINTS_OFFICER,
    Party.QUALITY_COORDINATOR: Role.QUALITY_COORDINATOR,
    Party.MANAGEMENT: Role.MANAGEMENT,
}


@dataclass(frozen=True)
class Tasks:
    """What the scheme gives a person's roles on one complaint."""

    read: bool = False
    actions: frozenset[Action] = frozenset()

    def __or__(self, other: Tasks) -> Tasks:
        return Tasks(self.read or other.read, self.actions | other.actions)

    def __bool__(self) -> bool:
        return self.read or bool(self.actions)


def _holds(role: Role | None, roles: frozenset[StaffRole]) -> bool:
    return role is not None and staff_roles_for(role) in roles


def _term_tasks(kind: TermKind, spec: TermSpec, roles: frozenset[StaffRole]) -> Tasks:
    found = Tasks()
    if _holds(spec.responsible, roles):
        found |= Tasks(True, TERM_ACTIONS[kind])
    if spec.extension and any(_holds(role, roles) for role in spec.extension.by):
        found |= Tasks(True, frozenset({Action.EXTEND_TERM}))
    return found


def _document_tasks(document: DocumentSpec, roles: frozenset[StaffRole]) -> Tasks:
    found = Tasks()
    if _holds(document.sent_by, roles):
        # A letter of the scheme's own is written on its event; no action sends it.
        kind = document.kind
        found |= Tasks(
            True, DOCUMENT_ACTIONS[kind] if isinstance(kind, DocumentKind) else frozenset()
        )
    if any(_holds(_PARTY_ROLES.get(party), roles) for party in document.to):
        found |= Tasks(read=True)  # receives the letter, so reads what it answers
    return found


def _inform_tasks(inform: Iterable[InformSpec], roles: frozenset[StaffRole]) -> Tasks:
    # A notice is the notification itself; a copy of the form or letter is the file.
    copies = any(item.gets is Sharing.COPY and _holds(item.who, roles) for item in inform)
    return Tasks(read=copies)


def scheme_tasks(
    procedure: Procedure, step_id: str, *, formal: bool, roles: frozenset[StaffRole]
) -> Tasks:
    """The tasks ``procedure`` gives ``roles`` on a complaint at ``step_id``."""
    step = procedure.step(step_id)
    found = Tasks()
    meaning = procedure.vocabulary.term_meaning
    for kind, spec in step.terms.items():
        found |= _term_tasks(meaning(kind), spec, roles)
    for document in step.documents:
        found |= _document_tasks(document, roles)
    found |= _inform_tasks(step.inform, roles)
    if formal:
        for kind, spec in procedure.terms.items():
            found |= _term_tasks(meaning(kind), spec, roles)
        for document in procedure.documents:
            found |= _document_tasks(document, roles)
        found |= _inform_tasks(procedure.inform, roles)
    return found


@dataclass(frozen=True)
class EmployeePart:
    """What a scheme gives the employee a formal complaint is about.

    The complaint stays hidden from them (``domain.permissions``); this is the part they
    do see. Being informed of the complaint (``inform: employee_concerned``) comes with
    the chance to give their side and to tell the officer of contacts and solutions
    (hoor en wederhoor; Nexxtep art. 5.2, 7.2). A document ``to`` them is a letter they
    receive; a signature ``by`` them is theirs to give.
    """

    informed: bool = False
    letters: frozenset[DocumentKind | str] = frozenset()
    signs: bool = False

    def __bool__(self) -> bool:
        return self.informed or bool(self.letters) or self.signs


def employee_part(procedure: Procedure) -> EmployeePart:
    """The part ``procedure`` gives an employee concerned, anywhere in it."""
    concerned = Role.EMPLOYEE_CONCERNED
    informs = list(procedure.inform) + [item for step in procedure.steps for item in step.inform]
    documents = procedure.all_documents()
    letters = frozenset(doc.kind for doc in documents if Party.EMPLOYEE_CONCERNED in doc.to)
    signs = any(
        doc.signatures is not None and Party.EMPLOYEE_CONCERNED in doc.signatures.by
        for doc in documents
    )
    informed = any(item.who is concerned for item in informs) or bool(letters) or signs
    return EmployeePart(informed=informed, letters=letters, signs=signs)
