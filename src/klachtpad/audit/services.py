"""Writing and checking the access log.

Every entry's hash is an HMAC over its fields and the previous entry's hash, keyed with
KLACHTPAD_AUDIT_KEY (in development derived from the secret key). Someone who can write
to the database but does not hold the key cannot change, insert or remove an entry
without ``access_log_verify`` noticing. Cutting off the newest entries and moving the
head back, or removing a whole chain (TRUNCATE), leaves the chain itself consistent:
the signed checkpoints kept outside the database (``audit.anchors``) show it. Each
entry names the key that made it, so the key can be rotated.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from klachtpad.audit.anchors import chain_start_of, chain_start_write, checkpoints_of
from klachtpad.audit.keys import current_key, signature
from klachtpad.audit.models import (
    AccessLogEntry,
    AccessLogHead,
    LogActionChoices,
    LogOutcomeChoices,
)
from klachtpad.organisations.models import Organisation, PurgePermit

_HASHED_FIELDS = (
    "organisation_id",
    "sequence",
    "at",
    "user_id",
    "user_name",
    "on_behalf_of",
    "complaint_id",
    "complaint_reference",
    "action",
    "outcome",
    "detail",
    "client_address",
    "previous_hash",
)


# The "previous hash" of an organisation's first entry.
GENESIS = "0" * 64


def detail_digest(detail: str, key_id: str) -> str:
    return signature(b"detail:" + detail.encode(), key_id)


def entry_hash(entry: AccessLogEntry) -> str:
    values = {}
    for name in _HASHED_FIELDS:
        value = getattr(entry, name)
        values[name] = value.isoformat() if isinstance(value, datetime) else value
    if entry.key_id:
        values["key_id"] = entry.key_id
    if entry.detail_digest:
        values["detail"] = f"digest:{entry.detail_digest}"
    payload = json.dumps(values, sort_keys=True, separators=(",", ":")).encode()
    return signature(payload, entry.key_id)


@dataclass(frozen=True)
class LogLine:
    """One entry to append: what was done in which organisation, on whose behalf."""

    organisation: Organisation
    on_behalf_of: str
    action: LogActionChoices
    outcome: LogOutcomeChoices
    detail: str
    complaint_id: int | None = None
    complaint_reference: str = ""


def _user_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return "-"
    full_name = getattr(user, "get_full_name", lambda: "")()
    name = f"{full_name} ({user.get_username()})" if full_name else user.get_username()
    return (name or "-")[:200]


def _heads_locked(organisation_ids: list[int]) -> dict[int, AccessLogHead]:
    """The chains' heads, locked in one order (no two writers wait for each other);
    an organisation's first entry makes its head."""

    def locked(ids: list[int]) -> dict[int, AccessLogHead]:
        heads = AccessLogHead.objects.select_for_update().filter(organisation_id__in=ids)
        return {head.organisation_id: head for head in heads.order_by("organisation_id")}

    heads = locked(organisation_ids)
    missing = [pk for pk in organisation_ids if pk not in heads]
    if missing:
        AccessLogHead.objects.bulk_create(
            [AccessLogHead(organisation_id=pk) for pk in missing], ignore_conflicts=True
        )
        heads.update(locked(missing))
    return heads


def access_log_append(
    lines: list[LogLine], *, user: AbstractBaseUser | AnonymousUser, client_address: str
) -> list[AccessLogEntry]:
    """Append ``lines`` to their organisations' logs in one transaction of its own: a
    list that showed files of fifty providers writes fifty entries in three queries."""
    authenticated = user if isinstance(user, AbstractBaseUser) else None
    name = _user_name(authenticated)
    key_id = current_key()[0]
    with transaction.atomic():
        heads = _heads_locked(sorted({line.organisation.pk for line in lines}))
        entries = []
        for line in lines:
            head = heads[line.organisation.pk]
            entry = AccessLogEntry(
                organisation=line.organisation,
                sequence=head.sequence + 1,
                at=timezone.now(),
                user=authenticated,  # type: ignore[misc]  # AUTH_USER_MODEL is the default User
                user_name=name,
                on_behalf_of=line.on_behalf_of[:400],
                complaint_id=line.complaint_id,
                # A typed reference longer than any real one must not break the log write.
                complaint_reference=line.complaint_reference[:32],
                action=line.action.value,
                outcome=line.outcome.value,
                detail=line.detail[:500],
                detail_digest=detail_digest(line.detail[:500], key_id),
                client_address=client_address[:64] or "-",
                previous_hash=head.entry_hash or GENESIS,
                key_id=key_id,
            )
            # The hash covers the time as stored: microseconds survive on both databases.
            entry.entry_hash = entry_hash(entry)
            head.sequence, head.entry_hash = entry.sequence, entry.entry_hash
            entries.append(entry)
        AccessLogEntry.objects.bulk_create(entries)
        _heads_moved(list(heads.values()))
    return entries


