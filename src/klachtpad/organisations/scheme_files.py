"""Reading scheme files from disk, with plain messages when that fails."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.schemes import Problem, SchemeInvalid


def read_scheme_file(path: Path) -> str:
    """The file's text. Raises SchemeInvalid naming the file when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        message = gettext_noop("file not found")
    except IsADirectoryError:
        message = gettext_noop("this is a folder; name a .yaml file")
    except UnicodeDecodeError:
        message = gettext_noop("the file is not UTF-8 text; save it as UTF-8")
    except OSError as error:
        raise SchemeInvalid(
            [
                Problem(
                    str(path),
                    "",
                    Message(
                        gettext_noop("cannot read the file (%(reason)s)"),
                        {"reason": str(error.strerror)},
                    ),
                )
            ]
        ) from None
    raise SchemeInvalid([Problem(str(path), "", Message(message))])


FileHandler = Callable[[Path, str], tuple[tuple[Problem, ...], str]]


def process_scheme_files(
    command: BaseCommand, files: list[Path], handle_file: FileHandler, *, failure: str
) -> None:
    """Check or load each file: print every problem; fail the command if any file is invalid.

    ``handle_file`` returns the file's warnings and a line saying what happened.
    """
    invalid = 0
    for path in files:
        try:
            warnings, outcome = handle_file(path, read_scheme_file(path))
        except SchemeInvalid as error:
            invalid += 1
            for problem in error.problems:
                command.stderr.write(str(problem))
            continue
        for warning in warnings:
            command.stdout.write(command.style.WARNING(str(warning)))
        command.stdout.write(outcome)
    if invalid:
        raise CommandError(f"{invalid} of {len(files)} scheme file(s) {failure}")
