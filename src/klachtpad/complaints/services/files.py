"""Files written during a change are removed again when the change fails.

A file is written to storage before the database rows that name it commit; a change
that fails after that (a refusal, a fault, a database gone) rolls the rows back and
would leave the file, which may hold health data, behind. Services that own a change
wrap it in ``files_undone_on_failure``; ``file_written`` notes each file. Blocks may
nest: a failing inner block removes its own files, a failing outer block all of them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.storage import Storage

logger = logging.getLogger(__name__)
_written: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("written", default=None)


def file_written(storage: Storage, name: str) -> None:
    written = _written.get()
    if written is not None:
        written.append((storage, name))


@contextmanager
def files_undone_on_failure() -> Iterator[None]:
    outer = _written.get()
    written = outer if outer is not None else []
    start = len(written)
    token = _written.set(written)
    try:
        yield
    except BaseException:
        for storage, name in written[start:]:
            try:
                storage.delete(name)
            except Exception:
                logger.exception("could not remove %s after a failed change", name)
        del written[start:]
        raise
    finally:
        _written.reset(token)
