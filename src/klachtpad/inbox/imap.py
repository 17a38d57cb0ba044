"""Talking to a mailbox over IMAP with TLS (implicit, or STARTTLS), signed in with a
password or with OAuth 2.0 (SASL XOAUTH2, as Microsoft 365 and Google require), the
access token fetched with the mailbox's refresh token."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import imaplib
import json
import re
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType

from django.conf import settings

from klachtpad.inbox.models import AfterChoices, Mailbox, SecurityChoices, SignInChoices

TIMEOUT_SECONDS = 30
KEYWORD = "$Klachtpad"  # the flag a mail read in "flag" mode gets
_FETCHED = re.compile(rb"UID (\d+)|RFC822\.SIZE (\d+)|INTERNALDATE \"([^\"]+)\"")


class MailboxError(Exception):
    """The mailbox could not be reached, refused the sign-in or a command."""


@dataclass(frozen=True)
class Secrets:
    """The mailbox's secrets, unsealed for one reading."""

    secret: str  # the password, or the OAuth 2.0 refresh token
    client_secret: str = ""


@dataclass(frozen=True)
class Envelope:
    uid: int
    size: int
    received_at: datetime


def tls_context() -> ssl.SSLContext:
    """Certificates checked against the system's authorities, or KLACHTPAD_INBOX_CA_FILE."""
    return ssl.create_default_context(cafile=settings.KLACHTPAD_INBOX_CA_FILE or None)


