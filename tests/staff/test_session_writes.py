"""A run of staff pages does not write the session each time."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_pages_in_a_row_leave_the_session_row_alone(sign_in, officer, next_org):
    client = sign_in(officer)
    worklist = f"/staff/{next_org.slug}/complaints/"
    client.get(worklist)
    with CaptureQueriesContext(connection) as queries:
        client.get(worklist)
    table = Session._meta.db_table
    writes = [q["sql"] for q in queries if table in q["sql"] and q["sql"].startswith("UPDATE")]
    assert writes == []
