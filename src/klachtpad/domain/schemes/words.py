"""A scheme's own words: the vocabulary a scheme adds to the built-in one, and the
field types that take a built-in word or the id of an own one."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
)

from klachtpad.domain.schemes.base import LocalText, SchemeModel, WordId, identifier
from klachtpad.domain.schemes.vocabulary import (
    Condition,
    DocumentKind,
    Event,
    Relation,
    Role,
    TermKind,
    Verdict,
    built_in,
)

# A scheme's own words ---------------------------------------------------------------
#
# The built-in vocabularies (vocabulary.py) are the defaults. A scheme adds its own
# words under ``vocabulary``, each with Dutch and English labels and, where Klachtpad
# must know how to treat it, the built-in word it behaves ``like``.


class VerdictWord(SchemeModel):
    """A judgement of the scheme's own ("kennelijk ongegrond"), counted ``like`` a
    built-in one in the figures that group verdicts."""

    id: WordId
    label: LocalText
    like: Verdict


class RoleWord(SchemeModel):
    """A role of the scheme's own (the board, the finance department, a named GP as
    complaints officer), held by the Klachtpad role ``like``: its rights and messages
    are that role's, its title is the scheme's."""

    id: WordId
    title: LocalText
    like: Role


class RelationWord(SchemeModel):
    """A kind of complainant of the scheme's own (spouse, registered partner)."""

    id: WordId
    label: LocalText  # the noun, as sentences use it: "echtgenoot of geregistreerd partner"
    statement: LocalText | None = None  # as the complainant picks it: "Ik ben de partner"


class ConditionWord(SchemeModel):
    """A condition of the scheme's own on who may complain; the complainant declares it
    on the form and the complaints officer checks it."""

    id: WordId
    label: LocalText  # after the relation: "als u met de cliënt in één huis woont"
    statement: LocalText  # as the complainant ticks it: "Ik woon met de cliënt in één huis"


class DocumentWord(SchemeModel):
    """A letter of the scheme's own, written ``when`` an event happens, with its text.

    ``text`` is a letter template (docs/schemes.md lists what it may use)."""

    id: WordId
    label: LocalText  # the letter's subject
    about: LocalText | None = None  # what the procedure page says of it
    when: Event
    text: LocalText
    # The built-in letter this one is the scheme's own text of (a midwife's
    # "afsluitbericht" is the Wkkgz decision): the law's letter is then written.
    like: DocumentKind | None = None


class TermWord(SchemeModel):
    """A term of the scheme's own (an external officer's report), met by what meets
    the built-in term ``like``."""

    id: WordId
    label: LocalText
    like: TermKind


class Vocabulary(SchemeModel):
    verdicts: list[VerdictWord] = Field(default_factory=list)
    roles: list[RoleWord] = Field(default_factory=list)
    relations: list[RelationWord] = Field(default_factory=list)
    conditions: list[ConditionWord] = Field(default_factory=list)
    documents: list[DocumentWord] = Field(default_factory=list)
    terms: list[TermWord] = Field(default_factory=list)

    def verdict(self, verdict_id: str) -> VerdictWord | None:
        return next((word for word in self.verdicts if word.id == verdict_id), None)

    def relation(self, relation_id: str) -> RelationWord | None:
        return next((word for word in self.relations if word.id == relation_id), None)

    def condition(self, condition_id: str) -> ConditionWord | None:
        return next((word for word in self.conditions if word.id == condition_id), None)

    def document(self, kind: str) -> DocumentWord | None:
        return next((word for word in self.documents if word.id == kind), None)

    def term(self, kind: str) -> TermWord | None:
        return next((word for word in self.terms if word.id == kind), None)

    def verdict_meaning(self, verdict_id: str) -> Verdict:
        word = self.verdict(verdict_id)
        return word.like if word else Verdict(verdict_id)

    def term_meaning(self, kind: str) -> TermKind:
        word = self.term(kind)
        return word.like if word else TermKind(kind)

    def terms_like(self, kinds: Iterable[TermKind]) -> list[str]:
        """The built-in ``kinds`` and the scheme's own terms that behave like them."""
        wanted = set(kinds)
        return [kind.value for kind in wanted] + [w.id for w in self.terms if w.like in wanted]

    def documents_on(self, event: Event) -> list[str]:
        return [word.id for word in self.documents if word.when is event]


# Where a scheme's own word may stand: a built-in word, else the id of a word the
# scheme declares (validation checks it is declared).
def _word_or_id(enum: type[StrEnum]) -> Any:
    def parse(value: object) -> object:
        word = built_in(enum, value) if isinstance(value, str) else value
        return word if isinstance(word, enum) else identifier(value)

    return BeforeValidator(parse)


RelationId = Annotated[Relation | str, _word_or_id(Relation)]
ConditionId = Annotated[Condition | str, _word_or_id(Condition)]
DocumentKindId = Annotated[DocumentKind | str, _word_or_id(DocumentKind)]
TermKindId = Annotated[TermKind | str, _word_or_id(TermKind)]
