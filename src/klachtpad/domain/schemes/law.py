"""The legal limits a scheme must keep, per regime, and the warnings for what the law
says a complainant gets but the scheme leaves out.

- Wkkgz art. 17: a decision term set by law, counted from the receipt of the written
  complaint, of at most six weeks; an extension of at most four weeks, once.
- Jeugdwet art. 4.2.1(2): complaints are judged by a complaints committee.
- Contract only: no term is set by law, so none may be marked statutory.

Warnings (the file still loads) point at what a complainant must be told but the file
leaves out, such as the disputes body of Wkkgz art. 18.
"""

from __future__ import annotations

from collections.abc import Iterable

from klachtpad.domain.durations import Duration
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.model import ExtensionSpec, Procedure, Scheme, Step, TermSpec
from klachtpad.domain.schemes.problems import Problem, Severity, term_path
from klachtpad.domain.schemes.required import REQUIRED_DOCUMENTS
from klachtpad.domain.schemes.vocabulary import (
    BodyKind,
    DocumentKind,
    Regime,
    TermKind,
    TermStart,
)

WKKGZ_DECISION_TERM = Duration.parse("6w")
WKKGZ_EXTENSION = Duration.parse("4w")


def check_regime(scheme: Scheme, procedure: Procedure, path: str, source: str) -> Iterable[Problem]:
    terms = procedure.all_terms()
    if procedure.regime is Regime.CONTRACT:
        for step, kind, spec in terms:
            if spec.statutory:
                yield Problem(
                    source,
                    f"{term_path(procedure, path, step.id if step else None, kind)}.statutory",
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
    where = term_path(procedure, path, step.id if step else None, TermKind.DECISION)
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