def _token_post(mailbox: Mailbox, secrets: Secrets, form: dict[str, str]) -> dict[str, object]:
    """POST to the provider's token address; its JSON answer, or MailboxError."""
    form = {**form, "client_id": mailbox.oauth_client_id}
    if secrets.client_secret:
        form["client_secret"] = secrets.client_secret
    if mailbox.oauth_scope:
        form["scope"] = mailbox.oauth_scope
    request = urllib.request.Request(  # noqa: S310 - an https address the admin entered
        mailbox.oauth_token_url,
        data=urllib.parse.urlencode(form).encode(),
        headers={"Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=TIMEOUT_SECONDS, context=tls_context()
        ) as answer:
            found = json.loads(answer.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise MailboxError(f"OAuth 2.0 token: {error}") from error
    if not isinstance(found, dict) or not found.get("access_token"):
        raise MailboxError(f"OAuth 2.0 token: {str(found)[:200]}")
    return found


def oauth_access_token(mailbox: Mailbox, secrets: Secrets) -> tuple[str, str]:
    """An access token for the mailbox, and the refresh token to keep (a new one when
    the server rotates it)."""
    found = _token_post(
        mailbox, secrets, {"grant_type": "refresh_token", "refresh_token": secrets.secret}
    )
    return str(found["access_token"]), str(found.get("refresh_token") or secrets.secret)


def oauth_authorize_address(mailbox: Mailbox, *, back_to: str, state: str, verifier: str) -> str:
    """Where the admin signs in at the provider and agrees that Klachtpad reads the
    mailbox (authorization code with PKCE, RFC 7636); the provider sends them back."""
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    query = {
        "response_type": "code",
        "client_id": mailbox.oauth_client_id,
        "redirect_uri": back_to,
        "scope": mailbox.oauth_scope,
        "state": state,
        "code_challenge": challenge.decode().rstrip("="),
        "code_challenge_method": "S256",
        # Google gives a refresh token only when asked for offline access and consent.
        "access_type": "offline",
        "prompt": "consent",
        "login_hint": mailbox.username,
    }
    separator = "&" if "?" in mailbox.oauth_authorize_url else "?"
    return mailbox.oauth_authorize_url + separator + urllib.parse.urlencode(query)


def oauth_code_exchange(
    mailbox: Mailbox, secrets: Secrets, *, code: str, back_to: str, verifier: str
) -> str:
    """The refresh token the provider gives for the code it sent the admin back with."""
    found = _token_post(
        mailbox,
        secrets,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": back_to,
            "code_verifier": verifier,
        },
    )
    if not found.get("refresh_token"):
        raise MailboxError("OAuth 2.0 token: the provider gave no refresh token")
    return str(found["refresh_token"])


class Connection:
    """One signed-in session on one mailbox folder."""

    def __init__(self, mailbox: Mailbox, secrets: Secrets, access_token: str = "") -> None:
        self.mailbox = mailbox
        self.secrets = secrets
        self.access_token = access_token
        self.imap: imaplib.IMAP4 | None = None
        self.uidvalidity = 0

    def __enter__(self) -> Connection:
        box = self.mailbox
        try:
            if box.security == SecurityChoices.TLS:
                imap: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                    box.host, box.port, ssl_context=tls_context(), timeout=TIMEOUT_SECONDS
                )
            else:
                imap = imaplib.IMAP4(box.host, box.port, timeout=TIMEOUT_SECONDS)
                imap.starttls(ssl_context=tls_context())
            self.imap = imap
            self._sign_in(imap)
            self.uidvalidity = self._select(imap, box.folder)
            if box.after == AfterChoices.MOVE:
                imap.create(_quoted(box.done_folder))  # refused when it exists: fine
        except (TimeoutError, imaplib.IMAP4.error, OSError) as error:
            self.close()
            raise MailboxError(f"{type(error).__name__}: {error}") from error
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self.imap is None:
            return
        with contextlib.suppress(imaplib.IMAP4.error, OSError):  # gone already
            self.imap.logout()
        self.imap = None

    def _sign_in(self, imap: imaplib.IMAP4) -> None:
        if self.mailbox.sign_in == SignInChoices.OAUTH2:
            said = f"user={self.mailbox.username}\x01auth=Bearer {self.access_token}\x01\x01"
            imap.authenticate("XOAUTH2", lambda _challenge: said.encode())
        else:
            imap.login(self.mailbox.username, self.secrets.secret)

    @staticmethod
    def _select(imap: imaplib.IMAP4, folder: str) -> int:
        status, _data = imap.select(_quoted(folder))
        if status != "OK":
            raise imaplib.IMAP4.error(f"folder {folder} cannot be opened")
        found = imap.response("UIDVALIDITY")[1]
        return int(found[0]) if found and found[0] else 0

    def _run(self, *command: str) -> list[object]:
        assert self.imap is not None  # noqa: S101 - inside the with block
        try:
            status, data = self.imap.uid(*command)
        except (TimeoutError, imaplib.IMAP4.error, OSError) as error:
            raise MailboxError(f"{type(error).__name__}: {error}") from error
        if status != "OK":
            raise MailboxError(f"{command[0]}: {data!r}"[:300])
        return list(data)

    def waiting(self) -> list[int]:
        """The UIDs of the mail still to read, oldest first."""
        if self.mailbox.after == AfterChoices.FLAG:
            found = self._run("SEARCH", "UNDELETED", "UNKEYWORD", KEYWORD)
        else:
            found = self._run("SEARCH", "UNDELETED")
        line = found[0] if found and isinstance(found[0], bytes) else b""
        return sorted(int(uid) for uid in line.split())

    def envelope(self, uid: int) -> Envelope | None:
        """The mail's size and the server's moment of receipt; None when it is gone."""
        for item in self._run("FETCH", str(uid), "(UID RFC822.SIZE INTERNALDATE)"):
            line = item[0] if isinstance(item, tuple) else item
            if not isinstance(line, bytes):
                continue
            values: dict[int, bytes] = {}
            for match in _FETCHED.finditer(line):
                for index in (1, 2, 3):
                    if match.group(index):
                        values[index] = match.group(index)
            if int(values.get(1, b"0")) != uid or 3 not in values:
                continue
            received = datetime.strptime(values[3].decode().strip(), "%d-%b-%Y %H:%M:%S %z")
            return Envelope(uid, int(values.get(2, b"0")), received.astimezone(UTC))
        return None

    def fetch(self, uid: int, *, headers_only: bool) -> bytes:
        """The whole message, or its header; read without marking it read."""
        part = "BODY.PEEK[HEADER]" if headers_only else "BODY.PEEK[]"
        for item in self._run("FETCH", str(uid), f"({part})"):
            if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
                return item[1]
        raise MailboxError(f"mail {uid} could not be fetched")

    def done(self, uid: int) -> None:
        """Out of the folder to read: moved (or copied and expunged where the server has
        no MOVE), or marked read and flagged."""
        assert self.imap is not None  # noqa: S101
        if self.mailbox.after == AfterChoices.FLAG:
            self._run("STORE", str(uid), "+FLAGS", f"(\\Seen {KEYWORD})")
            return
        folder = _quoted(self.mailbox.done_folder)
        if "MOVE" in self.imap.capabilities:
            self._run("MOVE", str(uid), folder)
            return
        self._run("COPY", str(uid), folder)
        self._run("STORE", str(uid), "+FLAGS", "(\\Deleted)")
        if "UIDPLUS" in self.imap.capabilities:
            self._run("EXPUNGE", str(uid))
        else:
            self.imap.expunge()


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
