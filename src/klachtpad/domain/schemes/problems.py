"""What is wrong with a scheme file: each problem names the file, the field path and
the fix, as a message the interface writes in the reader's language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes.model import Procedure


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


def term_path(procedure: Procedure, path: str, step_id: str | None, kind: str) -> str:
    """The field path of a term of the procedure, or of one of its steps."""
    if step_id is None:
        return f"{path}.terms.{kind}"
    return f"{path}.steps[{[s.id for s in procedure.steps].index(step_id)}].terms.{kind}"
