"""Load scheme files. Idempotent; a changed scheme becomes a new version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from klachtpad.domain.schemes import Problem
from klachtpad.organisations.scheme_files import process_scheme_files
from klachtpad.organisations.services import scheme_load


class Command(BaseCommand):
    help = "Load complaint-scheme files; nothing of an invalid file is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        process_scheme_files(self, options["files"], self._load, failure="invalid; not loaded")

    def _load(self, path: Path, text: str) -> tuple[tuple[Problem, ...], str]:
        result = scheme_load(text=text, source=str(path))
        version = result.version
        if result.created:
            line = f"{path}: loaded {version.organisation} as version {version.number}"
            return result.warnings, self.style.SUCCESS(line)
        line = f"{path}: unchanged, {version.organisation} stays at version {version.number}"
        return result.warnings, line
