"""Scheme concepts in words a person reads, through gettext.

Each word of the domain has one label, in ``organisations.choices``; the functions here
use it, or the scheme's own word where the scheme has one. The ``*_PHRASES`` are not
labels: they are how the public pages and the letters say a word to the complainant
("A legal representative (such as a curator)", "your key worker", "you").
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from klachtpad.domain.durations import Duration, DurationUnit
from klachtpad.domain.schemes.model import LocalText, Procedure, Scheme, TermSpec
from klachtpad.domain.schemes.register import register_of
from klachtpad.domain.schemes.vocabulary import (
    Channel,
    Condition,
    DocumentKind,
    Party,
    Relation,
    Role,
    TermKind,
    TermStart,
    Verdict,
)
from klachtpad.organisations.choices import (
    ChannelChoices,
    RelationChoices,
    TermKindChoices,
    VerdictChoices,
)

RELATION_PHRASES: dict[Relation, Promise] = {
    Relation.CLIENT: gettext_lazy("The client themselves"),
    Relation.LEGAL_REPRESENTATIVE: gettext_lazy("A legal representative (such as a curator)"),
    Relation.MENTOR: gettext_lazy("A mentor"),
    Relation.AUTHORISED_REPRESENTATIVE: gettext_lazy("Someone the client has authorised"),
    Relation.FAMILY_MEMBER: gettext_lazy("A family member"),
    Relation.SURVIVING_RELATIVE: gettext_lazy("A surviving relative"),
    Relation.PARENT: gettext_lazy("A parent"),
    Relation.FOSTER_PARENT: gettext_lazy("A foster parent"),
    Relation.GUARDIAN: gettext_lazy("A guardian"),
    Relation.CARER: gettext_lazy("A carer"),
    Relation.OTHER_INVOLVED: gettext_lazy("Someone else involved with the client"),
}

# What a judgement means, said to the complainant on their page.
VERDICT_PHRASES: dict[Verdict, Promise] = {
    Verdict.UPHELD: gettext_lazy("Your complaint is upheld: you were right."),
    Verdict.PARTLY_UPHELD: gettext_lazy("Your complaint is partly upheld: you were partly right."),
    Verdict.NOT_UPHELD: gettext_lazy("Your complaint is not upheld."),
    Verdict.NOT_ADMISSIBLE: gettext_lazy(
        "Your complaint could not be judged as a complaint (not admissible)."
    ),
    Verdict.NOT_COMPETENT: gettext_lazy("This body cannot judge your complaint."),
}

CONDITION_PHRASES: dict[Condition, Promise] = {
    Condition.REGISTERED_CONTACT: gettext_lazy(
        "only if registered as contact person in the client's file"
    ),
    Condition.CLIENT_DECEASED: gettext_lazy("if the client has died"),
}

ROLE_PHRASES: dict[Role, Promise] = {
    Role.EMPLOYEE_CONCERNED: gettext_lazy("the employee the complaint is about"),
    Role.KEY_WORKER: gettext_lazy("your key worker"),
    Role.SECOND_KEY_WORKER: gettext_lazy("your second key worker"),
    Role.CLIENT_CONFIDANT: gettext_lazy("the client confidant"),
    Role.COORDINATOR: gettext_lazy("the coordinator or line manager"),
    Role.COMPLAINTS_OFFICER: gettext_lazy("the complaints officer"),
    Role.QUALITY_COORDINATOR: gettext_lazy("the quality coordinator"),
    Role.MANAGEMENT: gettext_lazy("the management"),
}

PARTY_PHRASES: dict[Party, Promise] = {
    Party.COMPLAINANT: gettext_lazy("you"),
    Party.EMPLOYEE_CONCERNED: gettext_lazy("the employee concerned"),
    Party.COMPLAINTS_OFFICER: gettext_lazy("the complaints officer"),
    Party.QUALITY_COORDINATOR: gettext_lazy("the quality coordinator"),
    Party.MANAGEMENT: gettext_lazy("the management"),
    Party.COMMITTEE: gettext_lazy("the committee"),
}

DOCUMENT_PHRASES: dict[DocumentKind, Promise] = {
    DocumentKind.ACKNOWLEDGEMENT: gettext_lazy(
        "A written confirmation that your complaint was received. It explains what happens next."
    ),
    DocumentKind.MEETING_INVITATION: gettext_lazy("An invitation for a meeting."),
    DocumentKind.EXTENSION_NOTICE: gettext_lazy(
        "A letter if more time is needed, with the reason and the new date."
    ),
    DocumentKind.DECLINE_NOTICE: gettext_lazy(
        "If your complaint is not taken on: a letter that explains why."
    ),
    DocumentKind.REFERRAL: gettext_lazy("A letter that refers you to another body."),
    DocumentKind.DECISION: gettext_lazy(
        "A written answer: what was decided about your complaint, what will be done, and by when."
    ),
    DocumentKind.JUDGEMENT: gettext_lazy(
        "A written judgement on your complaint, with the reasons."
    ),
    DocumentKind.PROCEDURE_REPORT: gettext_lazy(
        "A letter about how your complaint was handled, how long it took and how satisfied you are."
    ),
    DocumentKind.MEASURE_NOTICE: gettext_lazy(
        "A letter when a measure that was promised after your complaint has been carried out."
    ),
    DocumentKind.ANSWER: gettext_lazy(
        "A letter in which the organisation says what it does with the judgement: "
        "which measures it takes, and by when."
    ),
}


def chosen_language() -> str:
    """The language the visitor chose ("nl" or "en"), whatever register is active: what
    a complaint keeps as its language."""
    return (get_language() or "nl").split("-")[0]


def dialect(scheme: Scheme, language: str | None = None) -> str:
    """The language to write in for ``scheme``'s complainants: English, or Dutch in the
    scheme's register ("nl-u", "nl-je"; the catalogues nl_U and nl_JE hold what
    differs from nl)."""
    if (language or chosen_language()).startswith("en"):
        return "en"
    return f"nl-{register_of(scheme).value}"


def duration_words(duration: Duration) -> str:
    """``6w`` -> "6 weeks" / "6 weken"."""
    n = duration.amount
    if duration.unit is DurationUnit.WORKING_DAYS:
        return ngettext("%(n)d working day", "%(n)d working days", n) % {"n": n}
    if duration.unit is DurationUnit.WEEKS:
        return ngettext("%(n)d week", "%(n)d weeks", n) % {"n": n}
    if duration.unit is DurationUnit.MONTHS:
        return ngettext("%(n)d month", "%(n)d months", n) % {"n": n}
    if duration.unit is DurationUnit.YEARS:
        return ngettext("%(n)d year", "%(n)d years", n) % {"n": n}
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def param_words(value: object) -> str:
    """A message parameter as the reader writes it: "4 weken", "25 januari 2027",
    "wettelijk vertegenwoordiger"; a list of words joined."""
    if isinstance(value, Duration):
        return duration_words(value)
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(value, tuple):
        return ", ".join(param_words(item) for item in value)
    if isinstance(value, StrEnum):
        return vocabulary_word(value)
    if isinstance(value, LocalText):
        return value.get(get_language() or "nl")
    return str(value)


def _own(text: LocalText | None) -> str:
    return text.get(get_language() or "nl") if text else ""


def relation_label(procedure: Procedure, relation: str) -> str:
    """How the procedure page lists a kind of complainant."""
    word = procedure.vocabulary.relation(relation)
    if word:
        return capfirst(word.label.get(get_language() or "nl"))
    return str(RELATION_PHRASES[Relation(relation)])


def condition_label(procedure: Procedure, condition: str) -> str:
    word = procedure.vocabulary.condition(condition)
    return _own(word.label) if word else str(CONDITION_PHRASES[Condition(condition)])


def verdict_label(procedure: Procedure | None, verdict: str) -> str:
    """A judgement in words: the scheme's own, else the built-in one."""
    word = procedure.vocabulary.verdict(verdict) if procedure else None
    if word:
        return word.label.get(get_language() or "nl")
    if verdict in VerdictChoices.values:
        return str(VerdictChoices(verdict).label)
    return verdict.replace("_", " ")


