"""The server's own logs keep no search words and no private links."""

from __future__ import annotations

import logging

import pytest

from klachtpad.logs import PrivateRequestFilter, without_secrets


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (
            '"GET /staff/next/complaints/?q=Jansen HTTP/1.1" 200 512',
            '"GET /staff/next/complaints/?… HTTP/1.1" 200 512',
        ),
        ("Forbidden: /volgen/Ab3-dEf_ghIJ/", "Forbidden: /volgen/…/"),
        ('"GET /en/volgen/Ab3-dEf_ghIJ/ HTTP/1.1" 302 0', '"GET /en/volgen/…/ HTTP/1.1" 302 0'),
        (
            '"GET /account/welcome/tok3n/ HTTP/1.1" 302 0',
            '"GET /account/welcome/…/ HTTP/1.1" 302 0',
        ),
        ("GET /account/password/new/MQ/ab12-cd34/", "GET /account/password/new/…/"),
        ('"GET /volgen/brief/3/ HTTP/1.1" 200 10', '"GET /volgen/brief/3/ HTTP/1.1" 200 10'),
        ('"POST /volgen/actie/add/ HTTP/1.1" 302 0', '"POST /volgen/actie/add/ HTTP/1.1" 302 0'),
    ],
)
def test_request_lines_lose_search_words_and_private_links(line, kept):
    assert without_secrets(line) == kept


def test_the_filter_sits_on_the_handler_every_logger_writes_to(caplog):
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /volgen/geheim/ HTTP/1.1", 302, 0),
        None,
    )
    assert PrivateRequestFilter().filter(record)
    assert "geheim" not in record.getMessage()
    from django.conf import settings

    assert "private" in settings.LOGGING["handlers"]["console"]["filters"]  # type: ignore[index]
