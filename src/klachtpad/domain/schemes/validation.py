"""Reading a scheme file: YAML syntax, field checks, references and legal limits.

Every problem names the file, the field path and the fix, for example
``schemes/next.yaml: procedures[0].steps[3].terms.decision: "6 weken" is not a
duration; write a number and a unit: 6w (weeks), 30wd (working days), 10d, 1m or 1y``.

Legal limits checked per regime:

- Wkkgz art. 17: a decision term set by law, counted from the receipt of the written
  complaint, of at most six weeks; an extension of at most four weeks, once.
- Jeugdwet art. 4.2.1(2): complaints are judged by a complaints committee.
- Contract only: no term is set by law, so none may be marked statutory.

Warnings (the file still loads) point at what a complainant must be told but the file
leaves out, such as the disputes body of Wkkgz art. 18.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import yaml
from pydantic import ValidationError

from klachtpad.domain.calendars import holiday_names
from klachtpad.domain.durations import Duration
from klachtpad.domain.messages import Message, Param, gettext_noop
from klachtpad.domain.schemes import upgrade
from klachtpad.domain.schemes.model import CLOSE, ExtensionSpec, Procedure, Scheme, Step, TermSpec
from klachtpad.domain.schemes.register import register_of, texts_in_the_other_register
from klachtpad.domain.schemes.required import REQUIRED_DOCUMENTS
from klachtpad.domain.schemes.vocabulary import (
    BodyKind,
    Condition,
    DocumentKind,
    Handling,
    Regime,
    Relation,
    Role,
    TermKind,
    TermStart,
    Verdict,
)

WKKGZ_DECISION_TERM = Duration.parse("6w")
WKKGZ_EXTENSION = Duration.parse("4w")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    source: str
    path: str
    message: Message
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return self.render()

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        """Where and what, in the reader's language when ``translate`` is given."""
        say = translate or (lambda text: text)
        where = f"{self.source}: {self.path}" if self.path else self.source
        prefix = say(gettext_noop("warning: ")) if self.severity is Severity.WARNING else ""
        return f"{where}: {prefix}{self.message.render(translate)}"


class SchemeInvalid(Exception):
    """The file cannot be loaded; ``problems`` says why, each with its field path."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class CheckedScheme:
    scheme: Scheme
    warnings: tuple[Problem, ...]


def parse_scheme(text: str, source: str) -> CheckedScheme:
    """Read and check one scheme file's text. Raises SchemeInvalid with every problem."""
    data = _load_yaml(text, source)
    try:
        scheme = Scheme.model_validate(data)
    except ValidationError as error:
        # Each procedure holds a copy of the file's vocabulary: its errors are said once.
        raise SchemeInvalid(
            [
                Problem(source, format_path(e["loc"]), _message(e))
                for e in error.errors()
                if not (e["loc"][:1] == ("procedures",) and e["loc"][2:3] == ("vocabulary",))
            ]
        ) from None
    problems = list(_check_scheme(scheme, source))
    problems += [
        Problem(source, "format", hint, Severity.WARNING) for hint in upgrade.format_hints(data)
    ]
    register = register_of(scheme)
    problems += [
        Problem(
            source,
            path,
            Message(
                gettext_noop(
                    'this text addresses the reader with "%(other)s", but the scheme speaks '
                    'with "%(register)s"; everything Klachtpad writes for it does too (set '
                    "register: at the top to choose)"
                ),
                {"other": other.value, "register": register.value},
            ),
            Severity.WARNING,
        )
        for path, other in texts_in_the_other_register(scheme)
    ]
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    if errors:
        raise SchemeInvalid(errors)
    return CheckedScheme(scheme=scheme, warnings=tuple(problems))


# A scheme is a few hundred lines; anything far larger or deeper is not a scheme, and
# aliases (*name) let a few bytes expand into gigabytes, so they are refused.
MAX_SCHEME_CHARACTERS = 500_000
MAX_DEPTH = 30


