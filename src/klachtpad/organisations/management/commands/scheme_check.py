"""Check scheme files without loading them: exit 0 only when every file is valid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from klachtpad.domain.schemes import SchemeInvalid, parse_scheme
from klachtpad.organisations.scheme_files import read_scheme_file


class Command(BaseCommand):
    help = "Check complaint-scheme files; every problem is printed with its field path."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[Path] = options["files"]
        invalid = 0
        for path in files:
            try:
                checked = parse_scheme(read_scheme_file(path), str(path))
            except SchemeInvalid as error:
                invalid += 1
                for problem in error.problems:
                    self.stderr.write(str(problem))
                continue
            for warning in checked.warnings:
                self.stdout.write(self.style.WARNING(str(warning)))
            self.stdout.write(self.style.SUCCESS(f"{path}: valid"))
        if invalid:
            raise CommandError(f"{invalid} of {len(files)} scheme file(s) invalid")
