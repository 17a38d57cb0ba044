"""A mailbox that needs OAuth 2.0 (as Microsoft 365 and Google do): Klachtpad fetches an
access token with the mailbox's refresh token from a real OAuth server, signs in with
XOAUTH2 on a real IMAP server that checks the token there, keeps the refresh token the
server rotated, and says so clearly when the token server refuses."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.urls import reverse

from klachtpad.accounts.sealing import unseal
from klachtpad.inbox.models import InboxItem, Mailbox
from klachtpad.inbox.services import mailbox_save
from klachtpad.organisations.models import Membership, Organisation
from tests.complaints.factories import UserFactory
from tests.imap import OAUTH_USER, ImapServer, OAuthServer, mail, read

pytestmark = pytest.mark.django_db


@pytest.fixture
def oauth(imap_server: ImapServer) -> OAuthServer:
    """The test IMAP server's OAuth server. It runs wherever npm can install it; in CI
    (KLACHTPAD_REQUIRE_IMAP=1) the IMAP server refuses to start without it."""
    if imap_server.oauth is None:
        pytest.skip("no OAuth 2.0 server here (npm is not installed)")
    return imap_server.oauth


def test_a_mailbox_signed_in_with_oauth_is_read_and_its_refresh_token_kept(
    imap_server: ImapServer, oauth: OAuthServer, next_org: Organisation, settings: Any
) -> None:
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
            oauth_token_url=f"{oauth.url}/token",
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

    Mailbox.objects.filter(pk=mailbox.pk).update(oauth_token_url=f"{oauth.url}/nothing")
    refused = read(mailbox)
    assert refused.error.startswith("OAuth 2.0 token")
    mailbox.refresh_from_db()
    assert mailbox.last_error == refused.error


def test_the_admin_signs_in_at_the_provider_and_the_mailbox_is_read(
    imap_server: ImapServer,
    oauth: OAuthServer,
    next_org: Organisation,
    settings: Any,
    sign_in: Any,
) -> None:
    """The authorization code flow with PKCE, against the real OAuth server: the admin
    is sent there, comes back with a code, and Klachtpad keeps the refresh token."""
    settings.KLACHTPAD_INBOX_CA_FILE = str(imap_server.cert)
    mailbox = Mailbox.objects.create(
        organisation=next_org,
        name="Google",
        address="klachten@next.example",
        host="127.0.0.1",
        port=imap_server.port,
        sign_in="oauth2",
        username=OAUTH_USER,
        oauth_authorize_url=f"{oauth.url}/authorize",
        oauth_token_url=f"{oauth.url}/token",
        oauth_client_id="klachtpad",
        oauth_scope="https://mail.google.com/",
    )
    admin = UserFactory.create(username="beheer")
    Membership.objects.create(user=admin, organisation=next_org, role="organisation_admin")
    client = sign_in(admin)
    page = reverse("staff:admin_mailboxes", args=["next"])

    sent = client.post(page, {"edit": mailbox.pk, "authorize": "1"})
    assert sent.status_code == 302 and sent["Location"].startswith(oauth.url)
    assert "code_challenge_method=S256" in sent["Location"]
    provider = requests.get(sent["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(provider.headers["Location"])
    assert back.path == reverse("staff:mailbox_oauth_return")
    forged = client.get(back.path, {"code": "x", "state": "not-ours"})
    assert forged.status_code == 404  # and the start is used up: sign in anew

    client.post(page, {"edit": mailbox.pk, "authorize": "1"})
    again = client.post(page, {"edit": mailbox.pk, "authorize": "1"})
    provider = requests.get(again["Location"], allow_redirects=False, timeout=10)
    returned = client.get(
        f"{urlsplit(provider.headers['Location']).path}?"
        f"{urlsplit(provider.headers['Location']).query}",
        follow=True,
    )

    assert "Klachtpad mag de mailbox lezen" in returned.content.decode()
    mailbox.refresh_from_db()
    assert unseal(mailbox.secret_sealed)
    imap_server.deliver(OAUTH_USER, mail(subject="Via Google"))
    assert read(mailbox).taken == 1
