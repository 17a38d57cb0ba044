"""A mailbox that needs OAuth 2.0 (as Microsoft 365 and Google do): Klachtpad fetches an
access token with the mailbox's refresh token from a real OAuth server, signs in with
XOAUTH2 on a real IMAP server that checks the token there, keeps the refresh token the
server rotated, and says so clearly when the token server refuses."""

from __future__ import annotations

from typing import Any

import pytest

from klachtpad.accounts.sealing import unseal
from klachtpad.inbox.models import InboxItem, Mailbox
from klachtpad.inbox.services import mailbox_save
from klachtpad.organisations.models import Organisation
from tests.imap import OAUTH_USER, ImapServer, mail, read

pytestmark = pytest.mark.django_db


def test_a_mailbox_signed_in_with_oauth_is_read_and_its_refresh_token_kept(
    imap_server: ImapServer, next_org: Organisation, settings: Any
) -> None:
    if imap_server.oauth is None:
        pytest.skip("no OAuth 2.0 server here (npm is not installed)")
    settings.KLACHTPAD_INBOX_CA_FILE = str(imap_server.cert)
    mailbox = mailbox_save(
        Mailbox(
            organisation=next_org,
            name="Microsoft 365",
            address="klachten@next.example",
            host="127.0.0.1",
            port=imap_server.port,
            sign_in="oauth2",
            username=OAUTH_USER,
            oauth_token_url=f"{imap_server.oauth.url}/token",
            oauth_client_id="klachtpad",
            oauth_scope="https://outlook.office.com/IMAP.AccessAsUser.All offline_access",
        ),
        secret="first-refresh-token",
        client_secret="client-secret",
    )
    imap_server.deliver(OAUTH_USER, mail(subject="Via Microsoft 365"))

    reading = read(mailbox)

    assert (reading.taken, reading.error) == (1, "")
    assert InboxItem.objects.get().subject == "Via Microsoft 365"
    mailbox.refresh_from_db()
    kept = unseal(mailbox.secret_sealed).decode()
    assert kept and kept != "first-refresh-token"  # the server rotated it

    Mailbox.objects.filter(pk=mailbox.pk).update(oauth_token_url=f"{imap_server.oauth.url}/nothing")
    refused = read(mailbox)
    assert refused.error.startswith("OAuth 2.0 token")
    mailbox.refresh_from_db()
    assert mailbox.last_error == refused.error
