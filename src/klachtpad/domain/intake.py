"""Whether a complaint may be registered as told, and at which step it starts.

The rules of intake, apart from the rows they are checked against (the client's file,
the organisation a category belongs to): who may complain (``eligibility``); a formal
complaint is made in writing unless the form is filled in together with staff; it
starts at a step the procedure allows for its handling (the first such step by
default); under an umbrella scheme it names the member provider it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from klachtpad.domain.eligibility import may_complain
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.model import Procedure
from klachtpad.domain.schemes.vocabulary import Channel, Handling
from klachtpad.domain.workflow import check_entry, entry_steps

WRITTEN_CHANNELS = frozenset({Channel.FORM, Channel.EMAIL, Channel.LETTER})


@dataclass(frozen=True)
class IntakeFacts:
    """What is known of a complaint as it comes in."""

    handling: Handling
    channel: Channel
    relation: str
    filled_in_together: bool = False
    registered_contact: bool = False
    client_deceased: bool = False
    declared: frozenset[str] = frozenset()  # the scheme's own conditions, as declared
    refused_as_representative: bool = False
    step: str | None = None  # None: the first step the handling may start at
    member: str = ""
    members: frozenset[str] = field(default_factory=frozenset)  # the umbrella's providers


@dataclass(frozen=True)
class IntakeDecision:
    step: str  # where the complaint starts
    refusal: Message | None = None  # why it cannot be registered as told

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def check_intake(procedure: Procedure, facts: IntakeFacts) -> IntakeDecision:
    """The step a complaint starts at, or the first reason it cannot be registered."""
    entries = entry_steps(procedure, facts.handling)
    step = facts.step or (entries[0].id if entries else procedure.steps[0].id)
    eligibility = may_complain(
        procedure,
        facts.relation,
        refused_as_representative=facts.refused_as_representative,
        registered_contact=facts.registered_contact,
        client_deceased=facts.client_deceased,
        declared=facts.declared,
    )
    if not eligibility.allowed:
        return IntakeDecision(step, eligibility.reason)
    written = facts.channel in WRITTEN_CHANNELS or facts.filled_in_together
    if facts.handling is Handling.FORMAL and not written:
        return IntakeDecision(
            step,
            Message(
                gettext_noop(
                    "A formal complaint is made in writing. Fill in the complaint form "
                    "together with the complainant, or record the concern as informal."
                )
            ),
        )
    if (refusal := check_entry(procedure, step, facts.handling)) is not None:
        return IntakeDecision(step, refusal)
    if facts.members and facts.member not in facts.members:
        return IntakeDecision(
            step, Message(gettext_noop("Choose the care provider the complaint is about."))
        )
    if not facts.members and facts.member:
        return IntakeDecision(
            step,
            Message(gettext_noop("This organisation has no member providers to choose from.")),
        )
    return IntakeDecision(step)
