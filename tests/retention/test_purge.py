"""The purge: a file past its term loses every personal datum, everywhere, while the
report over its period gives the same figures and the access log still verifies."""

from __future__ import annotations

import itertools
import os
import secrets
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone

from klachtpad.audit.models import AccessLogEntry
from klachtpad.audit.services import access_log_verify
from klachtpad.complaints import services
from klachtpad.complaints.models import (
    Attachment,
    Client,
    ClientContact,
    Complaint,
    EmployeeConcerned,
    HistoryEntry,
    Judgement,
    Share,
    Signature,
)
from klachtpad.domain.reporting import Period
from klachtpad.domain.schemes.vocabulary import Channel, Handling, Relation, Verdict
from klachtpad.inbox.models import InboxItem, Mailbox
from klachtpad.letters.models import Letter, LetterPdf
from klachtpad.notifications.models import MailDelivery
from klachtpad.organisations.models import Membership, Organisation, Procedure
from klachtpad.public.models import StatusLink, Submission
from klachtpad.reports.figures import figures_for
from klachtpad.retention.models import Purge
from klachtpad.retention.services import PERSONAL_FIELDS, purge_run, retention_rule_set
from tests.complaints.factories import UserFactory
from tests.tasks import run_tasks

_counter = itertools.count(1)

# Text fields kept on purpose: what reports count and what is no one's personal data.
KEPT = {
    "reference",
    "step",
    "body",
    "body_name",
    "location",
    "care_type",
    "member",
    "sha256",
    "rule",
    "content_type",
    "language",
}


_RUN = secrets.token_hex(3).upper()


def canary() -> str:
    return f"KANARIE{_RUN}{next(_counter):04d}X"


@pytest.fixture
def stores(settings, tmp_path, monkeypatch):
    """Attachments, letters and mail files in a data directory of the test's own (the
    file fields took their storage when the models were loaded)."""
    data = tmp_path / "data"
    for name, model in (("attachments", Attachment), ("letters", LetterPdf)):
        settings.STORAGES = {
            **settings.STORAGES,
            name: {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(data / name), "base_url": None},
            },
        }
        monkeypatch.setattr(model._meta.get_field("file"), "storage", storages[name])
    monkeypatch.setattr(InboxItem._meta.get_field("raw"), "storage", storages["attachments"])
    settings.EMAIL_BACKEND = "klachtpad.notifications.mailfiles.EmailBackend"
    settings.EMAIL_FILE_PATH = str(data / "mail")
    return data


def _seed_text_fields(rows: list[models.Model]) -> list[str]:
    """A unique string in every free-text field of ``rows`` (not choices, not what is
    kept on purpose); returns the strings."""
    seeded = []
    for row in rows:
        values = {}
        for field in row._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or field.choices:
                continue
            if field.name in KEPT or field.name.endswith("hash"):
                continue
            value = canary()
            if isinstance(field, models.EmailField):
                value = f"{value.lower()}@example.org"
            values[field.name] = value[: field.max_length] if field.max_length else value
            seeded.append(values[field.name])
        if values:
            type(row)._default_manager.filter(pk=row.pk).update(**values)
    return seeded


def _full_file(procedure: Procedure, sign_in: Any) -> tuple[Complaint, list[str]]:
    """A closed formal complaint with everything a file can hold, each with a string of
    its own."""
    officer = UserFactory.create(username="officer")
    actor = services.Actor.staff(officer)
    organisation = procedure.organisation
    the_client = Client.objects.create(
        organisation=organisation, client_number=canary(), name=canary()
    )
    contact = ClientContact.objects.create(
        client=the_client,
        name=canary(),
        relation=Relation.FAMILY_MEMBER.value,
        email=f"{canary().lower()}@example.org",
        registered_on=date(2024, 1, 2),
    )
    complainant = services.Complainant(
        name=contact.name,
        relation=Relation.FAMILY_MEMBER,
        contact=contact,
        email=contact.email,
        phone=canary(),
        address=canary(),
    )
    complaint = services.complaint_register(
        procedure=procedure,
        actor=actor,
        channel=Channel.EMAIL,
        handling=Handling.FORMAL,
        complainant=complainant,
        details=services.Details(
            summary=canary(),
            description=canary(),
            desired_outcome=canary(),
            already_tried=canary(),
            support_name=canary(),
        ),
        client=the_client,
        received_on=date(2024, 2, 1),
        employees=[services.Employee(name=canary(), job_title=canary())],
    )
    complaint = services.complaint_acknowledge(complaint, actor=actor)
    complaint = services.complaint_attachment_add(
        complaint,
        actor=actor,
        upload=SimpleUploadedFile("brief.txt", f"{canary()} schreef dit".encode(), "text/plain"),
    )
    complaint = services.complaint_judgement_record(
        complaint,
        actor=actor,
        verdict=Verdict.PARTLY_UPHELD,
        reasons=f"Uit het rooster blijkt dat {canary()} twee keer niet kwam; dat is niet goed.",
        decisions=canary(),
        measures=[services.MeasureInput(canary(), canary(), date(2024, 4, 1))],
    )
    complaint = services.complaint_close(complaint, actor=actor)
    run_tasks()  # the letters' PDFs and the mails
    judgement = Judgement.objects.get(complaint=complaint)
    Signature.objects.create(
        judgement=judgement, party="complainant", name=canary(), signed_on=date(2024, 3, 1)
    )
    Share.objects.create(
        complaint=complaint, user=officer, scope="summary", shared_by="x", shared_at=timezone.now()
    )
    mailbox = Mailbox.objects.create(
        organisation=organisation, name="Klachten", address="k@example.org", host="h", username="k"
    )
    received = InboxItem(
        organisation=organisation,
        mailbox=mailbox,
        uidvalidity=1,
        uid=1,
        kind="mail",
        status="threaded",
        received_at=timezone.now(),
        complaint=complaint,
    )
    received.raw.save("mail.eml", ContentFile(f"Subject: {canary()}\r\n\r\nvan".encode()))
    rows: list[models.Model] = [complaint, the_client, contact, judgement, received]
    for relation in ("employees", "others", "shares", "meetings", "referrals", "attachments"):
        rows += list(getattr(complaint, relation).all())
    rows += list(judgement.measures.all()) + list(judgement.signatures.all())
    for term in complaint.terms.all():
        rows += [term, *term.extensions.all(), *term.agreements.all()]
    rows += list(MailDelivery.objects.filter(complaint=complaint))
    # The address the mail went to, then a string of its own in every field.
    seeded = [complainant.email, *_seed_text_fields(rows)]
    # An officer looks at the file and the client's page: the access log names them.
    reader = UserFactory.create(username="reader")
    Membership.objects.create(user=reader, organisation=organisation, role="complaints_officer")
    browser = sign_in(reader)
    base = ("staff:complaint", [organisation.slug, complaint.reference])
    assert browser.get(reverse(base[0], args=base[1])).status_code == 200
    the_client.refresh_from_db()
    page = reverse("staff:client", args=[organisation.slug, the_client.client_number])
    assert browser.get(page).status_code == 200
    return Complaint.objects.get(pk=complaint.pk), seeded


