"""Checking a scheme file: YAML syntax and fields (``reading``), references between
its parts, and the law's limits (``law``).

Every problem names the file, the field path and the fix, for example
``schemes/next.yaml: procedures[0].steps[3].terms.decision: "6 weken" is not a
duration; write a number and a unit: 6w (weeks), 30wd (working days), 10d, 1m or 1y``.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pydantic import ValidationError

from klachtpad.domain.calendars import holiday_names
from klachtpad.domain.messages import Message, Param, gettext_noop
from klachtpad.domain.schemes import upgrade
from klachtpad.domain.schemes.law import check_regime
from klachtpad.domain.schemes.model import CLOSE, Procedure, Scheme
from klachtpad.domain.schemes.problems import Problem, SchemeInvalid, Severity, term_path
from klachtpad.domain.schemes.reading import field_message, format_path, load_yaml
from klachtpad.domain.schemes.register import register_of, texts_in_the_other_register
from klachtpad.domain.schemes.vocabulary import (
    Condition,
    DocumentKind,
    Handling,
    Relation,
    Role,
    TermKind,
    TermStart,
    Verdict,
)

__all__ = ["CheckedScheme", "Problem", "SchemeInvalid", "Severity", "parse_scheme"]


@dataclass(frozen=True)
class CheckedScheme:
    scheme: Scheme
    warnings: tuple[Problem, ...]


def parse_scheme(text: str, source: str) -> CheckedScheme:
    """Read and check one scheme file's text. Raises SchemeInvalid with every problem."""
    data = load_yaml(text, source)
    try:
        scheme = Scheme.model_validate(data)
    except ValidationError as error:
        # Each procedure holds a copy of the file's vocabulary: its errors are said once.
        raise SchemeInvalid(
            [
                Problem(source, format_path(e["loc"]), field_message(e))
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
            where = term_path(procedure, path, step.id if step else None, kind)
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
    yield from check_regime(scheme, procedure, path, source)


def _check_terms(procedure: Procedure, path: str, source: str) -> Iterable[Problem]:
    has_formal_step = any(step.handling is Handling.FORMAL for step in procedure.steps)
    for step, kind, spec in procedure.all_terms():
        where = term_path(procedure, path, step.id if step else None, kind)
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