ALIASES = gettext_noop("aliases (*name) are not allowed in a scheme; write the value out")
TOO_DEEP = gettext_noop("the file nests deeper than %(limit)s levels")


class _SchemeLoader(yaml.SafeLoader):
    """Safe YAML without aliases and with a depth limit, so that no file can make the
    parser or an error message do unbounded work."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                problem=ALIASES,
                problem_mark=event.start_mark,
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.MarkedYAMLError(
                    problem=TOO_DEEP,
                    problem_mark=self.peek_event().start_mark,  # type: ignore[no-untyped-call]
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _load_yaml(text: str, source: str) -> dict[str, Any]:
    if len(text) > MAX_SCHEME_CHARACTERS:
        raise SchemeInvalid(
            [
                Problem(
                    source,
                    "",
                    Message(
                        gettext_noop("the file is larger than %(limit)s characters"),
                        {"limit": MAX_SCHEME_CHARACTERS},
                    ),
                )
            ]
        )
    try:
        data = yaml.load(text, Loader=_SchemeLoader)  # noqa: S506  # a safe loader, aliases refused
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        if problem in (ALIASES, TOO_DEEP):
            message = Message(problem, {"limit": MAX_DEPTH})
        else:
            message = Message(
                gettext_noop("this is not valid YAML (%(problem)s); check the indentation"),
                {"problem": problem},
            )
        if mark:
            message = Message(
                gettext_noop("line %(line)s, column %(column)s: %(problem)s"),
                {"line": mark.line + 1, "column": mark.column + 1, "problem": message},
            )
        raise SchemeInvalid([Problem(source, "", message)]) from None
    if not isinstance(data, dict):
        raise SchemeInvalid(
            [
                Problem(
                    source,
                    "",
                    Message(
                        gettext_noop("a scheme file is a YAML mapping that starts with format: 2")
                    ),
                )
            ]
        )
    return data


def format_path(loc: Iterable[int | str]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part == "[key]":
            continue  # the key itself is named in the message
        else:
            path += f".{part}" if path else str(part)
    return path


_PLAIN: dict[str, str] = {
    "missing": gettext_noop("is required"),
    "string_type": gettext_noop("must be text"),
    "int_type": gettext_noop("must be a whole number"),
    "int_parsing": gettext_noop("must be a whole number"),
    "bool_type": gettext_noop("must be true or false"),
    "bool_parsing": gettext_noop("must be true or false"),
    "list_type": gettext_noop("must be a list (lines starting with -)"),
    "dict_type": gettext_noop("must be a mapping of names to values"),
    "model_type": gettext_noop("must be a mapping of fields"),
    "model_attributes_type": gettext_noop("must be a mapping of fields"),
    "date_type": gettext_noop("must be a date, written as 2026-12-24"),
    "date_parsing": gettext_noop("must be a date, written as 2026-12-24"),
    "date_from_datetime_parsing": gettext_noop("must be a date, written as 2026-12-24"),
    "string_too_short": gettext_noop("must not be empty"),
    "too_short": gettext_noop("must not be empty"),
}


def _message(error: Any) -> Message:
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind == "enum":
        expected = str(context.get("expected", ""))
        params: dict[str, Param] = {
            "value": repr(error["input"]).replace("'", '"'),
            "expected": expected.replace("'", '"'),
        }
        if all(f"'{role.value}'" in expected for role in Role):
            return Message(
                gettext_noop(
                    "%(value)s is not one of: %(expected)s; a role of the scheme's own is "
                    "declared under vocabulary.roles"
                ),
                params,
            )
        return Message(gettext_noop("%(value)s is not one of: %(expected)s"), params)
    if kind == "greater_than_equal":
        return Message(gettext_noop("must be at least %(ge)s"), {"ge": str(context.get("ge"))})
    if kind == "less_than_equal":
        return Message(gettext_noop("must be at most %(le)s"), {"le": str(context.get("le"))})
    if kind in _PLAIN:
        return Message(_PLAIN[kind])
    # The scheme's own checks write their templates with %(name)s and give the values.
    return Message(str(error["msg"]), {key: str(value) for key, value in context.items()})


def _check_scheme(scheme: Scheme, source: str) -> Iterable[Problem]:
    yield from _unique(source, "bodies", [body.id for body in scheme.bodies])
    yield from _unique(source, "procedures", [procedure.id for procedure in scheme.procedures])
    yield from _unique(
        source,
        "organisation.categories",
        [category.code for category in scheme.organisation.categories],
    )
    yield from _check_calendar(scheme, source)
    yield from _check_vocabulary(scheme, source)
    body_ids = {body.id for body in scheme.bodies}
    for index, procedure in enumerate(scheme.procedures):
        yield from _check_procedure(scheme, procedure, f"procedures[{index}]", body_ids, source)


_BUILT_IN: dict[str, type[StrEnum]] = {
    "verdicts": Verdict,
    "roles": Role,
    "relations": Relation,
    "conditions": Condition,
    "documents": DocumentKind,
    "terms": TermKind,
}


def _check_vocabulary(scheme: Scheme, source: str) -> Iterable[Problem]:
    """The scheme's own words: each id once, none a built-in word, each used one
    declared."""
    vocabulary = scheme.vocabulary
    for section, enum in _BUILT_IN.items():
        words = getattr(vocabulary, section)
        path = f"vocabulary.{section}"
        yield from _unique(source, path, [word.id for word in words])
        built_in = {member.value for member in enum}
        for index, word in enumerate(words):
            if word.id in built_in:
                yield Problem(
                    source,
                    f"{path}[{index}].id",
                    Message(
                        gettext_noop(
                            '"%(id)s" is a built-in word already; give your own word another id'
                        ),
                        {"id": word.id},
                    ),
                )

    def undeclared(where: str, value: str, section: str) -> Iterable[Problem]:
        if isinstance(value, StrEnum):
            return
        known = [word.id for word in getattr(vocabulary, section)]
        if value not in known:
            words = [member.value for member in _BUILT_IN[section]] + known
            close = difflib.get_close_matches(value, words, n=1)
            params: dict[str, Param] = {
                "value": value,
                "known": ", ".join(words),
                "section": section,
            }
            template = gettext_noop(
                '"%(value)s" is not a known word; known: %(known)s; '
                "a word of the scheme's own is declared under vocabulary.%(section)s"
            )
            if close:
                template = gettext_noop(
                    '"%(value)s" is not a known word; did you mean "%(close)s"? known: '
                    "%(known)s; a word of the scheme's own is declared under "
                    "vocabulary.%(section)s"
                )
                params["close"] = close[0]
            yield Problem(source, where, Message(template, params))

    for p_index, procedure in enumerate(scheme.procedures):
        path = f"procedures[{p_index}]"
        for index, permission in enumerate(procedure.who_may_complain):
            where = f"{path}.who_may_complain[{index}]"
            yield from undeclared(f"{where}.relation", permission.relation, "relations")
            for condition in permission.only_if:
                yield from undeclared(f"{where}.only_if", condition, "conditions")
        for step, kind, _spec in procedure.all_terms():
            where = _term_path(procedure, path, step.id if step else None, kind)
            yield from undeclared(where, kind, "terms")
        for document in procedure.all_documents():
            yield from undeclared(f"{path}.documents", document.kind, "documents")


def _unique(source: str, path: str, ids: Sequence[str]) -> Iterable[Problem]:
    for value, count in Counter(ids).items():
        if count > 1:
            yield Problem(
                source,
                path,
                Message(
                    gettext_noop('the id "%(value)s" is used %(count)s times; ids must differ'),
                    {"value": value, "count": count},
                ),
            )


def _check_calendar(scheme: Scheme, source: str) -> Iterable[Problem]:
    calendar = scheme.organisation.calendar
    path = "organisation.calendar"
    try:
        known = holiday_names(calendar.country, calendar.subdivision)
    except NotImplementedError:
        yield Problem(
            source,
            f"{path}.country",
            Message(
                gettext_noop('"%(country)s" is not a known country'),
                {"country": calendar.country},
            ),
        )
        return
    for name in calendar.exclude_holidays:
        if name not in known["public"]:
            yield Problem(
                source,
                f"{path}.exclude_holidays",
                Message(
                    gettext_noop(
                        '"%(name)s" is not a public holiday of %(country)s; known: %(known)s'
                    ),
                    {
                        "name": name,
                        "country": calendar.country,
                        "known": ", ".join(sorted(known["public"])),
                    },
                ),
            )
    for name in calendar.observe_holidays:
        if name not in known["optional"] | known["public"]:
            optional = ", ".join(sorted(known["optional"]))
            yield Problem(
                source,
                f"{path}.observe_holidays",
                Message(
                    gettext_noop(
                        '"%(name)s" is not a holiday of %(country)s; optional ones: %(known)s'
                    )
                    if optional
                    else gettext_noop('"%(name)s" is not a holiday of %(country)s'),
                    {"name": name, "country": calendar.country, "known": optional},
                ),
            )


def _check_procedure(
    scheme: Scheme, procedure: Procedure, path: str, body_ids: set[str], source: str
) -> Iterable[Problem]:
    step_ids = [step.id for step in procedure.steps]
    yield from _unique(source, f"{path}.steps", step_ids)
    yield from _unique(source, f"{path}.out_of_scope", [s.id for s in procedure.out_of_scope])

    def unknown_body(where: str, body_id: str | None) -> Iterable[Problem]:
        if body_id is not None and body_id not in body_ids:
            template = gettext_noop('"%(id)s" is not a body of this scheme; known: %(known)s')
            if not body_ids:
                template = gettext_noop(
                    '"%(id)s" is not a body of this scheme; known: none yet; add it under bodies'
                )
            known = ", ".join(sorted(body_ids))
            yield Problem(source, where, Message(template, {"id": body_id, "known": known}))

    for index, support in enumerate(procedure.support):
        yield from unknown_body(f"{path}.support[{index}].body", support.body)
    for index, outside in enumerate(procedure.outside_bodies):
        yield from unknown_body(f"{path}.outside_bodies[{index}].body", outside.body)
    for index, step in enumerate(procedure.steps):
        step_path = f"{path}.steps[{index}]"
        yield from unknown_body(f"{step_path}.handler.body", step.handler.body)
        for outcome, target in step.next.items():
            if target == step.id:
                yield Problem(
                    source,
                    f"{step_path}.next.{outcome}",
                    Message(gettext_noop("a step cannot lead to itself")),
                )
            elif target != CLOSE and target not in step_ids:
                yield Problem(
                    source,
                    f"{step_path}.next.{outcome}",
                    Message(
                        gettext_noop(
                            '"%(target)s" is not a step of this procedure; use one of '
                            "%(steps)s or %(close)s"
                        ),
                        {"target": target, "steps": ", ".join(step_ids), "close": CLOSE},
                    ),
                )
    yield from _check_terms(procedure, path, source)
    yield from _check_documents(procedure, path, source)
    yield from _check_regime(scheme, procedure, path, source)


def _term_path(procedure: Procedure, path: str, step_id: str | None, kind: str) -> str:
    if step_id is None:
        return f"{path}.terms.{kind}"
    return f"{path}.steps[{[s.id for s in procedure.steps].index(step_id)}].terms.{kind}"


def _check_terms(procedure: Procedure, path: str, source: str) -> Iterable[Problem]:
    has_formal_step = any(step.handling is Handling.FORMAL for step in procedure.steps)
    for step, kind, spec in procedure.all_terms():
        where = _term_path(procedure, path, step.id if step else None, kind)
        if spec.start is TermStart.FORMAL_RECEIPT and not has_formal_step:
            yield Problem(
                source,
                f"{where}.from",
                Message(
                    gettext_noop(
                        "this term runs from the formal complaint, but no step has handling: formal"
                    )
                ),
            )
        if kind is TermKind.RESPONSE and spec.start is not TermStart.JUDGEMENT:
            yield Problem(
                source,
                f"{where}.from",
                Message(gettext_noop("a response term runs from: judgement")),
            )
        if step is None and spec.start is TermStart.STEP_START:
            yield Problem(
                source,
                f"{where}.from",
                Message(
                    gettext_noop(
                        "a procedure-wide term needs a start: receipt, formal_receipt or judgement"
                    )
                ),
            )


def _check_documents(procedure: Procedure, path: str, source: str) -> Iterable[Problem]:
    extendable = any(spec.extension for _, _, spec in procedure.all_terms())
    for document in procedure.all_documents():
        if document.kind is DocumentKind.EXTENSION_NOTICE and not extendable:
            yield Problem(
                source,
                f"{path}.documents",
                Message(
                    gettext_noop(
                        "an extension notice is listed, but no term of this procedure may be "
                        "extended"
                    )
                ),
            )
        if document.signatures and document.kind not in (
            DocumentKind.JUDGEMENT,
            DocumentKind.DECISION,
        ):
            yield Problem(
                source,
                f"{path}.documents",
                Message(
                    gettext_noop(
                        "signatures are only asked on a judgement or decision, not on %(kind)s"
                    ),
                    {"kind": str(document.kind)},
                ),
            )


def _check_regime(
    scheme: Scheme, procedure: Procedure, path: str, source: str
) -> Iterable[Problem]:
    terms = procedure.all_terms()
    if procedure.regime is Regime.CONTRACT:
        for step, kind, spec in terms:
            if spec.statutory:
                yield Problem(
                    source,
                    f"{_term_path(procedure, path, step.id if step else None, kind)}.statutory",
                    Message(
                        gettext_noop(
                            "a contract-only procedure has no terms set by law; remove statutory: "
                            "true"
                        )
                    ),
                )
    if procedure.regime is Regime.WKKGZ:
        yield from _check_wkkgz(procedure, path, source)
    if procedure.regime is Regime.JEUGDWET:
        committee_ids = {
            body.id for body in scheme.bodies if body.kind is BodyKind.COMPLAINTS_COMMITTEE
        }
        if not any(step.handler.body in committee_ids for step in procedure.steps):
            yield Problem(
                source,
                f"{path}.steps",
                Message(
                    gettext_noop(
                        "under the Jeugdwet (art. 4.2.1) a complaints committee judges complaints; "
                        "add a step handled by a body of kind complaints_committee"
                    )
                ),
            )
    yield from _check_what_is_told(procedure, path, source)


def _check_what_is_told(procedure: Procedure, path: str, source: str) -> Iterable[Problem]:
    """Warnings: what the law says a complainant gets, that the scheme leaves out."""
    listed = {spec.kind for spec in procedure.all_documents()}
    listed |= {
        word.like for word in procedure.vocabulary.documents if word.id in listed and word.like
    }
    for required in REQUIRED_DOCUMENTS.get(procedure.regime, {}).values():
        if required not in listed:
            yield Problem(
                source,
                f"{path}.documents",
                Message(
                    gettext_noop(
                        "the law asks for %(document)s; the scheme lists none, so Klachtpad's "
                        "own text is used (add a document of kind %(kind)s to write your own)"
                    ),
                    {"document": Message(_REQUIRED_WORDS[required]), "kind": required.value},
                ),
                Severity.WARNING,
            )
    if procedure.regime in (Regime.WKKGZ, Regime.JEUGDWET) and not procedure.outside_bodies:
        yield Problem(
            source,
            f"{path}.outside_bodies",
            Message(
                gettext_noop(
                    "no outside body is named; complainants must be told where else they can go"
                )
            ),
            Severity.WARNING,
        )


_REQUIRED_WORDS = {
    DocumentKind.DECISION: gettext_noop("a written decision"),
    DocumentKind.EXTENSION_NOTICE: gettext_noop("a written notice when a term is extended"),
    DocumentKind.DECLINE_NOTICE: gettext_noop(
        "a motivated written notice when a complaint is declined"
    ),
    DocumentKind.JUDGEMENT: gettext_noop("the committee's written judgement"),
    DocumentKind.ANSWER: gettext_noop("the provider's written answer to the committee's judgement"),
}


def _check_wkkgz_extension(extension: ExtensionSpec, where: str, source: str) -> Iterable[Problem]:
    """Wkkgz art. 17(2): one extension of at most 4 weeks, notified before the end."""
    if extension.max is None or (
        extension.max.counts_working_days
        or extension.max.longest_days() > WKKGZ_EXTENSION.longest_days()
    ):
        yield Problem(
            source,
            f"{where}.extension.max",
            Message(
                gettext_noop(
                    "Wkkgz art. 17(2) allows an extension of at most 4 weeks; write max: 4w (or "
                    "less)"
                )
            ),
        )
    if extension.times > 1:
        yield Problem(
            source,
            f"{where}.extension.times",
            Message(
                gettext_noop(
                    "Wkkgz art. 17(2) allows one extension; longer only by agreement "
                    "(longer_by_agreement: true)"
                )
            ),
        )
    if not extension.notice_before_end:
        yield Problem(
            source,
            f"{where}.extension.notice_before_end",
            Message(gettext_noop("Wkkgz art. 17(2) requires written notice before the term ends")),
        )


def _check_wkkgz(procedure: Procedure, path: str, source: str) -> Iterable[Problem]:
    decisions = [
        (step, spec) for step, kind, spec in procedure.all_terms() if kind is TermKind.DECISION
    ]
    if not decisions:
        yield Problem(
            source,
            f"{path}.terms",
            Message(
                gettext_noop(
                    "a Wkkgz procedure needs a decision term (Wkkgz art. 17: a written decision "
                    "within 6 weeks); add decision: {within: 6w, from: formal_receipt, statutory: "
                    "true}"
                )
            ),
        )
        return
    for step, spec in decisions:
        yield from _check_wkkgz_decision(procedure, step, spec, path, source)


def _check_wkkgz_decision(
    procedure: Procedure, step: Step | None, spec: TermSpec, path: str, source: str
) -> Iterable[Problem]:
    """Wkkgz art. 17(1): set by law, at most six weeks, from the written complaint."""
    where = _term_path(procedure, path, step.id if step else None, TermKind.DECISION)
    receiving = [s for s in procedure.steps if s.receives_written]
    if step is not None and receiving:
        yield Problem(
            source,
            where,
            Message(
                gettext_noop(
                    "%(receiving)s receives written complaints, but this term runs only at "
                    "step %(step)s; write it under the procedure's terms so that it runs "
                    "from the receipt of the written complaint at any step"
                ),
                {"receiving": receiving[0].id, "step": step.id},
            ),
            Severity.WARNING,
        )
    if not spec.statutory:
        yield Problem(
            source,
            f"{where}.statutory",
            Message(
                gettext_noop(
                    "the Wkkgz decision term is set by law (art. 17); write statutory: true so "
                    "that the Algemene termijnenwet applies"
                )
            ),
        )
    elif spec.within.longest_days() > WKKGZ_DECISION_TERM.longest_days():
        yield Problem(
            source,
            f"{where}.within",
            Message(
                gettext_noop("%(within)s is longer than the 6 weeks of Wkkgz art. 17(1)"),
                {"within": str(spec.within)},
            ),
        )
    if spec.start is not TermStart.FORMAL_RECEIPT:
        yield Problem(
            source,
            f"{where}.from",
            Message(
                gettext_noop(
                    "the Wkkgz term runs from the receipt of the written complaint; "
                    "write from: formal_receipt"
                )
            ),
        )
    if spec.extension is not None:
        yield from _check_wkkgz_extension(spec.extension, where, source)