def _database_text() -> str:
    """Everything the database holds, as a full dump shows it."""
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        environment = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
        dump = subprocess.run(  # noqa: S603 - our own test database
            [
                shutil.which("pg_dump") or "pg_dump",
                "--data-only",
                "-h",
                settings.get("HOST") or "127.0.0.1",
                "-p",
                str(settings.get("PORT") or 5432),
                "-U",
                settings.get("USER") or "postgres",
                settings["NAME"],
            ],
            capture_output=True,
            check=True,
            env=environment,
        )
        return dump.stdout.decode("utf-8", "replace")
    connection.ensure_connection()
    raw = connection.connection
    lines = list(raw.iterdump())
    # The search index's shadow tables hold blobs: read them as text too.
    for (table,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for row in raw.execute(f'SELECT * FROM "{table}"'):  # noqa: S608
            lines += [v.decode("latin-1") for v in row if isinstance(v, bytes)]
    return "\n".join(lines)


def _files_text(directory: Path) -> str:
    return "\n".join(
        path.read_bytes().decode("latin-1") for path in directory.rglob("*") if path.is_file()
    )


def _found(strings: list[str], text: str) -> list[str]:
    return [string for string in strings if string in text or string.lower() in text]


@pytest.mark.django_db(transaction=True)
def test_a_file_past_its_term_leaves_no_personal_datum_anywhere(
    seeded, stores, sign_in, client, travel
):
    travel("2024-02-01")
    procedure = Procedure.objects.filter(organisation__slug="next").first()
    assert procedure is not None
    complaint, strings = _full_file(procedure, sign_in)
    organisation: Organisation = complaint.organisation
    period = Period(date(2024, 1, 1), date(2024, 12, 31))
    before = figures_for([organisation], period, as_of=date(2024, 12, 31))

    database, files = _database_text(), _files_text(stores)
    everywhere = database + files
    assert set(_found(strings, everywhere)) == set(strings), "every string is kept somewhere"
    assert Letter.objects.filter(complaint=complaint).exists()
    assert HistoryEntry.objects.filter(complaint=complaint).exists()
    assert list((stores / "attachments").rglob("*.txt")), "the attachment is on disk"
    assert list((stores / "letters").rglob("*.pdf")), "the letters' PDFs are on disk"
    assert _found(strings[:1], files), "a mail file names the complainant"

    retention_rule_set(
        organisation=organisation,
        procedure="",
        handling="",
        years=2,
        reason="Twee jaar na afsluiting, zoals in de klachtenregeling.",
        by="Beheerder",
    )
    travel("2026-02-20")
    assert purge_run(date(2026, 2, 20)) == 1

    database, files = _database_text(), _files_text(stores)
    assert _found(strings, database) == []
    assert _found(strings, files) == []
    assert not [p for p in stores.rglob("*") if p.is_file() and p.suffix in (".pdf", ".txt")]
    tombstone = Complaint.objects.get(pk=complaint.pk)
    assert tombstone.purged_on == date(2026, 2, 20)
    assert all(getattr(tombstone, name) == "" for name in PERSONAL_FIELDS)
    assert not EmployeeConcerned.objects.filter(complaint=complaint).exists()
    assert not Submission.objects.filter(complaint=complaint).exists()
    assert not StatusLink.objects.filter(complaint=complaint).exists()
    purge = Purge.objects.get(complaint=complaint)
    assert purge.removed["history"] > 0 and purge.removed["letters"] > 0
    assert figures_for([organisation], period, as_of=date(2024, 12, 31)) == before
    assert access_log_verify(organisation) == []
    assert AccessLogEntry.objects.filter(
        complaint_id=complaint.pk, detail__startswith="personal data removed"
    ).exists()
    # The next run finds nothing more to do.
    assert purge_run(date(2026, 2, 21)) == 0
