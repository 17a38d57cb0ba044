"""NEN 7513: every look at a complaint file is logged once, completely, and tamper-evident."""

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from klachtpad.audit.models import AccessLogEntry
from klachtpad.audit.services import access_log_verify
from klachtpad.complaints import services

from .conftest import member


def file_urls(organisation, complaint):
    """Every page that shows (part of) one complaint file."""
    kwargs = {"organisation": organisation.slug, "reference": complaint.reference}
    attachment = complaint.attachments.first()
    return [
        reverse("staff:complaint", kwargs=kwargs),
        reverse("staff:complaint_print", kwargs=kwargs),
        reverse("staff:attachment_download", kwargs={**kwargs, "attachment": attachment.pk}),
    ]


@pytest.fixture
def with_attachment(complaint, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief", content_type="application/pdf")
    return services.complaint_attachment_add(
        complaint, actor=services.Actor.staff(officer), upload=upload
    )


def test_every_view_of_a_file_writes_one_complete_entry(
    sign_in, next_org, officer, with_attachment
):
    client = sign_in(officer)
    for url in file_urls(next_org, with_attachment):
        before = AccessLogEntry.objects.count()
        response = client.get(url)
        assert response.status_code == 200, url
        entries = list(
            AccessLogEntry.objects.order_by("-id")[: AccessLogEntry.objects.count() - before]
        )
        assert len(entries) == 1, url
        entry = entries[0]
        for field in AccessLogEntry._meta.get_fields():
            value = getattr(entry, field.name)
            assert value not in (None, ""), f"{url}: {field.name} is empty"
        assert entry.complaint_reference == with_attachment.reference
        assert entry.user == officer
        assert "Next" in entry.on_behalf_of and "klachtenfunctionaris" in entry.on_behalf_of
        assert entry.outcome == "allowed"


def test_a_change_and_a_refusal_are_logged_too(sign_in, next_org, officer, complaint):
    client = sign_in(officer)
    url = reverse(
        "staff:complaint_action",
        kwargs={"organisation": next_org.slug, "reference": complaint.reference, "action": "note"},
    )
    client.post(url, {"note-note": "Gebeld met de cliënt.", "version": complaint.version})
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.action, entry.outcome) == ("change", "allowed")

    outsider = member(next_org, "key_worker", "kw")
    client = sign_in(outsider)
    page = client.get(
        reverse(
            "staff:complaint",
            kwargs={"organisation": next_org.slug, "reference": complaint.reference},
        )
    )
    assert page.status_code == 404
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.user, entry.outcome, entry.complaint_reference) == (
        outsider,
        "refused",
        complaint.reference,
    )


def test_the_log_cannot_be_changed_through_the_application(sign_in, officer, complaint, next_org):
    sign_in(officer).get(
        reverse(
            "staff:complaint",
            kwargs={"organisation": next_org.slug, "reference": complaint.reference},
        )
    )
    entry = AccessLogEntry.objects.latest("id")
    entry.user_name = "iemand anders"
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()


def _without_trigger(sql: str, params: list[Any]) -> None:
    """What someone with the database owner's rights could do around the trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # triggers off
            cursor.execute(sql, params)
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        else:
            cursor.execute("DROP TRIGGER audit_accesslogentry_no_update")
            cursor.execute(sql, params)


def test_a_changed_entry_is_detected(sign_in, officer, complaint, next_org):
    client = sign_in(officer)
    url = reverse(
        "staff:complaint", kwargs={"organisation": next_org.slug, "reference": complaint.reference}
    )
    for _ in range(3):
        client.get(url)
    assert access_log_verify(next_org) == []
    middle = AccessLogEntry.objects.filter(organisation=next_org).order_by("sequence")[1]
    _without_trigger(
        "UPDATE audit_accesslogentry SET user_name = %s WHERE id = %s", ["niemand", middle.pk]
    )
    breaks = access_log_verify(next_org)
    assert [(b.sequence, b.problem) for b in breaks] == [(middle.sequence, "changed")]


def test_a_removed_entry_is_detected(sign_in, officer, complaint, next_org):
    client = sign_in(officer)
    url = reverse(
        "staff:complaint", kwargs={"organisation": next_org.slug, "reference": complaint.reference}
    )
    for _ in range(3):
        client.get(url)
    last = AccessLogEntry.objects.filter(organisation=next_org).order_by("sequence").last()
    assert last is not None
    if connection.vendor == "postgresql":
        _without_trigger("DELETE FROM audit_accesslogentry WHERE id = %s", [last.pk])
    else:  # SQLite refuses updates only; deleting is blocked elsewhere (append_only.py)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_accesslogentry WHERE id = %s", [last.pk])
    assert [b.problem for b in access_log_verify(next_org)] == ["truncated"]


def test_only_the_log_administrator_reads_the_log_and_reading_is_logged(
    sign_in, officer, complaint, next_org
):
    url = reverse("staff:access_log", kwargs={"organisation": next_org.slug})
    assert sign_in(officer).get(url).status_code == 403
    keeper = member(next_org, "log_administrator", "privacy")
    officer_page = reverse(
        "staff:complaint", kwargs={"organisation": next_org.slug, "reference": complaint.reference}
    )
    sign_in(officer).get(officer_page)
    page = sign_in(keeper).get(url, {"reference": complaint.reference})
    text = page.content.decode()
    assert page.status_code == 200
    assert "officer" in text and complaint.reference in text
    assert "De keten van regels is intact" in text or "intact" in text
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.user, entry.action, entry.complaint_reference) == (
        keeper,
        "read_log",
        complaint.reference,
    )
    # The log administrator does not read complaint files.
    assert sign_in(keeper).get(officer_page).status_code == 404


@pytest.mark.django_db
def test_every_append_only_table_keeps_its_guard_after_all_migrations():
    """A migration that rebuilds a table (SQLite does when a column is added) must not
    lose the trigger that keeps it append-only."""
    tables = {
        "audit_accesslogentry",
        "complaints_historyentry",
        "letters_letter",
        "letters_letterpdf",
        "letters_letterdispatch",
        "organisations_rolechange",
    }
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE '%%append_only'"
            )
        guarded = {row[0] for row in cursor.fetchall()}
    assert tables <= guarded, tables - guarded
