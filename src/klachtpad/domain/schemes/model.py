"""The complaint-scheme model: what a scheme file may say, and its field-level checks.

A scheme describes one organisation: its public contact points, its working-day
calendar, its categories, the outside bodies it refers to, and one or more procedures.
Each procedure rests on a regime (Wkkgz, Jeugdwet, Wmo 2015 or contract only), says who
may complain, and lists its steps in order, with their terms, documents and who is
kept informed. Checks that span the whole file (references, legal limits) live in
``validation``; the file-format reference is docs/schemes.md. The ground it is written
on (base model, two-language text, ids, durations, contact points) is ``base``; the
scheme's own words are ``words``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Self

from pydantic import (
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from klachtpad.domain.calendars import (
    DEFAULT_EXCLUDED_HOLIDAYS,
    Weekday,
    WorkingCalendar,
    weekdays_from_names,
)
from klachtpad.domain.deadlines import ExtensionRule, TermRule
from klachtpad.domain.durations import DurationUnit
from klachtpad.domain.marking import gettext_noop
from klachtpad.domain.schemes import upgrade
from klachtpad.domain.schemes.base import (
    EMAIL,
    ContactPoint,
    Identifier,
    LocalText,
    SchemeDuration,
    SchemeModel,
    WordId,
    parse_duration,
)
from klachtpad.domain.schemes.vocabulary import (
    CLOSE,
    BodyKind,
    Channel,
    DocumentContent,
    Event,
    FilingFrom,
    Handling,
    LateAgainst,
    Party,
    Regime,
    Register,
    ReportContent,
    ReportCovers,
    Role,
    Sharing,
    SignatureMoment,
    StepOutcome,
    TermKind,
    TermStart,
)
from klachtpad.domain.schemes.words import (
    ConditionId,
    DocumentKindId,
    RelationId,
    TermKindId,
    Vocabulary,
)

SCHEME_FORMAT = 2  # the format this version writes about; FORMATS_READ it still reads
FORMATS_READ = (1, 2)


class CalendarSpec(SchemeModel):
    """The organisation's working days; see domain.calendars for the defaults' reasons."""

    country: str = "NL"
    subdivision: str | None = None
    working_days: list[str] = Field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"])
    exclude_holidays: list[str] = Field(default_factory=lambda: sorted(DEFAULT_EXCLUDED_HOLIDAYS))
    observe_holidays: list[str] = Field(default_factory=list)
    closed_days: list[date] = Field(default_factory=list)
    open_days: list[date] = Field(default_factory=list)

    @field_validator("working_days")
    @classmethod
    def _weekdays(cls, value: list[str]) -> list[str]:
        names = [member.name.lower() for member in Weekday]
        for day in value:
            if day not in names:
                raise PydanticCustomError(
                    "weekday",
                    gettext_noop("%(day)s is not a weekday; use %(names)s"),
                    {"day": repr(day), "names": ", ".join(names)},
                )
        if not value:
            raise PydanticCustomError("no_weekdays", gettext_noop("name at least one working day"))
        return value

    def working_calendar(self) -> WorkingCalendar:
        return WorkingCalendar(
            country=self.country,
            subdivision=self.subdivision,
            working_weekdays=weekdays_from_names(self.working_days),
            exclude=frozenset(self.exclude_holidays),
            include=frozenset(self.observe_holidays),
            closed_days=frozenset(self.closed_days),
            open_days=frozenset(self.open_days),
        )


class Category(SchemeModel):
    code: Identifier
    name: LocalText


class Member(SchemeModel):
    """A provider under an umbrella organisation's scheme (Zorgkracht 12: "iedereen die
    met een zorgaanbieder van Zorgkracht 12 te maken heeft"), with its own contacts."""

    id: Identifier
    name: str = Field(min_length=1)
    about: LocalText | None = None
    contact: list[ContactPoint] = Field(default_factory=list)


class Organisation(SchemeModel):
    slug: Identifier
    name: str = Field(min_length=1)
    legal_name: str | None = None
    about: LocalText | None = None
    website: str | None = None
    contact: list[ContactPoint] = Field(default_factory=list)
    calendar: CalendarSpec = Field(default_factory=CalendarSpec)
    categories: list[Category] = Field(default_factory=list)
    members: list[Member] = Field(default_factory=list)

    def member(self, member_id: str) -> Member:
        for member in self.members:
            if member.id == member_id:
                return member
        raise KeyError(member_id)


