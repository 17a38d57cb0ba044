"""What a person typed in the complaint form, kept between its pages.

The answers live in the person's session (stored in the shared database, so any web
process serves the next page) until they send the complaint or the session ends.
Files are not kept here: they are chosen on the page that sends.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.http import QueryDict

DRAFT_SESSION_KEY = "klachtpad-draft-"


class Draft:
    def __init__(self, session: SessionBase, form: str) -> None:
        self.session = session
        self.session_key = f"{DRAFT_SESSION_KEY}{form}"

    def values(self) -> dict[str, list[str]]:
        stored = self.session.get(self.session_key, {})
        return stored if isinstance(stored, dict) else {}

    def keep(self, sent: QueryDict, names: Iterable[str]) -> None:
        """Keep the answers of one page: a question left empty is kept empty."""
        values = self.values()
        for name in names:
            values[name] = [str(value) for value in sent.getlist(name)]
        self.session[self.session_key] = values

    def data(self, sent: QueryDict | None = None) -> QueryDict:
        """The answers so far, with what was just sent on top, to check them all."""
        data = QueryDict(mutable=True)
        for name, values in self.values().items():
            data.setlist(name, values)
        if sent is not None:
            for name in sent:
                data.setlist(name, sent.getlist(name))
        return data

    def initial(self) -> dict[str, Any]:
        """The answers so far as a form shows them when a page is opened again."""
        return {
            name: values if len(values) != 1 else values[0]
            for name, values in self.values().items()
        }

    def clear(self) -> None:
        self.session.pop(self.session_key, None)
