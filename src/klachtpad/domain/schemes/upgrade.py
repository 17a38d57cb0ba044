"""A scheme file as read, made ready for the model: its own role names resolved, its
vocabulary handed to each procedure, and the defaults of its format applied.

Format 2 (this version) differs from format 1 in one default: a term set by law for
the decision, without ``from``, runs from receipt of the written complaint, whichever
step receives it (Wkkgz art. 17(1), Jeugdwet art. 4.2.4(1)). In format 1 it ran from
the day the complaint reached the step that holds it. A format-1 file keeps its
meaning; ``format_hints`` tells its author what to change to move to format 2.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from pydantic_core import PydanticCustomError

DECISION_LIKE = "decision"


def _procedure_terms(procedure: dict[str, Any]) -> Iterator[tuple[str | None, str, Any]]:
    """(step id or None, term kind, term) of a procedure as written."""
    for kind, term in (procedure.get("terms") or {}).items():
        yield None, str(kind), term
    for step in _dicts(procedure.get("steps")):
        for kind, term in (step.get("terms") or {}).items():
            yield step.get("id"), str(kind), term


def _dicts(items: object) -> list[dict[str, Any]]:
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _decision_kinds(data: dict[str, Any]) -> set[str]:
    words = (data.get("vocabulary") or {}).get("terms") or []
    return {DECISION_LIKE} | {
        word["id"] for word in _dicts(words) if word.get("like") == DECISION_LIKE and "id" in word
    }


def _law_terms_without_start(
    data: dict[str, Any],
) -> Iterator[tuple[str, str | None, str, dict[str, Any]]]:
    """Decision terms set by law that do not say where they run from."""
    kinds = _decision_kinds(data)
    for procedure in _dicts(data.get("procedures")):
        for step_id, kind, term in _procedure_terms(procedure):
            if (
                isinstance(term, dict)
                and term.get("statutory")
                and "from" not in term
                and "start" not in term
                and kind in kinds
            ):
                yield str(procedure.get("id")), step_id, kind, term


def format_hints(data: dict[str, Any]) -> list[str]:
    """What the author of an older file should change to write the current format."""
    if data.get("format") != 1:
        return []
    hints = []
    for procedure_id, step_id, kind, _term in _law_terms_without_start(data):
        where = f"procedures.{procedure_id}" + (f".steps.{step_id}" if step_id else "")
        hints.append(
            f"{where}.terms.{kind}: in format 2 a term set by law runs from receipt of the "
            "written complaint, whichever step receives it; to keep counting from the day "
            "the complaint reaches this step, write from: step_start"
        )
    if not hints:
        return ["this file is format 1 and means the same in format 2; write format: 2"]
    return [
        "this file is format 1; write format: 2 at the top once the points below are done",
        *hints,
    ]


def _resolve_roles(procedure: dict[str, Any], roles: dict[str, dict[str, Any]]) -> None:
    """Replace the scheme's own role ids by the Klachtpad role that holds them; a step
    handled by such a role is titled with the scheme's name for it."""

    def resolved(value: object) -> object:
        word = roles.get(value) if isinstance(value, str) else None
        return word.get("like", value) if word else value

    def resolve_list(items: object) -> object:
        return [resolved(item) for item in items] if isinstance(items, list) else items

    def terms(holder: dict[str, Any]) -> None:
        for term in (holder.get("terms") or {}).values():
            if not isinstance(term, dict):
                continue
            if "responsible" in term:
                term["responsible"] = resolved(term["responsible"])
            extension = term.get("extension")
            if isinstance(extension, dict) and "by" in extension:
                extension["by"] = resolve_list(extension["by"])

    def documents_and_informs(holder: dict[str, Any]) -> None:
        for document in _dicts(holder.get("documents")):
            if "sent_by" in document:
                document["sent_by"] = resolved(document["sent_by"])
        for inform in _dicts(holder.get("inform")):
            if "who" in inform:
                inform["who"] = resolved(inform["who"])

    terms(procedure)
    documents_and_informs(procedure)
    for support in _dicts(procedure.get("support")):
        if "role" in support:
            support["role"] = resolved(support["role"])
    for report in _dicts(procedure.get("reports")):
        if "by" in report:
            report["by"] = resolved(report["by"])
        if "to" in report:
            report["to"] = resolve_list(report["to"])
    for step in _dicts(procedure.get("steps")):
        terms(step)
        documents_and_informs(step)
        handler = step.get("handler")
        if isinstance(handler, str):
            handler = step["handler"] = {"role": handler}
        if isinstance(handler, dict) and isinstance(handler.get("role"), str):
            word = roles.get(handler["role"])
            if word:
                handler["role"] = word.get("like")
                handler.setdefault("title", word.get("title"))


def prepared(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of the file's data the model can read (see the module text)."""
    data = copy.deepcopy(data)
    vocabulary = data.get("vocabulary") or {}
    roles = {
        word["id"]: word
        for word in _dicts(vocabulary.get("roles") if isinstance(vocabulary, dict) else None)
        if isinstance(word.get("id"), str)
    }
    if data.get("format") != 1:
        for _procedure, _step, _kind, term in _law_terms_without_start(data):
            term["from"] = "formal_receipt"
    for procedure in _dicts(data.get("procedures")):
        # A scheme read back from its stored form has the words in each procedure already.
        if procedure.get("vocabulary", vocabulary) != vocabulary:
            raise PydanticCustomError(
                "vocabulary_place",
                "procedure {id}: write vocabulary once, at the top of the file, for all procedures",
                {"id": str(procedure.get("id"))},
            )
        _resolve_roles(procedure, roles)
        procedure["vocabulary"] = vocabulary
    return data