class Body(SchemeModel):
    """An outside body: committee, external complaints service, disputes body, confidants..."""

    id: Identifier
    kind: BodyKind
    name: LocalText
    about: LocalText | None = None
    independent_chair: bool = False
    # Whether its ruling binds the organisation. Unset: a disputes body's does (a
    # "bindend advies", Wkkgz art. 21) and a court's; a committee's or a service's is
    # advice the organisation answers.
    binding: bool | None = None
    # How long after the complaint (or the organisation's decision) it may still be
    # brought to this body, also once the complaint is closed (the Geschillencommissie
    # Zorg: within a year); unset: no limit is known.
    filing_window: SchemeDuration | None = None
    filing_from: FilingFrom = FilingFrom.DECISION
    contact: list[ContactPoint] = Field(default_factory=list)

    @property
    def rules_binding(self) -> bool:
        if self.binding is not None:
            return self.binding
        return self.kind in (BodyKind.DISPUTES_BODY, BodyKind.COURT)


class Handler(SchemeModel):
    """Who handles a step: a staff role of the organisation, or an outside body."""

    role: Role | None = None
    body: Identifier | None = None
    title: LocalText | None = None  # how the scheme names this person, e.g. "voorzitter"
    contact: list[ContactPoint] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        # "handler: key_worker" is short for "handler: {role: key_worker}".
        if isinstance(data, str):
            return {"role": data}
        return data

    @model_validator(mode="after")
    def _role_or_body(self) -> Self:
        if (self.role is None) == (self.body is None):
            raise PydanticCustomError(
                "handler",
                gettext_noop("name either a role or a body that handles this step, not both"),
            )
        return self


class ExtensionSpec(SchemeModel):
    """How a term may be extended. Leave out ``max`` where the scheme names no maximum."""

    max: SchemeDuration | None = None
    times: int = Field(default=1, ge=1, le=10)
    notice_before_end: bool = True
    by: list[Role] = Field(default_factory=list)

    def rule(self) -> ExtensionRule:
        return ExtensionRule(
            maximum=self.max, times=self.times, notice_before_end=self.notice_before_end
        )


class TermSpec(SchemeModel):
    """A term: ``decision: 6w`` is short for ``decision: {within: 6w}``."""

    within: SchemeDuration
    start: TermStart = Field(default=TermStart.STEP_START, alias="from")
    statutory: bool = False
    legal_basis: str | None = None
    responsible: Role | None = None
    extension: ExtensionSpec | None = None
    longer_by_agreement: bool = False

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str | int):
            # Parse here so that the message points at the term itself.
            return {"within": parse_duration(data)}
        return data

    @model_validator(mode="after")
    def _statutory_terms_are_calendar_periods(self) -> Self:
        if self.statutory and self.within.unit is DurationUnit.WORKING_DAYS:
            raise PydanticCustomError(
                "statutory_working_days",
                gettext_noop(
                    "a term set by law runs in calendar days, weeks or months (Algemene "
                    "termijnenwet); write for example 6w instead of %(within)s"
                ),
                {"within": str(self.within)},
            )
        return self

    def rule(self) -> TermRule:
        return TermRule(
            within=self.within,
            statutory=self.statutory,
            extension=self.extension.rule() if self.extension else None,
            by_agreement=self.longer_by_agreement,
        )


class Signatures(SchemeModel):
    by: list[Party] = Field(min_length=1)
    when: SignatureMoment = SignatureMoment.ALWAYS


class DocumentSpec(SchemeModel):
    """A document the scheme requires."""

    kind: DocumentKindId
    required: bool = True
    sent_by: Role | None = None
    to: list[Party] = Field(default_factory=lambda: [Party.COMPLAINANT])
    contents: list[DocumentContent] = Field(default_factory=list)
    signatures: Signatures | None = None
    note: LocalText | None = None


class InformSpec(SchemeModel):
    """Someone the scheme keeps informed."""

    who: Role
    of: list[Event] = Field(min_length=1)
    gets: Sharing = Sharing.NOTICE
    note: LocalText | None = None


