"""Complaints committees: their seats, their sessions, and the minutes.

A committee is a body of the scheme (``complaints_committee``). Its secretary records
who sits on it (``domain.committees`` checks the chair's independence where the law or
the scheme asks), plans a session with complaints on the agenda (each complainant gets
an invitation: the session is a meeting in their file) and records the minutes: who was
present, and per complaint what was heard, into that complaint's file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from django.db import transaction

from klachtpad.complaints.models import (
    CommitteeMember,
    CommitteeSession,
    Complaint,
    SessionItem,
)
from klachtpad.complaints.services.handling import (
    complaint_meeting_plan,
    complaint_meeting_record,
    open_referral,
)
from klachtpad.complaints.services.intake import require_filled
from klachtpad.complaints.services.transition import Actor, TransitionRefused
from klachtpad.domain.committees import (
    CommitteeRole,
    Seat,
    check_present,
    check_seat,
    composition_problems,
)
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.model import Body, Scheme
from klachtpad.domain.schemes.vocabulary import BodyKind, Regime
from klachtpad.organisations.models import Organisation
from klachtpad.organisations.selectors import current_scheme


def committees_of(scheme: Scheme) -> list[Body]:
    return [body for body in scheme.bodies if body.kind is BodyKind.COMPLAINTS_COMMITTEE]


def _committee(organisation: Organisation, body: str) -> tuple[Body, Regime]:
    """The committee ``body`` of the organisation's current scheme, and the regime of the
    procedure that uses it (the Jeugdwet's, where one does)."""
    scheme = current_scheme(organisation)
    found = next((b for b in committees_of(scheme) if b.id == body), None) if scheme else None
    if scheme is None or found is None:
        raise TransitionRefused(
            Message(
                gettext_noop("The scheme names no complaints committee %(body)s."), {"body": body}
            )
        )
    regimes = {
        procedure.regime
        for procedure in scheme.procedures
        if any(step.handler.body == body for step in procedure.steps)
        or any(outside.body == body for outside in procedure.outside_bodies)
    }
    return found, Regime.JEUGDWET if Regime.JEUGDWET in regimes else next(
        iter(regimes), Regime.WKKGZ
    )


def _seat(member: CommitteeMember) -> Seat:
    return Seat(CommitteeRole(member.role), member.works_for_provider)


def committee_members(organisation: Organisation, body: str) -> list[CommitteeMember]:
    return list(CommitteeMember.objects.filter(organisation=organisation, body=body, active=True))


def committee_member_add(
    organisation: Organisation,
    *,
    actor: Actor,
    body: str,
    name: str,
    role: CommitteeRole,
    works_for_provider: bool = False,
    expertise: str = "",
) -> CommitteeMember:
    committee, regime = _committee(organisation, body)
    require_filled(name=name)
    problem = check_seat(
        Seat(role, works_for_provider), regime=regime, independent_chair=committee.independent_chair
    )
    if problem is not None:
        raise TransitionRefused(problem)
    return CommitteeMember.objects.create(
        organisation=organisation,
        body=committee.id,
        name=name.strip(),
        role=role.value,
        works_for_provider=works_for_provider,
        expertise=expertise.strip(),
        added_by=actor.name,
    )


def committee_member_leave(member: CommitteeMember) -> None:
    member.active = False
    member.save(update_fields=["active"])


def committee_waiting(organisation: Organisation, body: str) -> list[Complaint]:
    """Complaints the committee has (an open referral to it), not yet on an agenda."""
    planned = SessionItem.objects.filter(
        session__organisation=organisation, session__body=body, session__held_on__isnull=True
    ).values("complaint")
    return list(
        Complaint.objects.filter(
            organisation=organisation, referrals__body=body, referrals__returned_on__isnull=True
        )
        .exclude(pk__in=planned)
        .distinct()
        .order_by("received_on", "id")
    )


@transaction.atomic
def committee_session_plan(
    organisation: Organisation,
    *,
    actor: Actor,
    body: str,
    planned_for: datetime,
    place: str,
    complaints: Iterable[Complaint],
) -> CommitteeSession:
    """Plan a session with ``complaints`` on its agenda; each complainant is invited."""
    committee, regime = _committee(organisation, body)
    members = committee_members(organisation, body)
    problems = composition_problems(
        [_seat(m) for m in members], regime=regime, independent_chair=committee.independent_chair
    )
    if problems:
        raise TransitionRefused(*problems)
    agenda = list(complaints)
    if not agenda:
        raise TransitionRefused(Message(gettext_noop("Put at least one complaint on the agenda.")))
    session = CommitteeSession.objects.create(
        organisation=organisation,
        body=committee.id,
        body_name=committee.name.nl,
        planned_for=planned_for,
        place=place.strip(),
        planned_by=actor.name,
    )
    participants = ", ".join(f"{m.name} ({m.get_role_display()})" for m in members)
    for complaint in agenda:
        referral = open_referral(complaint, committee.id)
        if complaint.organisation_id != organisation.pk or referral is None:
            raise TransitionRefused(
                Message(
                    gettext_noop("Complaint %(reference)s is not with %(body)s."),
                    {"reference": complaint.reference, "body": committee.name},
                )
            )
        planned = complaint_meeting_plan(
            complaint,
            actor=actor,
            planned_for=planned_for,
            place=place,
            participants=participants,
        )
        SessionItem.objects.create(
            session=session, complaint=planned, meeting=planned.meetings.latest("id")
        )
    return session


@transaction.atomic
def committee_session_minutes(
    session: CommitteeSession,
    *,
    actor: Actor,
    held_on: date,
    present: Iterable[CommitteeMember],
    minutes: str,
    heard: Mapping[int, str],
) -> CommitteeSession:
    """The session was held: who was present, the minutes, and per complaint on the
    agenda what was heard (``heard``: complaint id -> text), into its file."""
    if session.held_on is not None:
        raise TransitionRefused(Message(gettext_noop("The minutes of this session are recorded.")))
    there = [m for m in present if m.organisation_id == session.organisation_id]
    problem = check_present([_seat(m) for m in there])
    if problem is not None:
        raise TransitionRefused(problem)
    require_filled(session_minutes=minutes)
    names = ", ".join(f"{m.name} ({m.get_role_display()})" for m in there)
    for item in session.items.select_related("complaint", "meeting"):
        text = heard.get(item.complaint_id, "").strip()
        require_filled(meeting_summary=text)
        complaint_meeting_record(
            item.complaint,
            actor=actor,
            held_on=held_on,
            participants=f"{session.body_name}: {names}",
            summary=text,
            meeting=item.meeting,
        )
    session.held_on = held_on
    session.minutes = minutes.strip()
    session.save(update_fields=["held_on", "minutes"])
    session.present.set(there)
    return session
