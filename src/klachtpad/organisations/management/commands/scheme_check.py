"""Check scheme files without loading them: exit 0 only when every file is valid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from klachtpad.domain.schemes import Problem, parse_scheme
from klachtpad.organisations.scheme_files import process_scheme_files


class Command(BaseCommand):
    help = "Check complaint-scheme files; every problem is printed with its field path."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        process_scheme_files(self, options["files"], self._check, failure="invalid")

    def _check(self, path: Path, text: str) -> tuple[tuple[Problem, ...], str]:
        checked = parse_scheme(text, str(path))
        return checked.warnings, self.style.SUCCESS(f"{path}: valid")
