"""Who may complain under a procedure, with the reason when someone may not.

Wkkgz art. 14: the client, a surviving relative of a deceased client, or a
representative; and (art. 14(2)) a person the provider refused to treat as the client's
representative may complain about that refusal, whatever the scheme narrows. Jeugdwet
art. 4.2.1(4): the young person, a parent or foster parent, or someone on their behalf.
A scheme may narrow or widen this; Next, for example, accepts a family member or mentor
only when registered as contact person in the client's file.
"""

from __future__ import annotations

from dataclasses import dataclass

from klachtpad.domain.messages import Message, Word, gettext_noop
from klachtpad.domain.schemes.model import Procedure
from klachtpad.domain.schemes.vocabulary import Condition, Regime, Relation


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    reason: Message | None = None


def relation_word(procedure: Procedure, relation: str) -> Word:
    """A relation as a message shows it: the built-in word, or the scheme's label."""
    word = procedure.vocabulary.relation(relation)
    return word.label if word else Relation(relation)


def may_complain(
    procedure: Procedure,
    relation: str,
    *,
    registered_contact: bool = False,
    client_deceased: bool = False,
    refused_as_representative: bool = False,
    declared: frozenset[str] = frozenset(),
) -> Eligibility:
    """Whether someone so related may complain. ``declared`` holds the scheme's own
    conditions the complainant says are met (the complaints officer checks them)."""
    if refused_as_representative and procedure.regime is Regime.WKKGZ:
        return Eligibility(True)
    facts = {
        Condition.REGISTERED_CONTACT.value: registered_contact,
        Condition.CLIENT_DECEASED.value: client_deceased,
    }

    def met(condition: str) -> bool:
        return facts.get(condition, condition in declared)

    permissions = [p for p in procedure.who_may_complain if p.relation == relation]
    if not permissions:
        allowed = tuple(
            relation_word(procedure, r)
            for r in dict.fromkeys(p.relation for p in procedure.who_may_complain)
        )
        return Eligibility(
            False,
            Message(
                gettext_noop(
                    "Under this procedure a complaint cannot be made as %(relation)s. "
                    "Who may complain: %(allowed)s."
                ),
                {"relation": relation_word(procedure, relation), "allowed": allowed},
            ),
        )
    for permission in permissions:
        if all(met(condition) for condition in permission.only_if):
            return Eligibility(True)
    missing = next(c for c in permissions[0].only_if if not met(c))
    word = relation_word(procedure, relation)
    if missing == Condition.REGISTERED_CONTACT:
        reason = gettext_noop(
            "A %(relation)s may complain only when registered as contact person in the "
            "client's file."
        )
    elif missing == Condition.CLIENT_DECEASED:
        reason = gettext_noop("A %(relation)s may complain only about a client who has died.")
    else:
        condition = procedure.vocabulary.condition(missing)
        assert condition is not None  # noqa: S101 - validation checks it is declared
        return Eligibility(
            False,
            Message(
                gettext_noop("A %(relation)s may complain only %(condition)s."),
                {"relation": word, "condition": condition.label},
            ),
        )
    return Eligibility(False, Message(reason, {"relation": word}))
