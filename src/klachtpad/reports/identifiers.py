"""What identifies the people of complaint files, read from the files, for redaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db.models import CharField, QuerySet, Value

from klachtpad.complaints.models import (
    Attachment,
    Complaint,
    EmployeeConcerned,
    HistoryEntry,
    OtherInvolved,
    Share,
    Signature,
)
from klachtpad.domain.anonymising import Identifiers
from klachtpad.organisations.models import Organisation


def organisation_identifiers(organisations: Iterable[Organisation]) -> Identifiers:
    """The names and addresses of everyone holding a role in ``organisations``, and the
    health terms the organisations list to be removed."""
    found = Identifiers()
    for organisation in organisations:
        found.add_terms(organisation.redaction_terms)
    people = User.objects.filter(memberships__organisation__in=organisations).distinct()
    for first, last, email in people.values_list("first_name", "last_name", "email"):
        found.add_name(f"{first} {last}")  # also each part, and the surname with "de"
        if email:
            found.contacts.add(email)
    return found


def complaint_identifiers(complaints: QuerySet[Complaint]) -> dict[int, Identifiers]:
    """Per complaint: its client, complainant, supporter, contacts, employees concerned,
    and the staff who acted on it or signed or shared it. Two queries."""
    found: dict[int, Identifiers] = {}
    rows = complaints.order_by().values_list(
        "pk",
        "client_name",
        "complainant_name",
        "complainant_email",
        "complainant_phone",
        "complainant_address",
        "support_name",
        "client__name",
        "client__client_number",
        "client__date_of_birth",
    )
    for row in rows:
        pk, client_name, name, email, phone, address, support = row[:7]
        registered_name, number, born = row[7:]
        one = found[pk] = Identifiers()
        for person in (client_name, name, support, registered_name or ""):
            one.add_name(person)
        one.contacts |= {value for value in (email, phone) if value}
        one.add_address(address)
        if number:
            one.numbers.add(number)
        if born:
            one.birth_dates.add(born)
    for pk, name, email, phone in _people(complaints.order_by().values("pk")):
        found[pk].add_name(name or "")
        found[pk].contacts |= {value for value in (email, phone) if value}
    attachments = Attachment.objects.filter(complaint__in=complaints.order_by().values("pk"))
    for pk, file_name in attachments.values_list("complaint_id", "name"):
        found[pk].files.add(file_name)
    return found


def _people(ids: QuerySet[Any]) -> QuerySet[Any, tuple[int, str, str, str]]:
    """(complaint, name, e-mail, phone) of everyone else the files name."""
    blank = Value("", output_field=CharField())
    contacts = (
        Complaint.objects.filter(pk__in=ids, client__contacts__isnull=False)
        .values_list(
            "pk", "client__contacts__name", "client__contacts__email", "client__contacts__phone"
        )
        .order_by()
    )
    named: list[QuerySet[Any, tuple[int, str, str, str]]] = [
        EmployeeConcerned.objects.filter(complaint_id__in=ids)
        .annotate(e=blank, p=blank)
        .values_list("complaint_id", "name", "e", "p")
        .order_by(),
        # Staff who acted on the file, whether or not they still hold a role.
        HistoryEntry.objects.filter(complaint_id__in=ids, actor__isnull=False)
        .annotate(e=blank, p=blank)
        .values_list("complaint_id", "actor_name", "e", "p")
        .order_by()
        .distinct(),
        Signature.objects.filter(judgement__complaint_id__in=ids)
        .annotate(e=blank, p=blank)
        .values_list("judgement__complaint_id", "name", "e", "p")
        .order_by(),
        Share.objects.filter(complaint_id__in=ids)
        .annotate(e=blank, p=blank)
        .values_list("complaint_id", "shared_by", "e", "p")
        .order_by(),
        # Others involved (a GP, a neighbour) and whoever gave consent to contact them.
        OtherInvolved.objects.filter(complaint_id__in=ids)
        .annotate(e=blank, p=blank)
        .values_list("complaint_id", "name", "e", "p")
        .order_by(),
        OtherInvolved.objects.filter(complaint_id__in=ids)
        .exclude(consent_by="")
        .annotate(e=blank, p=blank)
        .values_list("complaint_id", "consent_by", "e", "p")
        .order_by(),
    ]
    return contacts.union(*named, all=True)