def verdict_choices(procedure: Procedure) -> list[tuple[str, str]]:
    """The judgements a person may give under this procedure: built-in, then own."""
    return [(value, str(label)) for value, label in VerdictChoices.choices] + [
        (word.id, word.label.get(get_language() or "nl")) for word in procedure.vocabulary.verdicts
    ]


def document_label(procedure: Procedure, kind: str) -> str:
    """What the procedure page says a letter is."""
    word = procedure.vocabulary.document(kind)
    if word:
        return _own(word.about) or capfirst(word.label.get(get_language() or "nl"))
    return str(DOCUMENT_PHRASES[DocumentKind(kind)])


def vocabulary_word(value: StrEnum) -> str:
    """A word of the scheme vocabulary in the reader's language; its id spelled out
    where Klachtpad has no label for it."""
    for kind, choices in (
        (Relation, RelationChoices),
        (Verdict, VerdictChoices),
        (Channel, ChannelChoices),
        (TermKind, TermKindChoices),
    ):
        if isinstance(value, kind):
            return str(choices(value.value).label)
    return value.value.replace("_", " ")


def term_kind_label(kind: TermKind | str, procedure: Procedure | None = None) -> str:
    word = procedure.vocabulary.term(kind) if procedure else None
    if word:
        return word.label.get(get_language() or "nl")
    if kind not in TermKindChoices.values:
        return str(kind).replace("_", " ")
    return capfirst(str(TermKindChoices(kind).label))