class Step(SchemeModel):
    id: Identifier
    name: LocalText
    handler: Handler
    handling: Handling
    about: LocalText
    optional: bool = False
    direct_entry: bool = False
    direct_entry_when: LocalText | None = None
    written: bool = False  # the complaint must be put in writing at this step
    # An informal step (mediation, an external complaints officer) where a written
    # complaint may be received and stay: it becomes formal here, the procedure's terms
    # set by law run from its receipt, and the step goes on mediating.
    receives_written: bool = False
    channels: list[Channel] = Field(default_factory=list)
    companions: LocalText | None = None  # whom the complainant may bring
    next: dict[StepOutcome, str] = Field(default_factory=dict)
    terms: dict[TermKindId, TermSpec] = Field(default_factory=dict)
    documents: list[DocumentSpec] = Field(default_factory=list)
    inform: list[InformSpec] = Field(default_factory=list)

    @property
    def holds_formal(self) -> bool:
        """Whether a formal (written) complaint may be at this step."""
        return self.handling is Handling.FORMAL or self.receives_written

    @model_validator(mode="after")
    def _receives_written_informal(self) -> Self:
        if self.receives_written and self.handling is Handling.FORMAL:
            raise PydanticCustomError(
                "receives_written",
                gettext_noop(
                    "receives_written is for an informal step; a formal step always receives "
                    "written complaints"
                ),
            )
        return self

    @model_validator(mode="after")
    def _direct_entry_reason(self) -> Self:
        if self.direct_entry_when is not None and not self.direct_entry:
            raise PydanticCustomError(
                "direct_entry_when",
                gettext_noop(
                    "direct_entry_when explains a direct entry; set direct_entry: true or remove it"
                ),
            )
        return self


class Permission(SchemeModel):
    """One kind of complainant, and the conditions under which they may complain."""

    relation: RelationId
    only_if: list[ConditionId] = Field(default_factory=list)
    note: LocalText | None = None


class Support(SchemeModel):
    """Who can help the complainant: a role, an outside body, or people the text describes."""

    role: Role | None = None
    body: Identifier | None = None
    about: LocalText

    @model_validator(mode="after")
    def _role_or_body(self) -> Self:
        if self.role is not None and self.body is not None:
            raise PydanticCustomError("support", gettext_noop("name a role or a body, not both"))
        return self


class OutsideBody(SchemeModel):
    """A body the complainant can turn to, and when."""

    body: Identifier
    when: LocalText
    instead_of_procedure: bool = False  # open without going through the steps first


class Subject(SchemeModel):
    """A subject the procedure does not cover, and where it goes instead (Mauritskliniek:
    "Een klacht over financiële vergoeding ... kan worden ingediend bij de financiële
    administratie"). Such a message is sent on; no complaint is opened."""

    id: WordId
    name: LocalText  # what it is about: "de rekening of de vergoeding"
    goes_to: LocalText  # where it goes: "onze financiële administratie"
    forward_to: str | None = None  # an e-mail address it is sent on to
    contact: list[ContactPoint] = Field(default_factory=list)
    note: LocalText | None = None

    @field_validator("forward_to")
    @classmethod
    def _forward_address(cls, value: str | None) -> str | None:
        if value is not None and not EMAIL.match(value):
            raise PydanticCustomError(
                "email", gettext_noop("%(value)s is not an e-mail address"), {"value": repr(value)}
            )
        return value


class Learning(SchemeModel):
    """How the organisation learns from complaints after handling."""

    anonymised_review: bool = False  # closed complaints are discussed anonymously
    feedback_to_employee: bool = False  # the employee concerned gets feedback
    note: LocalText | None = None


class ReportSpec(SchemeModel):
    """A report on complaints the scheme promises. No ``every``: periodically."""

    every: SchemeDuration | None = None
    by: Role | None = None
    to: list[Role] = Field(default_factory=list)
    contents: list[ReportContent] = Field(min_length=1)
    discussed_every: SchemeDuration | None = None
    late_against: LateAgainst = LateAgainst.TERM
    covers: ReportCovers = ReportCovers.RECEIVED
    public: bool = False
    note: LocalText | None = None


