"""The client's file as far as complaints need it: the client, their registered
contacts and representatives (with the day they were registered), and the date of
death. Who may complain often depends on it (Next: a family member or mentor only when
registered as contact person; a surviving relative only for a client who has died)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from klachtpad.complaints.models import Client, ClientContact
from klachtpad.complaints.services.intake import require_filled
from klachtpad.complaints.services.transition import TransitionRefused, refuse_future
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.vocabulary import Relation
from klachtpad.organisations.models import Organisation


def client_register(
    *,
    organisation: Organisation,
    client_number: str,
    name: str,
    date_of_birth: date | None = None,
) -> Client:
    require_filled(client_number=client_number, name=name)
    if Client.objects.filter(organisation=organisation, client_number=client_number).exists():
        raise TransitionRefused(
            Message(
                gettext_noop("There is already a client with number %(number)s."),
                {"number": client_number},
            )
        )
    return Client.objects.create(
        organisation=organisation,
        client_number=client_number.strip(),
        name=name.strip(),
        date_of_birth=date_of_birth,
    )


def client_for_intake(*, organisation: Organisation, client_number: str, name: str) -> Client:
    """The client a complaint that comes in is about: known by their number, or
    registered now with the name given (the intake form asks for it then)."""
    known = Client.objects.filter(
        organisation=organisation, client_number=client_number.strip()
    ).first()
    return known or client_register(
        organisation=organisation, client_number=client_number, name=name
    )


def client_contact_register(
    *,
    client: Client,
    name: str,
    relation: Relation,
    email: str = "",
    phone: str = "",
    registered_on: date | None = None,
) -> ClientContact:
    """Register a contact person or representative in the client's file."""
    require_filled(name=name)
    if relation is Relation.CLIENT:
        raise TransitionRefused(
            Message(gettext_noop("The client is not their own contact person."))
        )
    if registered_on is not None:
        refuse_future(registered_on, today=timezone.localdate())
    return ClientContact.objects.create(
        client=client,
        name=name.strip(),
        relation=relation.value,
        email=email,
        phone=phone,
        registered_on=registered_on or timezone.localdate(),
    )


def client_death_record(*, client: Client, died_on: date) -> Client:
    """Record the day the client died; from then on a surviving relative may complain."""
    refuse_future(died_on, today=timezone.localdate())
    if client.date_of_birth and died_on < client.date_of_birth:
        raise TransitionRefused(
            Message(gettext_noop("The date of death lies before the date of birth."))
        )
    client.deceased_on = died_on
    client.save(update_fields=["deceased_on"])
    return client