def term_start_words(start: TermStart) -> str:
    return {
        TermStart.RECEIPT: _("after your complaint arrives"),
        TermStart.FORMAL_RECEIPT: _("after your written complaint arrives"),
        TermStart.STEP_START: _("after your complaint reaches this step"),
        TermStart.JUDGEMENT: _("after the judgement"),
        TermStart.MEETING_HELD: _("after the meeting"),
    }[start]


def term_sentences(
    kind: TermKind | str, spec: TermSpec, who: str | None = None, *, procedure: Procedure
) -> list[str]:
    """Plain sentences for one term, as a complainant needs to know it."""
    values = {"within": duration_words(spec.within), "after": term_start_words(spec.start)}
    own = procedure.vocabulary.term(kind)
    if own is not None:
        values["what"] = own.label.get(get_language() or "nl")
        sentences = [_("Within %(within)s %(after)s: %(what)s.") % values]
    elif kind is TermKind.ACKNOWLEDGEMENT:
        sentences = [
            _("Within %(within)s %(after)s, you get a written confirmation of receipt.") % values
        ]
    elif kind is TermKind.FIRST_CONTACT:
        values["who"] = capfirst(who or _("someone"))
        sentences = [_("%(who)s contacts you within %(within)s %(after)s.") % values]
    elif kind is TermKind.DECISION:
        sentences = [_("Within %(within)s %(after)s, you get a written answer.") % values]
    elif kind is TermKind.REPORT:
        sentences = [_("Within %(within)s %(after)s, the outside body reports back.") % values]
    else:
        sentences = [
            _("Within %(within)s %(after)s, you hear in writing which measures are taken.") % values
        ]
    extension = spec.extension
    if extension is not None:
        if extension.max is not None:
            sentences.append(
                ngettext(
                    "This term can be extended once, by at most %(max)s. You are told so in "
                    "writing before the term ends.",
                    "This term can be extended %(times)d times, by at most %(max)s in total. "
                    "You are told so in writing before the term ends.",
                    extension.times,
                )
                % {"max": duration_words(extension.max), "times": extension.times}
            )
        else:
            sentences.append(_("If more time is needed, you are told the reason and the new date."))
    if spec.longer_by_agreement:
        sentences.append(_("A longer term is possible only if you agree to it."))
    return sentences


def verdict_phrase(procedure: Procedure | None, verdict: str) -> str:
    """What a judgement means, in a sentence to the complainant; the scheme's own
    judgements are named in its own words."""
    if verdict in VerdictChoices.values:
        return str(VERDICT_PHRASES[Verdict(verdict)])
    return _("The judgement: %(verdict)s.") % {"verdict": verdict_label(procedure, verdict)}
