"""What staff see of the inbox, scoped to one organisation in every query."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from klachtpad.complaints.models import ClientContact, Complaint
from klachtpad.inbox.models import CannedText, InboxItem, ItemStatusChoices, Mailbox
from klachtpad.notifications.models import COMPLAINANT_MAIL, MailDelivery
from klachtpad.organisations.models import Organisation


def mailboxes_of(organisation: Organisation) -> QuerySet[Mailbox]:
    return Mailbox.objects.filter(organisation=organisation)


def mailboxes_to_read() -> QuerySet[Mailbox]:
    return Mailbox.objects.filter(active=True)


def items_of(organisation: Organisation, *, handled: bool = False) -> QuerySet[InboxItem]:
    """The inbox: what is still to handle, or (``handled``) what was done with the rest."""
    found = InboxItem.objects.filter(organisation=organisation).select_related(
        "mailbox", "complaint", "handled_by"
    )
    if handled:
        return found.exclude(status=ItemStatusChoices.OPEN)
    return found.filter(status=ItemStatusChoices.OPEN)


def items_across(organisations: list[Organisation]) -> QuerySet[InboxItem]:
    """The mail still to handle of every organisation in ``organisations``."""
    return (
        InboxItem.objects.filter(organisation__in=organisations, status=ItemStatusChoices.OPEN)
        .select_related("organisation")
        .order_by("-received_at", "-id")
    )


def open_counts(organisations: QuerySet[Organisation]) -> dict[int, int]:
    """The mail still to handle per organisation, in one query."""
    rows = (
        InboxItem.objects.filter(organisation__in=organisations, status=ItemStatusChoices.OPEN)
        .values("organisation")
        .annotate(waiting=Count("id"))
        .values_list("organisation", "waiting")
    )
    return dict(rows)


def open_count(organisation: Organisation) -> int:
    return InboxItem.objects.filter(
        organisation=organisation, status=ItemStatusChoices.OPEN
    ).count()


def item_of(organisation: Organisation, item_id: int) -> InboxItem | None:
    return (
        InboxItem.objects.filter(organisation=organisation, pk=item_id)
        .select_related("mailbox", "complaint", "handled_by")
        .first()
    )


def items_in_file(complaint: Complaint) -> QuerySet[InboxItem]:
    """The mail that came in about the file, for its correspondence."""
    return InboxItem.objects.filter(
        organisation=complaint.organisation, complaint=complaint
    ).order_by("received_at", "id")


def canned_texts_of(organisation: Organisation) -> QuerySet[CannedText]:
    return CannedText.objects.filter(organisation=organisation)


def addresses_of(complaint: Complaint) -> set[str]:
    """Who is part of the file by e-mail: the complainant's address, their contact's,
    and every address our mail to the complainant went to."""
    found = {complaint.complainant_email}
    if complaint.complainant_contact_id:
        found |= set(
            ClientContact.objects.filter(pk=complaint.complainant_contact_id).values_list(
                "email", flat=True
            )
        )
    found |= set(
        MailDelivery.objects.filter(complaint=complaint, kind__in=COMPLAINANT_MAIL).values_list(
            "to", flat=True
        )
    )
    return {address.strip().lower() for address in found if address}


def reply_addresses(complaint: Complaint) -> list[str]:
    """Where a mail from the file may go: who is part of it by e-mail, and whoever
    mailed into it."""
    senders = (
        items_in_file(complaint).exclude(from_address="").values_list("from_address", flat=True)
    )
    return sorted(addresses_of(complaint) | {address.lower() for address in senders})


def answered_complaint(organisation: Organisation, delivery_ids: list[int]) -> Complaint | None:
    """The file of the nearest of our mails to a complainant that a mail answers."""
    found = {
        delivery.pk: delivery.complaint
        for delivery in MailDelivery.objects.filter(
            organisation=organisation, pk__in=delivery_ids, kind__in=COMPLAINANT_MAIL
        ).select_related("complaint")
        if delivery.complaint is not None
    }
    return next((found[pk] for pk in delivery_ids if pk in found), None)


def delivery_of(organisation: Organisation, delivery_id: int) -> MailDelivery | None:
    return (
        MailDelivery.objects.filter(organisation=organisation, pk=delivery_id)
        .select_related("complaint")
        .first()
    )


def complaint_named(organisation: Organisation, references: list[str]) -> Complaint | None:
    if not references:
        return None
    return (
        Complaint.objects.filter(organisation=organisation, reference__in=references)
        .filter(purged_on__isnull=True)
        .first()
    )


@dataclass(frozen=True)
class Known:
    """Who the organisation knows with an address: contacts, and earlier complaints."""

    contacts: list[ClientContact]
    complaints: list[Complaint]


def known_people(organisation: Organisation, address: str) -> Known:
    """Suggestions for a file made of a mail from ``address``: the contacts and earlier
    complainants of the organisation with that address, and their clients."""
    if not address:
        return Known([], [])
    contacts = list(
        ClientContact.objects.filter(client__organisation=organisation, email__iexact=address)
        .select_related("client")
        .order_by("name")[:5]
    )
    earlier = list(
        Complaint.objects.filter(organisation=organisation, purged_on__isnull=True)
        .filter(complainant_email__iexact=address)
        .select_related("client")
        .order_by("-received_on")[:5]
    )
    return Known(contacts, earlier)