def _heads_moved(heads: list[AccessLogHead]) -> None:
    """The heads' new sequence and hash in one statement (``bulk_update``'s CASE per
    row cost more to build than the statement took to run). Both databases name the
    columns of a VALUES list column1, column2, ...; the values are bound."""
    table = AccessLogHead._meta.db_table
    rows = ", ".join(["(%s, %s, %s)"] * len(heads))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET sequence = v.column2, entry_hash = v.column3 "  # noqa: S608
            f"FROM (VALUES {rows}) AS v WHERE {table}.id = v.column1",
            [value for head in heads for value in (head.pk, head.sequence, head.entry_hash)],
        )


def access_log_write(
    *,
    organisation: Organisation,
    user: AbstractBaseUser | AnonymousUser,
    on_behalf_of: str,
    action: LogActionChoices,
    outcome: LogOutcomeChoices,
    detail: str,
    client_address: str,
    complaint_id: int | None = None,
    complaint_reference: str = "",
) -> AccessLogEntry:
    """Append one entry to ``organisation``'s log; it commits on its own."""
    line = LogLine(
        organisation, on_behalf_of, action, outcome, detail, complaint_id, complaint_reference
    )
    return access_log_append([line], user=user, client_address=client_address)[0]


def _detail_holds(entry: AccessLogEntry) -> bool:
    """The detail is the one the entry was written with, or was emptied by the purge."""
    if not entry.detail_digest or not entry.detail:
        return True
    return hmac.compare_digest(entry.detail_digest, detail_digest(entry.detail, entry.key_id))


def access_log_details_remove(
    organisation: Organisation, complaint_ids: list[int], words: list[str]
) -> int:
    """Empty the detail of the entries about these (purged) files, and of the entries
    whose detail names one of ``words`` (a removed client's number). Who looked, when,
    at which reference and with what outcome stays, and the chain still verifies: the
    hashes cover the detail's digest. Entries from before digests keep their detail.
    Only the retention purge calls this, inside its permit."""
    about = Q(complaint_id__in=complaint_ids)
    for word in words:
        about |= Q(detail__contains=word)
    entries = AccessLogEntry.objects.filter(about, organisation=organisation)
    return entries.exclude(detail="").exclude(detail_digest="").update(detail="")


def access_log_expire(organisation: Organisation, before: datetime) -> int:
    """Remove the organisation's entries written before ``before`` (their term has
    passed), oldest first and never the newest, and record, signed and outside the
    database, where the chain starts now, so that it still verifies. Returns how many."""
    entries = AccessLogEntry.objects.filter(organisation=organisation)
    newest = entries.order_by("-sequence").first()
    if newest is None:
        return 0
    kept = entries.filter(at__gte=before).order_by("sequence").first() or newest
    if not entries.filter(sequence__lt=kept.sequence).exists():
        return 0
    with transaction.atomic():
        permit = PurgePermit.objects.create(reason=f"access log term {organisation.pk}")
        removed = entries.filter(sequence__lt=kept.sequence).delete()[0]
        chain_start_write(organisation.pk, kept.sequence, kept.previous_hash)
        PurgePermit.objects.filter(pk=permit.pk).delete()
    return removed


@dataclass(frozen=True)
class Break:
    """Where the chain does not hold, and why."""

    sequence: int
    problem: str


def access_log_verify(organisation: Organisation) -> list[Break]:
    """Every place where ``organisation``'s log was changed, removed or cut off unseen:
    by the chain itself, and by the signed checkpoints kept outside the database."""
    first, before_first, start_valid = chain_start_of(organisation)
    checkpoints = [
        (checkpoint, valid)
        for checkpoint, valid in checkpoints_of(organisation)
        if int(str(checkpoint["sequence"])) >= first
    ]
    wanted = {int(str(checkpoint["sequence"])) for checkpoint, _valid in checkpoints}
    seen: dict[int, str] = {}
    breaks: list[Break] = [] if start_valid else [Break(first, "start forged")]
    previous = before_first or GENESIS
    expected_sequence = first
    entries = AccessLogEntry.objects.filter(organisation=organisation, sequence__gte=first)
    for entry in entries.order_by("sequence").iterator():
        if entry.sequence != expected_sequence:
            breaks.append(Break(expected_sequence, "missing"))
        if entry.previous_hash != previous:
            breaks.append(Break(entry.sequence, "chain"))
        if not hmac.compare_digest(entry.entry_hash, entry_hash(entry)) or not _detail_holds(entry):
            breaks.append(Break(entry.sequence, "changed"))
        if entry.sequence in wanted:
            seen[entry.sequence] = entry.entry_hash
        previous = entry.entry_hash
        expected_sequence = entry.sequence + 1
    head = AccessLogHead.objects.filter(organisation=organisation).first()
    if head is not None and (head.sequence, head.entry_hash or GENESIS) != (
        expected_sequence - 1,
        previous,
    ):
        breaks.append(Break(head.sequence, "truncated"))
    for checkpoint, valid in checkpoints:
        sequence = int(str(checkpoint["sequence"]))
        if not valid:
            breaks.append(Break(sequence, "checkpoint forged"))
        elif sequence not in seen:
            breaks.append(Break(sequence, "removed after checkpoint"))
        elif seen[sequence] != checkpoint["entry_hash"]:
            breaks.append(Break(sequence, "changed after checkpoint"))
    return breaks
