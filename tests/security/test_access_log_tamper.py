"""The access log under attack by someone with the database owner's rights but without
the log's key: every kind of tampering the probe tried is detected, on both databases."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from klachtpad.audit.anchors import checkpoints_write
from klachtpad.audit.models import (
    AccessLogEntry,
    AccessLogHead,
    LogActionChoices,
    LogOutcomeChoices,
)
from klachtpad.audit.services import access_log_verify, access_log_write
from klachtpad.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def write(organisation, count=5):
    for number in range(count):
        access_log_write(
            organisation=organisation,
            user=None,  # type: ignore[arg-type]
            on_behalf_of="probe",
            action=LogActionChoices.VIEW,
            outcome=LogOutcomeChoices.ALLOWED,
            detail=f"GET /{number}",
            client_address="127.0.0.1",
        )


def around_the_trigger(sql, params=()):
    """What the database owner can do: switch the triggers off, or drop them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(sql, params)
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_accesslogentry_no_update")
            cursor.execute(sql, params)


@pytest.fixture
def chain(seeded):
    organisation = Organisation.objects.get(slug="next")
    write(organisation, 5)
    checkpoints_write(timezone.now())
    write(organisation, 2)
    assert access_log_verify(organisation) == []
    return organisation


def problems(organisation):
    return [(b.sequence, b.problem) for b in access_log_verify(organisation)]


def test_an_edited_entry(chain):
    around_the_trigger(
        "UPDATE audit_accesslogentry SET detail = 'niets' "
        "WHERE organisation_id = %s AND sequence = 3",
        [chain.pk],
    )
    assert (3, "changed") in problems(chain)


def test_a_deleted_entry_in_the_middle(chain):
    around_the_trigger(
        "DELETE FROM audit_accesslogentry WHERE organisation_id = %s AND sequence = 3", [chain.pk]
    )
    assert (3, "missing") in problems(chain)


def test_the_tail_cut_off_and_the_head_moved_back(chain):
    """Entries 5 to 7 removed and the head set to entry 4: the chain itself is consistent
    again, but the checkpoint of entry 5 says otherwise."""
    four = AccessLogEntry.objects.get(organisation=chain, sequence=4)
    around_the_trigger(
        "DELETE FROM audit_accesslogentry WHERE organisation_id = %s AND sequence > 4", [chain.pk]
    )
    AccessLogHead.objects.filter(organisation=chain).update(sequence=4, entry_hash=four.entry_hash)
    assert problems(chain) == [(5, "removed after checkpoint")]


def test_a_whole_chain_deleted(chain):
    around_the_trigger("DELETE FROM audit_accesslogentry WHERE organisation_id = %s", [chain.pk])
    AccessLogHead.objects.filter(organisation=chain).delete()
    assert problems(chain) == [(5, "removed after checkpoint")]


def test_truncate(chain):
    """PostgreSQL's TRUNCATE passes row triggers; SQLite's is a DELETE without WHERE."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own inserts settle
            cursor.execute("TRUNCATE audit_accesslogentry, audit_accessloghead")
        else:
            cursor.execute("DELETE FROM audit_accesslogentry")
            cursor.execute("DELETE FROM audit_accessloghead")
    assert problems(chain) == [(5, "removed after checkpoint")]


def test_a_forged_checkpoint(chain, settings):
    from django.core.files.storage import storages

    store = storages["anchors"]
    name = f"{chain.pk}/000000000005.json"
    text = store.open(name).read().decode().replace('"sequence": 5', '"sequence": 2')
    store.delete(name)
    store.save(name, __import__("io").BytesIO(text.encode()))
    assert (2, "checkpoint forged") in problems(chain)


def test_the_key_can_be_rotated_and_old_entries_still_verify(chain, settings):
    old = settings.KLACHTPAD_AUDIT_KEY or ""
    settings.KLACHTPAD_AUDIT_KEY = "een-nieuwe-sleutel-voor-het-logboek-2027"
    settings.KLACHTPAD_AUDIT_OLD_KEYS = [old] if old else []
    write(chain, 2)
    assert problems(chain) == []
    new = AccessLogEntry.objects.filter(organisation=chain).order_by("-sequence").first()
    first = AccessLogEntry.objects.filter(organisation=chain).order_by("sequence").first()
    assert new is not None and first is not None and new.key_id != first.key_id


def test_the_command_says_which_chain_is_broken(chain):
    call_command("access_log_verify", "--checkpoint")
    around_the_trigger(
        "DELETE FROM audit_accesslogentry WHERE organisation_id = %s AND sequence = 7", [chain.pk]
    )
    AccessLogHead.objects.filter(organisation=chain).update(sequence=6)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="does not verify"):
        call_command("access_log_verify")
