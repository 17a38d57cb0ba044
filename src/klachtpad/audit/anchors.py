"""Signed checkpoints of each organisation's access-log chain, kept outside the database.

The hash chain shows an entry changed or taken out of the middle. It cannot show that
the newest entries were cut off with the head moved back, or that a whole chain was
removed (TRUNCATE): what is left is consistent. A checkpoint, written every hour by the
round and signed with the log's key, records a chain's head (sequence and hash) in the
``anchors`` storage, which production keeps apart from the database (another disk, an
object store with retention). ``access_log_verify`` holds the chain to them.
"""

from __future__ import annotations

import json
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import storages

from klachtpad.audit.keys import current_key, signature
from klachtpad.audit.models import AccessLogHead
from klachtpad.organisations.models import Organisation


def _payload(checkpoint: dict[str, object]) -> bytes:
    fields = {key: checkpoint[key] for key in ("organisation", "sequence", "entry_hash", "at")}
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def checkpoints_write(now: datetime) -> int:
    """One checkpoint of each chain that has grown since its last one. Returns how many."""
    store = storages["anchors"]
    written = 0
    for head in AccessLogHead.objects.filter(sequence__gt=0):
        name = f"{head.organisation_id}/{head.sequence:012d}.json"
        if store.exists(name):
            continue
        key_id, _key = current_key()
        checkpoint: dict[str, object] = {
            "organisation": head.organisation_id,
            "sequence": head.sequence,
            "entry_hash": head.entry_hash,
            "at": now.isoformat(),
            "key_id": key_id,
        }
        checkpoint["signature"] = signature(_payload(checkpoint), key_id)
        store.save(name, ContentFile(json.dumps(checkpoint).encode()))
        written += 1
    return written


def checkpoints_of(organisation: Organisation) -> list[tuple[dict[str, object], bool]]:
    """The organisation's checkpoints, oldest first, each with whether its signature holds."""
    store = storages["anchors"]
    folder = str(organisation.pk)
    if not store.exists(folder):
        return []
    found = []
    for name in sorted(store.listdir(folder)[1]):
        if name.startswith(START):
            continue
        with store.open(f"{folder}/{name}") as file:
            checkpoint = json.loads(file.read())
        expected = signature(_payload(checkpoint), str(checkpoint.get("key_id", "")))
        found.append((checkpoint, bool(expected) and expected == checkpoint.get("signature")))
    return found


START = "start-"


def chain_start_write(organisation_id: int, sequence: int, previous_hash: str) -> None:
    """Record, signed, where the organisation's chain starts now that the entries before
    ``sequence`` have passed their term; ``access_log_verify`` starts there."""
    store = storages["anchors"]
    key_id, _key = current_key()
    start: dict[str, object] = {
        "organisation": organisation_id,
        "sequence": sequence,
        "entry_hash": previous_hash,
        "at": "start",
        "key_id": key_id,
    }
    start["signature"] = signature(_payload(start), key_id)
    # A new record each time, never one changed: the store may keep what it holds.
    store.save(
        f"{organisation_id}/{START}{sequence:012d}.json", ContentFile(json.dumps(start).encode())
    )


def chain_start_of(organisation: Organisation) -> tuple[int, str | None, bool]:
    """Where the chain starts: (first sequence, the hash before it, whether the record's
    signature holds); (1, None, True) while no entry has passed its term."""
    store = storages["anchors"]
    folder = str(organisation.pk)
    starts = (
        sorted(name for name in store.listdir(folder)[1] if name.startswith(START))
        if store.exists(folder)
        else []
    )
    if not starts:
        return 1, None, True
    with store.open(f"{folder}/{starts[-1]}") as file:
        start = json.loads(file.read())
    expected = signature(_payload(start), str(start.get("key_id", "")))
    valid = bool(expected) and expected == start.get("signature")
    return int(start["sequence"]), str(start["entry_hash"]), valid
