"""What a judgement must contain, per regime.

Wkkgz art. 17(1): the provider tells the complainant in writing, reasoned, (a) its
judgement on the complaint, (b) the decisions it takes on it, and (c) the measures it
takes and the terms within which they will be realised. A judgement that takes no
measures says so, and why. Under the other regimes the judgement is reasoned; the
scheme's documents may ask for more (``contents``), which the letters show.

"Reasoned" is checked as far as a program can: the reasons must explain, in more than
a word or two ("Klopt." is not a reason).
"""

from __future__ import annotations

from dataclasses import dataclass

from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.vocabulary import Regime

MIN_REASON_WORDS = 6


@dataclass(frozen=True)
class JudgementContents:
    reasons: str
    decisions: str = ""
    measures: int = 0  # how many measures, each with a description, owner and date
    no_measures_reason: str = ""


def judgement_problems(regime: Regime, contents: JudgementContents) -> list[Message]:
    """What the judgement lacks under ``regime``; empty when it is complete."""
    problems = []
    if len(contents.reasons.split()) < MIN_REASON_WORDS:
        problems.append(
            Message(
                gettext_noop(
                    "Give the reasons for the judgement: explain in a few sentences how you "
                    "came to it."
                )
            )
        )
    if regime is not Regime.WKKGZ:
        return problems
    if not contents.decisions.strip():
        problems.append(
            Message(
                gettext_noop("Write the decisions taken on the complaint (Wkkgz art. 17(1)(b)).")
            )
        )
    if contents.measures == 0 and not contents.no_measures_reason.strip():
        problems.append(
            Message(
                gettext_noop(
                    "Name the measures with the date by which each is realised, or say why "
                    "no measures are taken (Wkkgz art. 17(1)(c))."
                )
            )
        )
    if contents.measures and contents.no_measures_reason.strip():
        problems.append(
            Message(gettext_noop("Either name measures or say why there are none, not both."))
        )
    return problems
