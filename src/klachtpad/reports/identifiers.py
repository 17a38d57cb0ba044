"""What identifies the people of complaint files, read from the files, for redaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet

from klachtpad.complaints.models import (
    ClientContact,
    Complaint,
    EmployeeConcerned,
    HistoryEntry,
    Share,
    Signature,
)
from klachtpad.domain.anonymising import Identifiers
from klachtpad.organisations.models import Organisation


def staff_identifiers(organisations: Iterable[Organisation]) -> Identifiers:
    """The names and addresses of everyone holding a role in ``organisations``."""
    found = Identifiers()
    people = User.objects.filter(memberships__organisation__in=organisations).distinct()
    for first, last, email in people.values_list("first_name", "last_name", "email"):
        found.add_name(f"{first} {last}")
        found.add_name(last)
        if email:
            found.contacts.add(email)
    return found


def complaint_identifiers(complaint_ids: Iterable[int]) -> dict[int, Identifiers]:
    """Per complaint: its client, complainant, supporter, contacts and employees concerned."""
    found: dict[int, Identifiers] = {}
    clients: dict[int, list[int]] = {}
    rows = Complaint.objects.filter(pk__in=list(complaint_ids)).values_list(
        "pk",
        "client_name",
        "complainant_name",
        "complainant_email",
        "complainant_phone",
        "complainant_address",
        "support_name",
        "client_id",
        "client__name",
        "client__client_number",
        "client__date_of_birth",
    )
    for row in rows:
        pk, client_name, name, email, phone, address, support, client_id = row[:8]
        registered_name, number, born = row[8:]
        one = found[pk] = Identifiers()
        for person in (client_name, name, support, registered_name or ""):
            one.add_name(person)
        one.contacts |= {value for value in (email, phone) if value}
        one.add_address(address)
        if number:
            one.numbers.add(number)
        if born:
            one.birth_dates.add(born)
        if client_id:
            clients.setdefault(client_id, []).append(pk)
    contacts = ClientContact.objects.filter(client_id__in=clients).values_list(
        "client_id", "name", "email", "phone"
    )
    for client_id, name, email, phone in contacts:
        for pk in clients[client_id]:
            found[pk].add_name(name)
            found[pk].contacts |= {value for value in (email, phone) if value}
    people: list[QuerySet[Any, tuple[int, str]]] = [
        EmployeeConcerned.objects.filter(complaint_id__in=found).values_list(
            "complaint_id", "name"
        ),
        # Staff who acted on the file, whether or not they still hold a role.
        HistoryEntry.objects.filter(complaint_id__in=found, actor__isnull=False)
        .values_list("complaint_id", "actor_name")
        .distinct(),
        Signature.objects.filter(judgement__complaint_id__in=found).values_list(
            "judgement__complaint_id", "name"
        ),
        Share.objects.filter(complaint_id__in=found).values_list("complaint_id", "shared_by"),
    ]
    for named in people:
        for pk, name in named:
            found[pk].add_name(name)
    return found
