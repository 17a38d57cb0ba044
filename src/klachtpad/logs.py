"""What the server's own logs may say about a request: its path, without the query
(search words may be names) and without the secret part of a private link."""

from __future__ import annotations

import logging
import re

# /volgen/<token>/, /account/welcome/<token>/, /account/password/new/<uid>/<token>/
_SECRET_PATHS = re.compile(
    r"(/(?:en/)?(?:volgen|account/welcome|account/password/new))/(?!(?:brief|actie|nieuwe-link|password)/)[^\s\"?]+"
)
_QUERY = re.compile(r"\?[^\s\"]*")


def without_secrets(text: str) -> str:
    return _QUERY.sub("?…", _SECRET_PATHS.sub(r"\1/…/", text))


class PrivateRequestFilter(logging.Filter):
    """Rewrites each record's message before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = without_secrets(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
