"""Roles the scheme names for a task reach the file for that task, from the pages.

perMens: "the quality coordinator may extend once by 4 weeks", sends the committee's
acknowledgement and receives a copy of the form of a resolved complaint.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from klachtpad.complaints import services
from klachtpad.complaints.models import Complaint
from klachtpad.organisations.models import Organisation
from tests.complaints.factories import ComplaintFactory
from tests.staff.conftest import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def permens(seeded):
    return Organisation.objects.get(slug="permens")


def page(complaint: Complaint) -> str:
    return f"/staff/permens/complaints/{complaint.reference}/"


def test_the_quality_coordinator_extends_and_acknowledges_at_the_committee(sign_in, permens):
    complaint = ComplaintFactory.create(procedure=permens.procedures.get(), step="committee")
    coordinator = member(permens, "quality_coordinator", "kwaliteit")
    client = sign_in(coordinator)
    html = client.get(page(complaint)).content.decode()
    assert 'id="action-extend"' in html
    assert 'id="action-acknowledge"' in html
    # Only the task's actions: no judgement, no closing, no handler choice, no note.
    for other in ("judgement", "close", "decline", "assign", "share", "note"):
        assert f'id="action-{other}"' not in html, other
    term = complaint.terms.get(kind="decision")
    new_end = term.end_on + timedelta(weeks=4)
    answer = client.post(
        f"{page(complaint)}do/extend/",
        {
            "extend-kind": "decision",
            "extend-new_end": new_end.isoformat(),
            "extend-notified_on": timezone.localdate().isoformat(),
            "extend-reason": "De commissie vergadert pas over vijf weken.",
            "version": str(complaint.version),
        },
    )
    assert answer.status_code == 302
    term.refresh_from_db()
    assert term.end_on == new_end
    assert "vergadert pas" in client.get(page(complaint)).content.decode()


def test_the_officer_may_handle_but_is_not_offered_the_extension(sign_in, permens):
    complaint = ComplaintFactory.create(procedure=permens.procedures.get(), step="committee")
    officer = member(permens, "complaints_officer", "klachten")
    html = sign_in(officer).get(page(complaint)).content.decode()
    assert 'id="action-judgement"' in html
    assert 'id="action-extend"' not in html


def test_the_quality_coordinator_as_handler_opens_the_file(sign_in, permens):
    coordinator = member(permens, "quality_coordinator", "kwaliteit")
    complaint = ComplaintFactory.create(procedure=permens.procedures.get(), step="committee")
    officer = services.Actor.staff(member(permens, "complaints_officer", "klachten"))
    services.complaint_assign(complaint, actor=officer, handler=coordinator)
    answer = sign_in(coordinator).get(page(complaint))
    assert answer.status_code == 200
    assert 'id="action-judgement"' in answer.content.decode()  # the handler handles


def test_a_task_opens_nothing_elsewhere(sign_in, seeded):
    next_org = Organisation.objects.get(slug="next")
    complaint = ComplaintFactory.create(procedure=next_org.procedures.get())
    coordinator = member(next_org, "quality_coordinator", "kwaliteit-next")
    assert (
        sign_in(coordinator).get(f"/staff/next/complaints/{complaint.reference}/").status_code
        == 404
    )
