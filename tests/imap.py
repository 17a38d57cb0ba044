"""A real IMAP server on loopback for the tests that read mail: Debian's dovecot, started once,
TLS with a certificate made here; each test reads a mailbox of its own (any user name
signs in with ``PASSWORD``; its mail is kept in a folder of this run)."""

from __future__ import annotations

import datetime
import imaplib
import ipaddress
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from klachtpad.inbox.models import Mailbox
from klachtpad.inbox.services import Reading, mailbox_read

PASSWORD = "imap-7341-wachtwoord"


def _certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


CONFIG = """
base_dir = {folder}/run
state_dir = {folder}/state
instance_name = klachtpad-test-{port}
log_path = {folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
auth_mechanisms = plain login{oauth_mechanism}
{oauth_passdb}passdb {{
  driver = static
  mechanisms = plain login
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={user} gid={user} home={folder}/home/%u
}}
mail_location = maildir:~/Maildir
first_valid_uid = 1
default_internal_user = {user}
default_login_user = {login_user}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {starttls_port}
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
namespace inbox {{
  inbox = yes
  separator = /
}}
"""


# XOAUTH2 sign-ins: dovecot asks the OAuth server who the access token belongs to.
OAUTH_PASSDB = """passdb {{
  driver = oauth2
  mechanisms = xoauth2
  args = {folder}/oauth2.conf.ext
}}
"""
OAUTH_CONF = """introspection_mode = auth
introspection_url = {oauth}/userinfo
username_attribute = sub
"""
OAUTH_USER = "johndoe"  # whom the OAuth server's tokens are for
OAUTH_PACKAGE = Path(__file__).resolve().parent / "oauth"


class OAuthServer:
    """oauth2-mock-server from the npm registry (tests/oauth/package.json): a token
    endpoint that takes a refresh token and rotates it, and a user-info endpoint."""

    def __init__(self, folder: Path) -> None:
        binary = OAUTH_PACKAGE / "node_modules" / ".bin" / "oauth2-mock-server"
        if not binary.exists():
            subprocess.run(  # noqa: S603
                [_npm(), "ci", "--no-audit", "--no-fund", "--prefix", str(OAUTH_PACKAGE)],
                check=True,
                capture_output=True,
                timeout=300,
            )
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(  # noqa: S603
            [str(binary), "-a", "127.0.0.1", "-p", str(self.port)],
            stdout=(folder / "oauth.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        _wait_for(self.port, lambda: (folder / "oauth.log").read_text(errors="replace"))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def _npm() -> str:
    found = shutil.which("npm")
    if found:
        return found
    raise RuntimeError("npm is not installed")


def _wait_for(port: int, log: Callable[[], str]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(log())


class ImapServer:
    def __init__(self, folder: Path, oauth: OAuthServer | None = None) -> None:
        self.folder = folder
        self.oauth = oauth
        self.port = _free_port()
        self.starttls_port = _free_port()
        self.cert, key = _certificate(folder)
        for sub in ("run", "state", "home"):
            (folder / sub).mkdir()
        user = "dovecot" if os.geteuid() == 0 else os.environ.get("USER", "nobody")
        login_user = "dovenull" if os.geteuid() == 0 else user
        if os.geteuid() == 0:
            shutil.chown(folder / "home", user=user)
        if oauth is not None:
            (folder / "oauth2.conf.ext").write_text(OAUTH_CONF.format(oauth=oauth.url))
        (folder / "dovecot.conf").write_text(
            CONFIG.format(
                oauth_mechanism=" xoauth2" if oauth else "",
                oauth_passdb=OAUTH_PASSDB.format(folder=folder) if oauth else "",
                folder=folder,
                port=self.port,
                starttls_port=self.starttls_port,
                cert=self.cert,
                key=key,
                password=PASSWORD,
                user=user,
                login_user=login_user,
            )
        )
        self.process = subprocess.Popen(  # noqa: S603 - dovecot with our own file
            [_dovecot(), "-F", "-c", str(folder / "dovecot.conf")],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        _wait_for(self.port, lambda: (folder / "dovecot.log").read_text(errors="replace"))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        if self.oauth is not None:
            self.oauth.stop()

    def client(self, user: str) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=str(self.cert))
        imap = imaplib.IMAP4_SSL("127.0.0.1", self.port, ssl_context=context, timeout=10)
        imap.login(user, PASSWORD)
        return imap

    def deliver(self, user: str, raw: bytes, at: datetime.datetime | None = None) -> None:
        """Put a mail in ``user``'s INBOX as the server received it at ``at``."""
        imap = self.client(user)
        try:
            moment = imaplib.Time2Internaldate(at or datetime.datetime.now(datetime.UTC))
            answer = imap.append("INBOX", "", moment, raw)
            assert answer[0] == "OK", answer
        finally:
            imap.logout()

    def folder_count(self, user: str, folder: str) -> int:
        imap = self.client(user)
        try:
            status, data = imap.select(f'"{folder}"', readonly=True)
            return int(data[0] or 0) if status == "OK" else 0
        finally:
            imap.logout()


def _dovecot() -> str:
    found = shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else ""
    )
    if found:
        return found
    if os.environ.get("KLACHTPAD_REQUIRE_IMAP") == "1":
        pytest.fail("dovecot is required (KLACHTPAD_REQUIRE_IMAP=1) but not installed")
    pytest.skip("dovecot (Debian's dovecot-imapd) is not installed here; IMAP tests skipped")


@pytest.fixture(scope="session")
def imap_server():
    _dovecot()
    # A folder of its own, not pytest's: another run's pytest prunes its older folders.
    folder = Path(tempfile.mkdtemp(prefix="klachtpad-imap-"))
    if os.geteuid() == 0:
        # dovecot's own users must reach the folder.
        for parent in [folder, *folder.parents]:
            if parent == Path("/"):
                break
            parent.chmod(parent.stat().st_mode | 0o011)
    # The OAuth 2.0 server where npm can install it (CI: required, with the IMAP server).
    has_npm = bool(shutil.which("npm")) or (OAUTH_PACKAGE / "node_modules").exists()
    if not has_npm and os.environ.get("KLACHTPAD_REQUIRE_IMAP") == "1":
        pytest.fail("npm is required for the OAuth 2.0 server (KLACHTPAD_REQUIRE_IMAP=1)")
    server = ImapServer(folder, OAuthServer(folder) if has_npm else None)
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def read(mailbox: Mailbox) -> Reading:
    """One reading of ``mailbox`` (nobody else is reading it in these tests)."""
    reading = mailbox_read(mailbox.pk)
    assert reading is not None
    return reading


def mail(
    *,
    sender: str = "Sanne de Vries <sanne@example.nl>",
    to: str = "klachten@next.example",
    subject: str = "Klacht over de begeleiding",
    text: str = "Mijn begeleider kwam drie keer niet opdagen.",
    headers: dict[str, str] | None = None,
    files: list[tuple[str, str, bytes]] = (),  # type: ignore[assignment]
    message_id: str | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.datetime.now(datetime.UTC))
    message["Message-ID"] = message_id or make_msgid(domain="example.nl")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    for name, content_type, data in files:
        main, _slash, sub = content_type.partition("/")
        message.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return message.as_bytes()
