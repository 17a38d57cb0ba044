"""References are gapless per organisation and year, and the next one costs the same
however many complaints the organisation already has."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from klachtpad.complaints.models import ReferenceCounter
from klachtpad.organisations.models import Organisation
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def test_references_follow_each_other_without_counting_the_archive(seeded):
    next_org = Organisation.objects.get(slug="next")
    procedure = next_org.procedures.first()
    year = timezone.localdate().year
    first = ComplaintFactory.create(procedure=procedure)
    with CaptureQueriesContext(connection) as queries:
        second = ComplaintFactory.create(procedure=procedure)

    assert (first.reference, second.reference) == (f"{year}-0001", f"{year}-0002")
    scans = [q["sql"] for q in queries if "complaints_complaint" in q["sql"] and "LIKE" in q["sql"]]
    assert scans == []  # no look over the organisation's complaints


def test_a_counter_made_later_counts_what_came_before_once(seeded):
    procedure = Organisation.objects.get(slug="next").procedures.first()
    year = timezone.localdate().year
    ComplaintFactory.create(procedure=procedure)
    ComplaintFactory.create(procedure=procedure)
    ReferenceCounter.objects.all().delete()  # as after an upgrade: complaints, no counter

    third = ComplaintFactory.create(procedure=procedure)

    assert third.reference == f"{year}-0003"
    assert ReferenceCounter.objects.get(year=year).last == 3


def test_intake_costs_the_same_in_a_full_archive_as_in_an_empty_one(seeded):
    """Registering a complaint makes the same queries whether the organisation already
    holds one complaint or thirty (no count, no scan of what came before)."""
    procedure = Organisation.objects.get(slug="next").procedures.first()
    ComplaintFactory.create(procedure=procedure)

    def intake_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            ComplaintFactory.create(procedure=procedure)
        return len(captured)

    few = intake_queries()
    ComplaintFactory.create_batch(28, procedure=procedure)
    assert intake_queries() <= few
