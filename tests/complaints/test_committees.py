"""A complaints committee as the Jeugdwet asks for it: at least three members with an
independent chair; sessions with the complaints on the agenda, the complainants
invited, and the minutes in each file."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from klachtpad.complaints import services
from klachtpad.complaints.models import CommitteeMember, Meeting
from klachtpad.complaints.services.committees import (
    committee_member_add,
    committee_session_minutes,
    committee_session_plan,
    committee_waiting,
)
from klachtpad.domain.committees import CommitteeRole
from klachtpad.letters.models import Letter
from tests.reports.build import Builder
from tests.schemes.test_providers import load

pytestmark = pytest.mark.django_db


def test_jbrr_committee_seats_session_and_minutes(travel):
    procedure = load("jbrr", "youth_protection")
    organisation = procedure.organisation
    build = Builder(procedure, travel)
    complaint = build.complaint("2026-03-02", step="committee")

    def seat(name: str, role: CommitteeRole, works: bool = False) -> CommitteeMember:
        return committee_member_add(
            organisation,
            actor=build.actor,
            body="committee",
            name=name,
            role=role,
            works_for_provider=works,
        )

    with pytest.raises(services.TransitionRefused, match="chair may not work for"):
        seat("J. Intern", CommitteeRole.CHAIR, works=True)
    chair = seat("mr. A. de Wit", CommitteeRole.CHAIR)
    when = datetime(2026, 3, 20, 14, 0, tzinfo=timezone.get_current_timezone())
    with pytest.raises(services.TransitionRefused, match="at least 3 members"):
        committee_session_plan(
            organisation,
            actor=build.actor,
            body="committee",
            planned_for=when,
            place="Rotterdam",
            complaints=[complaint],
        )
    member = seat("drs. B. Kaya", CommitteeRole.MEMBER, works=True)  # a member may work there
    seat("C. Vos", CommitteeRole.MEMBER)
    assert committee_waiting(organisation, "committee") == [complaint]

    build.on("2026-03-09")
    session = committee_session_plan(
        organisation,
        actor=build.actor,
        body="committee",
        planned_for=when,
        place="Kantoor JBRR, Rotterdam",
        complaints=[complaint],
    )
    assert committee_waiting(organisation, "committee") == []
    invitation = Letter.objects.get(complaint=complaint, kind="meeting_invitation")
    assert "Kantoor JBRR, Rotterdam" in invitation.text

    build.on("2026-03-20")
    with pytest.raises(services.TransitionRefused, match="chair as present"):
        committee_session_minutes(
            session,
            actor=build.actor,
            held_on=date(2026, 3, 20),
            present=[member],
            minutes="Eén klacht behandeld.",
            heard={complaint.pk: "Beide partijen gehoord."},
        )
    committee_session_minutes(
        session,
        actor=build.actor,
        held_on=date(2026, 3, 20),
        present=[chair, member],
        minutes="Eén klacht behandeld; uitspraak volgt schriftelijk.",
        heard={complaint.pk: "Ouders en jeugdbeschermer gehoord."},
    )
    meeting = Meeting.objects.get(complaint=complaint)
    assert meeting.held_on == date(2026, 3, 20)
    assert meeting.summary == "Ouders en jeugdbeschermer gehoord."
    assert "mr. A. de Wit (voorzitter)" in meeting.participants
    with pytest.raises(services.TransitionRefused, match="are recorded"):
        committee_session_minutes(
            session,
            actor=build.actor,
            held_on=date(2026, 3, 20),
            present=[chair],
            minutes="Nog eens.",
            heard={},
        )
