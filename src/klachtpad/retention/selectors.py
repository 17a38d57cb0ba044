"""Which files are due to go, and what keeps them: the organisation's terms, the holds
the law and the officers set, and everything kept about one person."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from klachtpad.complaints.models import (
    Client,
    ClientContact,
    Complaint,
    EmployeeConcerned,
    OtherInvolved,
    Referral,
    StateChoices,
)
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.retention import (
    FileDates,
    Hold,
    HoldKind,
    Rule,
    dispute_hold,
    purge_due_on,
    rule_for,
    window_hold,
)
from klachtpad.inbox.models import InboxItem
from klachtpad.organisations.models import Organisation, Procedure
from klachtpad.organisations.selectors import scheme_texts
from klachtpad.retention.models import (
    RequestStatusChoices,
    RetentionHold,
    RetentionRule,
    SubjectRequest,
)

# How far ahead the officers' list looks: files that go within this time are shown.
LOOK_AHEAD = timedelta(days=90)


def rules_of(organisation: Organisation) -> list[RetentionRule]:
    return list(RetentionRule.objects.filter(organisation=organisation))


def rule_of(row: RetentionRule) -> Rule:
    return Rule(row.procedure, row.handling, row.years)


@dataclass
class Standing:
    """A closed file, its term and what holds it."""

    complaint: Complaint
    rule: RetentionRule
    due_on: date
    holds: list[Hold] = field(default_factory=list)
    manual: RetentionHold | None = None

    @property
    def held(self) -> bool:
        return bool(self.holds)


def _law_holds(complaints: list[Complaint], today: date) -> dict[int, list[Hold]]:
    """The holds that follow from the file itself: a referral without a ruling, and an
    outside body's filing window still open."""
    pending: dict[int, list[str]] = defaultdict(list)
    for complaint_id, body_name in Referral.objects.filter(
        complaint__in=complaints, outcome=""
    ).values_list("complaint_id", "body_name"):
        pending[complaint_id].append(body_name)
    found: dict[int, list[Hold]] = {}
    schemes: dict[int, Procedure] = {}
    for complaint in complaints:
        holds = [hold for hold in [dispute_hold(pending[complaint.pk])] if hold]
        procedure = schemes.setdefault(complaint.procedure_id, complaint.procedure)
        scheme = procedure.spec_scheme()
        bodies = [scheme.body(outside.body) for outside in procedure.spec().outside_bodies]
        dates = FileDates(complaint.received_on, complaint.decided_on, complaint.closed_on)  # type: ignore[arg-type]
        window = window_hold(bodies, dates, today)
        if window:
            holds.append(window)
        found[complaint.pk] = holds
    return found


def _manual_hold(hold: RetentionHold) -> Hold:
    return Hold(
        HoldKind.MANUAL,
        None,
        Message(
            gettext_noop("Held by %(who)s: %(reason)s"), {"who": hold.set_by, "reason": hold.reason}
        ),
    )


def holds_of(complaints: list[Complaint], today: date) -> dict[int, list[Hold]]:
    """What keeps each of ``complaints``: the law's holds and an officer's."""
    holds = _law_holds(complaints, today)
    for hold in RetentionHold.objects.filter(complaint__in=complaints, released_at__isnull=True):
        holds[hold.complaint_id].append(_manual_hold(hold))
    return holds


def standings(
    organisation: Organisation, today: date, *, ahead: timedelta = LOOK_AHEAD
) -> list[Standing]:
    """The closed files of ``organisation`` whose term ends by ``today + ahead``, the
    soonest first, each with its holds. A file without a term (no rule matches) is kept."""
    rows = rules_of(organisation)
    if not rows:
        return []
    shortest = min(row.years for row in rows)
    complaints = (
        Complaint.objects.filter(
            organisation=organisation,
            state=StateChoices.CLOSED,
            purged_on__isnull=True,
            closed_on__lte=purge_due_on(today + ahead, -shortest),
        )
        .select_related("procedure__scheme_version")
        .defer(*scheme_texts("procedure__scheme_version"))
    )
    rules = {(row.procedure, row.handling): row for row in rows}
    terms = [rule_of(row) for row in rows]
    found = []
    for complaint in complaints:
        rule = rule_for(terms, complaint.procedure.key, complaint.handling)
        if rule is None or complaint.closed_on is None:
            continue
        due_on = purge_due_on(complaint.closed_on, rule.years)
        if due_on <= today + ahead:
            found.append(Standing(complaint, rules[(rule.procedure, rule.handling)], due_on))
    holds = holds_of([standing.complaint for standing in found], today)
    manual = {
        hold.complaint_id: hold
        for hold in RetentionHold.objects.filter(
            complaint__in=[standing.complaint for standing in found], released_at__isnull=True
        )
    }
    for standing in found:
        standing.holds = holds[standing.complaint.pk]
        standing.manual = manual.get(standing.complaint.pk)
    return sorted(found, key=lambda standing: (standing.due_on, standing.complaint.pk))


