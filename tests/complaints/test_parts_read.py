"""A complaint file's parts are read once each, and a part the file lacks not at all."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klachtpad.complaints import services
from klachtpad.complaints.models import Complaint
from klachtpad.complaints.selectors import parts_read
from klachtpad.organisations.models import Organisation
from tests.complaints.factories import ComplaintFactory, UserFactory, staff

pytestmark = pytest.mark.django_db

PARTS = ("terms", "terms__extensions", "attachments", "others", "categories", "improvements")


def test_the_parts_a_file_has_are_read_and_the_others_cost_nothing(seeded):
    complaint = ComplaintFactory.create(
        procedure=Organisation.objects.get(slug="next").procedures.first(), acknowledged=True
    )
    upload = SimpleUploadedFile("brief.txt", b"Wat er gebeurde.", "text/plain")
    complaint = services.complaint_attachment_add(complaint, actor=staff(), upload=upload)
    complaint = Complaint.objects.get(pk=complaint.pk)
    with CaptureQueriesContext(connection) as reading:
        present = parts_read(complaint, PARTS, asked=("letters", "inbox_items"))
    assert present == {"terms", "attachments", "letters"}
    assert len(reading) == 3, "one query asks which parts there are, one reads each of two"
    with CaptureQueriesContext(connection) as using:
        names = [attachment.name for attachment in complaint.attachments.all()]
        kinds = {term.kind for term in complaint.terms.all()}
        extensions = [e for term in complaint.terms.all() for e in term.extensions.all()]
        nothing = [*complaint.others.all(), *complaint.categories.all()]
        nothing += [*complaint.improvements.all(), *complaint.others.filter(name="x")]
    assert len(using) == 0
    assert names == ["brief.txt"]
    assert "decision" in kinds
    assert extensions == nothing == []


def test_a_part_reached_by_a_key_of_its_own_counts_only_where_the_key_is_filled(seeded):
    """An employee concerned not linked to an account has no account to read; once
    linked, the account is read (the key's reverse is hidden, so it is asked from the
    employee's side)."""
    next_org = Organisation.objects.get(slug="next")
    complaint = ComplaintFactory.create(procedure=next_org.procedures.first())
    complaint = services.complaint_amend(
        complaint,
        actor=services.Actor(name="Klager"),
        changes={},
        add_employees=[services.Employee("Sanne de Wit", "begeleider")],
    )
    parts = ("employees", "employees__user")
    assert parts_read(Complaint.objects.get(pk=complaint.pk), parts) == {"employees"}
    sanne = UserFactory.create(username="sanne", first_name="Sanne")
    complaint.employees.update(user=sanne)
    linked = Complaint.objects.get(pk=complaint.pk)
    assert parts_read(linked, parts) == {"employees", "employees__user"}
    with CaptureQueriesContext(connection) as using:
        users = [employee.user for employee in linked.employees.all()]
    assert users == [sanne] and len(using) == 0
