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

from klachtpad.domain.marking import gettext_noop
from klachtpad.domain.messages import Message

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


def format_hints(data: dict[str, Any]) -> list[Message]:
    """What the author of an older file should change to write the current format."""
    if data.get("format") != 1:
        return []
    hints = []
    for procedure_id, step_id, kind, _term in _law_terms_without_start(data):
        where = f"procedures.{procedure_id}" + (f".steps.{step_id}" if step_id else "")
        hints.append(
            Message(
                gettext_noop(
                    "%(where)s.terms.%(kind)s: in format 2 a term set by law runs from receipt "
                    "of the written complaint, whichever step receives it; to keep counting "
                    "from the day the complaint reaches this step, write from: step_start"
                ),
                {"where": where, "kind": kind},
            )
        )
    if not hints:
        return [
            Message(
                gettext_noop(
                    "this file is format 1 and means the same in format 2; write format: 2"
                )
            )
        ]
    return [
        Message(
            gettext_noop(
                "this file is format 1; write format: 2 at the top once the points below are done"
            )
        ),
        *hints,
    ]


# Where a role stands in a procedure or a step as written: (list, field) holds one role,
# (list, field) in the second table a list of roles.
_ROLE_FIELDS = (("support", "role"), ("documents", "sent_by"), ("inform", "who"), ("reports", "by"))
_ROLE_LIST_FIELDS = (("reports", "to"),)


class _Roles:
    """The scheme's own roles, each replaced by the Klachtpad role it is like."""

    def __init__(self, words: dict[str, dict[str, Any]]) -> None:
        self.words = words

    def one(self, value: object) -> object:
        word = self.words.get(value) if isinstance(value, str) else None
        return word.get("like", value) if word else value

    def many(self, items: object) -> object:
        return [self.one(item) for item in items] if isinstance(items, list) else items

    def resolve_in(self, holder: dict[str, Any]) -> None:
        for list_key, field in _ROLE_FIELDS:
            for item in _dicts(holder.get(list_key)):
                if field in item:
                    item[field] = self.one(item[field])
        for list_key, field in _ROLE_LIST_FIELDS:
            for item in _dicts(holder.get(list_key)):
                if field in item:
                    item[field] = self.many(item[field])
        for term in (holder.get("terms") or {}).values():
            if not isinstance(term, dict):
                continue
            if "responsible" in term:
                term["responsible"] = self.one(term["responsible"])
            extension = term.get("extension")
            if isinstance(extension, dict) and "by" in extension:
                extension["by"] = self.many(extension["by"])

    def resolve_handler(self, step: dict[str, Any]) -> None:
        """A step handled by an own role is titled with the scheme's name for it."""
        handler = step.get("handler")
        if isinstance(handler, str):
            handler = step["handler"] = {"role": handler}
        if isinstance(handler, dict) and isinstance(handler.get("role"), str):
            word = self.words.get(handler["role"])
            if word:
                handler["role"] = word.get("like")
                handler.setdefault("title", word.get("title"))


def _resolve_roles(procedure: dict[str, Any], words: dict[str, dict[str, Any]]) -> None:
    """Replace the scheme's own role ids by the Klachtpad role that holds them."""
    roles = _Roles(words)
    roles.resolve_in(procedure)
    for step in _dicts(procedure.get("steps")):
        roles.resolve_in(step)
        roles.resolve_handler(step)


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
                gettext_noop(
                    "procedure %(id)s: write vocabulary once, at the top of the file, for all "
                    "procedures"
                ),
                {"id": str(procedure.get("id"))},
            )
        _resolve_roles(procedure, roles)
        procedure["vocabulary"] = vocabulary
    return data
