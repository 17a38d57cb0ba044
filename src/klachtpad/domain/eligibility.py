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

from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.model import Procedure
from klachtpad.domain.schemes.vocabulary import Condition, Regime, Relation


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    reason: Message | None = None


def may_complain(
    procedure: Procedure,
    relation: Relation,
    *,
    registered_contact: bool = False,
    client_deceased: bool = False,
    refused_as_representative: bool = False,
) -> Eligibility:
    if refused_as_representative and procedure.regime is Regime.WKKGZ:
        return Eligibility(True)
    facts = {
        Condition.REGISTERED_CONTACT: registered_contact,
        Condition.CLIENT_DECEASED: client_deceased,
    }
    permissions = [p for p in procedure.who_may_complain if p.relation is relation]
    if not permissions:
        allowed = tuple(dict.fromkeys(p.relation for p in procedure.who_may_complain))
        return Eligibility(
            False,
            Message(
                gettext_noop(
                    "Under this procedure a complaint cannot be made as %(relation)s. "
                    "Who may complain: %(allowed)s."
                ),
                {"relation": relation, "allowed": allowed},
            ),
        )
    for permission in permissions:
        if all(facts[condition] for condition in permission.only_if):
            return Eligibility(True)
    missing = next(c for c in permissions[0].only_if if not facts[c])
    if missing is Condition.REGISTERED_CONTACT:
        reason = gettext_noop(
            "A %(relation)s may complain only when registered as contact person in the "
            "client's file."
        )
    else:
        reason = gettext_noop("A %(relation)s may complain only about a client who has died.")
    return Eligibility(False, Message(reason, {"relation": relation}))