class Procedure(SchemeModel):
    id: Identifier
    name: LocalText
    regime: Regime
    applies_to: LocalText
    about: LocalText | None = None
    who_may_complain: list[Permission] = Field(min_length=1)
    support: list[Support] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    steps: list[Step] = Field(min_length=1)
    terms: dict[TermKindId, TermSpec] = Field(default_factory=dict)
    documents: list[DocumentSpec] = Field(default_factory=list)
    inform: list[InformSpec] = Field(default_factory=list)
    event_age_limit: SchemeDuration | None = None
    free_of_charge: bool = False
    # Others involved in the complaint are contacted only with the consent of the party
    # concerned (IederZijnWerk); the consent is recorded first.
    others_with_consent: bool = False
    outside_bodies: list[OutsideBody] = Field(default_factory=list)
    out_of_scope: list[Subject] = Field(default_factory=list)
    learning: Learning | None = None
    reports: list[ReportSpec] = Field(default_factory=list)
    # The scheme's own words, copied here from the top of the file so that whoever
    # holds a procedure can read them.
    vocabulary: Vocabulary = Field(default_factory=lambda: Vocabulary())

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def next_step(self, step_id: str, outcome: StepOutcome) -> str:
        """The step an outcome leads to, or ``close``. Unresolved goes to the next in order."""
        step = self.step(step_id)
        if outcome in step.next:
            return step.next[outcome]
        if outcome == StepOutcome.NOT_RESOLVED:
            index = self.steps.index(step)
            if index + 1 < len(self.steps):
                return self.steps[index + 1].id
        return CLOSE

    def entry_steps(self) -> list[Step]:
        """Where a complaint may start: the first step, and any step open directly."""
        return [step for index, step in enumerate(self.steps) if index == 0 or step.direct_entry]

    def all_terms(self) -> list[tuple[Step | None, TermKind | str, TermSpec]]:
        found: list[tuple[Step | None, TermKind | str, TermSpec]] = [
            (None, kind, spec) for kind, spec in self.terms.items()
        ]
        for step in self.steps:
            found += [(step, kind, spec) for kind, spec in step.terms.items()]
        return found

    def subject(self, subject_id: str) -> Subject:
        for subject in self.out_of_scope:
            if subject.id == subject_id:
                return subject
        raise KeyError(subject_id)

    def all_documents(self) -> list[DocumentSpec]:
        return self.documents + [doc for step in self.steps for doc in step.documents]


class Scheme(SchemeModel):
    """One organisation's complaint scheme, as one file."""

    format: int
    organisation: Organisation
    # Unset: the register the scheme's own Dutch texts use (``domain.schemes.register``).
    # ("register" itself is taken by the model's base class.)
    reader_register: Register | None = Field(default=None, alias="register")
    vocabulary: Vocabulary = Field(default_factory=lambda: Vocabulary())
    bodies: list[Body] = Field(default_factory=list)
    procedures: list[Procedure] = Field(min_length=1)

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: int) -> int:
        if value not in FORMATS_READ:
            raise PydanticCustomError(
                "format",
                gettext_noop(
                    "format %(value)s is not known; this version of Klachtpad reads formats "
                    "%(known)s"
                ),
                {"value": value, "known": ", ".join(str(known) for known in FORMATS_READ)},
            )
        return value

    @model_validator(mode="before")
    @classmethod
    def _words_and_format(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("procedures"), list):
            return data
        return upgrade.prepared(data)

    def body(self, body_id: str) -> Body:
        for body in self.bodies:
            if body.id == body_id:
                return body
        raise KeyError(body_id)

    def procedure(self, procedure_id: str) -> Procedure:
        for procedure in self.procedures:
            if procedure.id == procedure_id:
                return procedure
        raise KeyError(procedure_id)


__all__ = [
    "CLOSE",
    "Body",
    "CalendarSpec",
    "Category",
    "ContactPoint",
    "DocumentSpec",
    "ExtensionSpec",
    "Handler",
    "InformSpec",
    "Learning",
    "LocalText",
    "Member",
    "Organisation",
    "OutsideBody",
    "Permission",
    "Procedure",
    "ReportSpec",
    "Scheme",
    "Step",
    "Subject",
    "Support",
    "TermSpec",
    "Vocabulary",
]
