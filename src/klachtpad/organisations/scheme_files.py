"""Reading scheme files from disk, with plain messages when that fails."""

from __future__ import annotations

from pathlib import Path

from klachtpad.domain.schemes import Problem, SchemeInvalid


def read_scheme_file(path: Path) -> str:
    """The file's text. Raises SchemeInvalid naming the file when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        message = "file not found"
    except IsADirectoryError:
        message = "this is a folder; name a .yaml file"
    except UnicodeDecodeError:
        message = "the file is not UTF-8 text; save it as UTF-8"
    except OSError as error:
        message = f"cannot read the file ({error.strerror})"
    raise SchemeInvalid([Problem(str(path), "", message)])
