"""Reading a scheme file's text: safe YAML within limits, and the model's field errors
in plain words, for example ``"6 weken" is not a duration; write a number and a unit``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from klachtpad.domain.messages import Message, Param, gettext_noop
from klachtpad.domain.schemes.problems import Problem, SchemeInvalid
from klachtpad.domain.schemes.vocabulary import (
    Role,
)

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


def load_yaml(text: str, source: str) -> dict[str, Any]:
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


def field_message(error: Any) -> Message:
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
