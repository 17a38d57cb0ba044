"""Factories for the complaint file. Complaints are made through the services, so that
their terms, history and messages are what a real complaint would have; one trait per
lifecycle state (``ComplaintFactory(acknowledged=True)``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.base import Factory
from factory.declarations import LazyFunction, Sequence, Trait
from factory.django import DjangoModelFactory

from klachtpad.complaints import services
from klachtpad.complaints.models import Client, Complaint
from klachtpad.domain.schemes.vocabulary import Channel, Handling, Relation, Verdict
from klachtpad.organisations.models import Procedure


class UserFactory(DjangoModelFactory[Any]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = Sequence(lambda n: f"medewerker{n}")
    first_name = "Fatima"
    last_name = Sequence(lambda n: f"de Vries {n}")


def staff() -> services.Actor:
    return services.Actor.staff(UserFactory.create())


class ClientFactory(DjangoModelFactory[Client]):
    class Meta:
        model = Client

    client_number = Sequence(lambda n: f"C{n:05d}")
    name = Sequence(lambda n: f"Cliënt {n}")


class ComplaintFactory(Factory[Complaint]):
    """A formal written complaint about the organisation's first procedure."""

    class Meta:
        model = Complaint

    class Params:
        acknowledged = Trait(acknowledge=True)
        extended = Trait(acknowledge=True, extend=True)
        decided = Trait(acknowledge=True, decide=True)
        closed = Trait(acknowledge=True, decide=True, close=True)
        declined = Trait(decline=True)
        withdrawn = Trait(withdraw=True)

    procedure = LazyFunction(lambda: Procedure.objects.first())
    handling = Handling.FORMAL
    channel = Channel.EMAIL
    relation = Relation.CLIENT
    received_on = LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    step = None
    acknowledge = False
    extend = False
    decide = False
    close = False
    decline = False
    withdraw = False

    @classmethod
    def _create(cls, model_class: type[Complaint], **kwargs: object) -> Complaint:
        procedure = kwargs["procedure"]
        assert isinstance(procedure, Procedure)
        actor = staff()
        client = ClientFactory.create(organisation=procedure.organisation)
        members = procedure.scheme_version.scheme().organisation.members
        complaint = services.complaint_register(
            procedure=procedure,
            actor=actor,
            channel=kwargs["channel"],  # type: ignore[arg-type]
            handling=kwargs["handling"],  # type: ignore[arg-type]
            complainant=services.Complainant(name=client.name, relation=kwargs["relation"]),  # type: ignore[arg-type]
            details=services.Details(
                summary="Afspraken worden niet nagekomen",
                description="Mijn begeleider kwam drie keer niet op de afgesproken tijd.",
                member=members[0].id if members else "",
            ),
            client=client,
            received_on=kwargs["received_on"],  # type: ignore[arg-type]
            step=kwargs["step"],  # type: ignore[arg-type]
        )
        today = timezone.localdate()
        if kwargs["acknowledge"]:
            complaint = services.complaint_acknowledge(complaint, actor=actor)
        if kwargs["extend"]:
            term = complaint.terms.get(kind="decision")
            complaint = services.complaint_term_extend(
                complaint,
                actor=actor,
                new_end=term.end_on + timedelta(weeks=2),
                notified_on=today,
                reason="De betrokken medewerker is met verlof.",
            )
        if kwargs["decide"]:
            complaint = services.complaint_judgement_record(
                complaint,
                actor=actor,
                verdict=Verdict.PARTLY_UPHELD,
                reasons="De afspraken zijn twee keer niet nagekomen, zo blijkt uit het rooster.",
                decisions="Wij bieden excuses aan en bespreken de afspraken met het team.",
                no_measures_reason="Het team heeft de werkwijze al aangepast.",
                late_explanation="Vertraagd door ziekte.",
            )
        if kwargs["close"]:
            complaint = services.complaint_close(complaint, actor=actor)
        if kwargs["decline"]:
            complaint = services.complaint_decline(
                complaint, actor=actor, motivation="De klacht gaat niet over onze zorg."
            )
        if kwargs["withdraw"]:
            complaint = services.complaint_withdraw(complaint, actor=actor)
        return complaint


def day(text: str) -> date:
    return date.fromisoformat(text)


def terms_of(complaint: Complaint) -> dict[tuple[str, str], tuple[str, str, bool | None]]:
    """The complaint's terms: (step, kind) -> (end, status, met in time)."""
    return {
        (t.step, t.kind): (t.end_on.isoformat(), t.status, t.in_time) for t in complaint.terms.all()
    }


def told(complaint: Complaint) -> set[tuple[str, str, str]]:
    """The messages recorded on the complaint: (recipient, document, event)."""
    return set(complaint.messages.values_list("recipient", "document", "event"))