def due_now(organisation: Organisation, today: date) -> list[Standing]:
    """The files the purge removes today: past their term and not held."""
    return [
        standing
        for standing in standings(organisation, today, ahead=timedelta(0))
        if not standing.held
    ]


@dataclass
class Found:
    """Everything kept about one person in one organisation."""

    clients: list[Client]
    contacts: list[ClientContact]
    complaints: list[Complaint]  # as complainant, client or contact
    employees: list[EmployeeConcerned]
    others: list[OtherInvolved]
    # Mail from the person's address that is in no file (what a file holds goes with it).
    mails: list[InboxItem] = field(default_factory=list)

    @property
    def files(self) -> list[Complaint]:
        """Every file the person appears in, once, the oldest first."""
        seen = {complaint.pk: complaint for complaint in self.complaints}
        rows: list[EmployeeConcerned | OtherInvolved] = [*self.employees, *self.others]
        for row in rows:
            seen.setdefault(row.complaint.pk, row.complaint)
        return sorted(seen.values(), key=lambda complaint: (complaint.received_on, complaint.pk))

    @property
    def empty(self) -> bool:
        return not (self.clients or self.contacts or self.files or self.mails)


def _words(value: str) -> str:
    return " ".join(value.split())


def person_find(
    organisation: Organisation,
    *,
    name: str,
    email: str = "",
    phone: str = "",
    client_number: str = "",
) -> Found:
    """Where a person appears: as client (by number or name), as contact person, as
    complainant (by name, e-mail or phone), as employee concerned or as someone else
    involved. A name is matched whole, in any case; files whose data were removed are
    not searched (nothing about the person is left in them)."""
    name, email, phone = _words(name), email.strip(), _words(phone)
    clients_q = Q(name__iexact=name) if name else Q(pk__in=[])
    if client_number.strip():
        clients_q |= Q(client_number=client_number.strip())
    clients = list(Client.objects.filter(clients_q, organisation=organisation))
    contacts_q = Q(name__iexact=name) if name else Q(pk__in=[])
    if email:
        contacts_q |= Q(email__iexact=email)
    if phone:
        contacts_q |= Q(phone=phone)
    contacts = list(ClientContact.objects.filter(contacts_q, client__organisation=organisation))
    complaints_q = Q(client__in=clients) | Q(complainant_contact__in=contacts)
    if name:
        complaints_q |= Q(complainant_name__iexact=name) | Q(client_name__iexact=name)
        complaints_q |= Q(support_name__iexact=name)
    if email:
        complaints_q |= Q(complainant_email__iexact=email)
    if phone:
        complaints_q |= Q(complainant_phone=phone)
    files: QuerySet[Complaint] = Complaint.objects.filter(
        organisation=organisation, purged_on__isnull=True
    )
    complaints = list(files.filter(complaints_q).distinct().order_by("received_on", "id"))
    employees = list(
        EmployeeConcerned.objects.filter(
            complaint__in=files, name__iexact=name or "\x00"
        ).select_related("complaint")
    )
    others = list(
        OtherInvolved.objects.filter(
            complaint__in=files, name__iexact=name or "\x00"
        ).select_related("complaint")
    )
    mails = (
        list(
            InboxItem.objects.filter(
                organisation=organisation, complaint__isnull=True, from_address__iexact=email
            ).order_by("received_at", "id")
        )
        if email
        else []
    )
    return Found(clients, contacts, complaints, employees, others, mails)


def requests_open(organisation: Organisation) -> QuerySet[SubjectRequest]:
    """The organisation's unanswered requests about personal data, the first due first."""
    return SubjectRequest.objects.filter(
        organisation=organisation, status=RequestStatusChoices.OPEN
    ).order_by("due_on", "id")
