"""Load scheme files. Idempotent; a changed scheme becomes a new version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from klachtpad.domain.schemes import SchemeInvalid
from klachtpad.organisations.scheme_files import read_scheme_file
from klachtpad.organisations.services import scheme_load


class Command(BaseCommand):
    help = "Load complaint-scheme files; nothing of an invalid file is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[Path] = options["files"]
        invalid = 0
        for path in files:
            try:
                result = scheme_load(text=read_scheme_file(path), source=str(path))
            except SchemeInvalid as error:
                invalid += 1
                for problem in error.problems:
                    self.stderr.write(str(problem))
                continue
            for warning in result.warnings:
                self.stdout.write(self.style.WARNING(str(warning)))
            version = result.version
            if result.created:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{path}: loaded {version.organisation} as version {version.number}"
                    )
                )
            else:
                self.stdout.write(
                    f"{path}: unchanged, {version.organisation} stays at version {version.number}"
                )
        if invalid:
            raise CommandError(f"{invalid} of {len(files)} scheme file(s) invalid; not loaded")
