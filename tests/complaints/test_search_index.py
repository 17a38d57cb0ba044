"""Search and the worklist's order are served by indexes, so their cost follows what
they find, not how many complaints the archive holds."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from klachtpad.complaints.models import Complaint
from klachtpad.complaints.selectors import WorklistFilter, text_search, worklist_of
from klachtpad.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _plan(query: str, params: Any, *, bitmaps: bool = False) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: ask for the index
            if bitmaps:  # ... and for the plan of a large one, which joins two indexes
                cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {query}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {query}", params)
        return "\n".join(str(row) for row in cursor.fetchall())


@pytest.mark.parametrize("text", ["0042", "maaltijden koud"])
def test_search_reads_an_index(text):
    found = text_search(Complaint.objects.all(), text)
    query, params = found.query.sql_with_params()

    plan = _plan(query, params)

    if connection.vendor == "postgresql":
        assert "complaint_search" in plan
        assert "complaint_reference_trigram" in plan
    else:
        assert "VIRTUAL TABLE INDEX" in plan, plan


def test_a_whole_reference_is_searched_within_the_organisation(seeded):
    """On PostgreSQL through the organisation's own prefix index, not the trigram index
    over every organisation (whose cost grows with the platform)."""
    organisation = Organisation.objects.get(slug="next")
    found = text_search(Complaint.objects.filter(organisation=organisation), " 2019-00042 ")
    query, params = found.query.sql_with_params()

    plan = _plan(query, params, bitmaps=True)

    if connection.vendor == "postgresql":
        assert "complaint_reference_prefix" in plan, plan
        assert "complaint_reference_trigram" not in plan, plan
    else:
        assert "VIRTUAL TABLE INDEX" in plan, plan


def test_the_worklist_order_is_an_index(seeded):
    organisation = Organisation.objects.get(slug="next")
    found = worklist_of(
        Complaint.objects.filter(organisation=organisation),
        user=AnonymousUser(),
        filters=WorklistFilter(),
    )[:50]
    query, params = found.query.sql_with_params()

    plan = _plan(query, params)

    assert "complaint_worklist" in plan
    assert "Sort" not in plan and "TEMP B-TREE" not in plan, plan
