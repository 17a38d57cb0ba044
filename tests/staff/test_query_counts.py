"""The number of database queries a page makes does not grow with the complaints it
shows (no query per row)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    ["/staff/next/complaints/", "/staff/next/complaints/?state=open"],
)
def test_the_worklist_costs_the_same_for_three_complaints_or_thirty(
    sign_in, officer, next_org, url
):
    client = sign_in(officer)
    procedure = next_org.procedures.first()
    ComplaintFactory.create_batch(3, procedure=procedure, acknowledged=True)
    _queries(client, url)  # the first request signs the session in and fills the caches
    few = _queries(client, url)
    ComplaintFactory.create_batch(27, procedure=procedure, acknowledged=True)
    many = _queries(client, url)
    assert many <= few, f"{few} queries for 3 complaints, {many} for 30"
    assert many <= 17, f"{many} queries for a page of the worklist"


def test_a_complaint_file_costs_the_same_with_many_terms_and_letters(sign_in, officer, next_org):
    from klachtpad.complaints import services

    client = sign_in(officer)
    procedure = next_org.procedures.first()
    complaint = ComplaintFactory.create(procedure=procedure)
    page = f"/staff/next/complaints/{complaint.reference}/"
    _queries(client, page)  # the first request signs the session in and fills the caches
    few = _queries(client, page)
    actor = services.Actor.staff(officer)
    for number in range(5):
        complaint = services.complaint_note_add(complaint, actor=actor, note=f"Notitie {number}")
    many = _queries(client, page)
    assert many <= few + 2, f"{few} queries before, {many} after five more history lines"


def test_a_complaint_file_reads_each_part_it_has_once_and_those_it_lacks_not_at_all(
    sign_in, officer, next_org
):
    """The page reads terms, extensions, attachments and the rest once for itself, its
    forms and its warnings (no query per extension, none per form), and asks in one
    query which parts the file has: a part it lacks costs no query."""
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from klachtpad.complaints import services

    client = sign_in(officer)
    actor = services.Actor.staff(officer)
    complaint = ComplaintFactory.create(procedure=next_org.procedures.first(), acknowledged=True)
    page = f"/staff/next/complaints/{complaint.reference}/"
    _queries(client, page)  # the first request signs the session in and fills the caches
    bare = _queries(client, page)
    term = complaint.terms.get(kind="decision")
    complaint = services.complaint_term_extend(
        complaint,
        actor=actor,
        new_end=term.end_on + timedelta(weeks=2),
        notified_on=timezone.localdate(),
        reason="Verlof.",
    )
    extended = _queries(client, page)
    assert extended == bare + 1, f"{bare} queries before the extension, {extended} after"
    for name in ("verslag.txt", "brief.txt", "foto.txt"):
        upload = SimpleUploadedFile(name, b"Wat er gebeurde.", "text/plain")
        complaint = services.complaint_attachment_add(complaint, actor=actor, upload=upload)
    attached = _queries(client, page)
    assert attached == extended + 1, f"{extended} queries, {attached} with three attachments"
    assert attached <= 20, f"{attached} queries for one complaint file"
