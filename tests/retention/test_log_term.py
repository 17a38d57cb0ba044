"""Access-log entries go after their own term (at least 5 years, Stcrt. 2019, 38007):
none younger, and the chain still verifies from its signed new start."""

from __future__ import annotations

import json
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from klachtpad.audit.anchors import checkpoints_write
from klachtpad.audit.models import AccessLogEntry
from klachtpad.audit.services import access_log_verify
from klachtpad.organisations.models import Organisation
from klachtpad.retention.services import purge_run
from tests.security.test_access_log_tamper import around_the_trigger, write


def test_entries_go_after_five_years_and_the_chain_still_verifies(seeded, travel):
    organisation = Organisation.objects.get(slug="next")
    travel("2021-03-01")
    write(organisation, 3)
    checkpoints_write(timezone.now())
    travel("2021-03-03")
    write(organisation, 2)
    checkpoints_write(timezone.now())

    travel("2026-03-01")  # five years after the first three: the last day they are kept
    purge_run(date(2026, 3, 1))
    assert AccessLogEntry.objects.filter(organisation=organisation).count() == 5
    travel("2026-03-02")
    purge_run(date(2026, 3, 2))
    kept = AccessLogEntry.objects.filter(organisation=organisation).order_by("sequence")
    assert [entry.sequence for entry in kept] == [4, 5]
    assert access_log_verify(organisation) == []
    write(organisation, 1)
    assert access_log_verify(organisation) == []

    # Someone who can write to the database cannot move the start on unseen.
    around_the_trigger(
        "DELETE FROM audit_accesslogentry WHERE organisation_id = %s AND sequence = 4",
        [organisation.pk],
    )
    assert access_log_verify(organisation) != []


def test_a_forged_start_is_seen(seeded, travel):
    organisation = Organisation.objects.get(slug="next")
    travel("2020-01-01")
    write(organisation, 2)
    travel("2026-01-01")
    write(organisation, 1)
    purge_run(date(2026, 1, 1))
    assert access_log_verify(organisation) == []
    store = storages["anchors"]
    start = json.loads(store.open(f"{organisation.pk}/start-000000000003.json").read())
    start["sequence"] = 4
    store.save(
        f"{organisation.pk}/start-000000000004.json", ContentFile(json.dumps(start).encode())
    )
    assert "start forged" in [b.problem for b in access_log_verify(organisation)]
