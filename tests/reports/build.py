"""Complaints with known figures, made through the services on the days they happen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from klachtpad.complaints import services
from klachtpad.complaints.models import Client, Complaint
from klachtpad.domain.schemes.vocabulary import Channel, Handling, Relation
from klachtpad.organisations.models import Category, Procedure
from tests.complaints.factories import UserFactory


class Builder:
    """Makes complaints for one procedure; ``travel`` moves the clock for each step."""

    def __init__(self, procedure: Procedure, travel: Callable[..., None]) -> None:
        self.procedure = procedure
        self.travel = travel
        self.actor = services.Actor.staff(
            UserFactory.create(username="officer", first_name="Ingrid", last_name="Bakker")
        )
        self.count = 0
        members = procedure.scheme_version.scheme().organisation.members
        self.member = members[0].id if members else ""  # an umbrella scheme's first member

    def on(self, day: str) -> None:
        self.travel(day)

    def complaint(
        self,
        received: str,
        *,
        handling: Handling = Handling.FORMAL,
        channel: Channel = Channel.EMAIL,
        categories: tuple[str, ...] = (),
        location: str = "",
        care_type: str = "",
        client: Client | None = None,
        complainant: services.Complainant | None = None,
        description: str = "Afspraken worden niet nagekomen.",
        employees: tuple[str, ...] = (),
        step: str | None = None,
        **extra: Any,
    ) -> Complaint:
        self.on(received)
        self.count += 1
        client = client or Client.objects.create(
            organisation=self.procedure.organisation,
            client_number=f"R{self.count:04d}",
            name=f"Cliënt {self.count}",
        )
        return services.complaint_register(
            procedure=self.procedure,
            actor=self.actor,
            channel=channel,
            handling=handling,
            complainant=complainant
            or services.Complainant(name=client.name, relation=Relation.CLIENT),
            details=services.Details(
                summary="Afspraken",
                description=description,
                location=location,
                care_type=care_type,
                **{"member": self.member, **extra},
            ),
            client=client,
            received_on=date.fromisoformat(received),
            step=step,
            categories=Category.objects.filter(
                organisation=self.procedure.organisation, code__in=categories
            ),
            employees=[services.Employee(name=name) for name in employees],
            filled_in_together=channel in (Channel.PHONE, Channel.IN_PERSON),
        )
