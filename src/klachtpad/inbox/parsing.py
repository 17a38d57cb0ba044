"""Reading one mail as it came from the server: who sent it, what it answers, its text,
its files, and whether it is a person writing at all (a bounce, RFC 3464; an automatic
reply, RFC 3834). Nothing here fetches anything: HTML becomes plain text, so no remote
content is ever loaded and no markup reaches a page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses
from enum import StrEnum
from html.parser import HTMLParser

# References as Klachtpad gives them ("2026-0012"), in a subject.
REFERENCE_PATTERN = re.compile(r"(?<![\d-])(\d{4}-\d{4,6})(?![\d-])")
# The Message-ID of a mail Klachtpad sent (notifications.models.MailDelivery).
OWN_MESSAGE_ID = re.compile(r"<klachtpad\.(\d+)@[^>]+>")
MESSAGE_ID = re.compile(r"<[^<>\s]+>")
TEXT_LIMIT = 100_000  # characters of text kept of one mail


class Kind(StrEnum):
    MAIL = "mail"  # written by a person
    BOUNCE = "bounce"  # a report that a mail could not be delivered
    AUTO_REPLY = "auto_reply"  # an out-of-office or other automatic answer


@dataclass(frozen=True)
class Part:
    """A file attached to the mail, as the sender named and declared it."""

    name: str
    declared_type: str
    data: bytes


@dataclass(frozen=True)
class Bounce:
    """What a delivery status notification says of the mail it returns."""

    message_id: str  # of the mail that could not be delivered
    recipient: str
    status: str  # "5.1.1"
    diagnostic: str


@dataclass(frozen=True)
class Parsed:
    kind: Kind
    message_id: str
    in_reply_to: tuple[str, ...]
    from_name: str
    from_address: str
    to: str
    subject: str
    text: str
    parts: tuple[Part, ...] = ()
    bounce: Bounce | None = None

    def own_ids(self) -> list[int]:
        """The Klachtpad mails this one answers, nearest first."""
        return [int(found) for found in OWN_MESSAGE_ID.findall(" ".join(self.in_reply_to))]

    def references(self) -> list[str]:
        """The file references named in the subject."""
        return REFERENCE_PATTERN.findall(self.subject)


class _TextOfHtml(HTMLParser):
    """The words of an HTML body with its paragraphs and line breaks; scripts, styles
    and the head are dropped, images and links are never followed."""

    BLOCKS = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "blockquote"})
    HIDDEN = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.pieces.append(data)


def html_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.pieces).splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _clean(text: str) -> str:
    """Text without control characters but line breaks and tabs, at most TEXT_LIMIT."""
    kept = "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")
    return kept.replace("\r", "")[:TEXT_LIMIT].strip()


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name, "")
    except (ValueError, IndexError, TypeError):  # a header the parser cannot read
        return ""
    return " ".join(str(value or "").split())


def _sender(message: Message) -> tuple[str, str]:
    found = getaddresses([_header(message, "From")])
    name, address = found[0] if found else ("", "")
    return name.strip(), address.strip().lower()


def is_automatic(message: Message) -> bool:
    """An automatic answer (RFC 3834 Auto-Submitted, and the headers mail programs use
    where they do not set it), never to be answered or taken as a complaint."""
    auto = _header(message, "Auto-Submitted").lower()
    if auto and auto != "no":
        return True
    precedence = _header(message, "Precedence").lower()
    if precedence in ("bulk", "junk", "list", "auto_reply"):
        return True
    sender = _header(message, "From").lower()
    return bool(
        _header(message, "X-Autoreply")
        or _header(message, "X-Autorespond")
        or "mailer-daemon@" in sender
    )


def _bounce(message: Message) -> Bounce | None:
    """The returned mail's Message-ID and the reason, from a multipart/report of type
    delivery-status (RFC 3464), of a failed delivery (Action: failed)."""
    if message.get_content_type() != "multipart/report":
        return None
    if str(message.get_param("report-type", "")).lower() != "delivery-status":
        return None
    recipient = status = diagnostic = action = ""
    original = ""
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type == "message/delivery-status":
            for block in part.get_payload():
                if not isinstance(block, Message):
                    continue
                action = action or _header(block, "Action").lower()
                status = status or _header(block, "Status")
                diagnostic = diagnostic or _header(block, "Diagnostic-Code")
                recipient = recipient or _header(block, "Final-Recipient").partition(";")[2]
        elif content_type in ("message/rfc822", "text/rfc822-headers"):
            original = original or _original_id(part)
    if action and action != "failed":
        return None  # delayed, relayed or delivered: nothing failed yet
    return Bounce(original, recipient.strip().lower(), status, diagnostic[:300])


def _original_id(part: Message) -> str:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return _header(payload[0], "Message-ID")
    if isinstance(payload, str):  # text/rfc822-headers
        headers = BytesParser(policy=policy.default).parsebytes(
            payload.encode("utf-8", "replace"), headersonly=True
        )
        return _header(headers, "Message-ID")
    return ""


def _body(message: EmailMessage) -> str:
    """The mail's text: its plain part, else the text of its HTML part."""
    found = message.get_body(preferencelist=("plain", "html"))
    if found is None:
        return ""
    try:
        content = found.get_content()
    except (LookupError, ValueError, AssertionError):  # an unknown charset
        payload = found.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if found.get_content_type() == "text/html":
        return html_text(str(content))
    return str(content)


def _parts(message: EmailMessage) -> tuple[Part, ...]:
    found = []
    for part in message.iter_attachments():
        if part.get_content_maintype() == "multipart":
            continue
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            data = part.as_bytes() if part.get_content_type() == "message/rfc822" else b""
        fallback = "mail.eml" if part.get_content_type() == "message/rfc822" else "bijlage"
        name = part.get_filename() or fallback
        found.append(Part(name=name, declared_type=part.get_content_type(), data=data))
    return tuple(found)


def mail_parse(raw: bytes, *, headers_only: bool = False) -> Parsed:
    """``raw`` (the whole message, or its header only for a mail too large to fetch)."""
    message = BytesParser(policy=policy.default).parsebytes(raw, headersonly=headers_only)
    assert isinstance(message, EmailMessage)  # noqa: S101 - policy.default makes these
    name, address = _sender(message)
    # Nearest first: what it answers, then its references from the newest back.
    answers = MESSAGE_ID.findall(_header(message, "In-Reply-To")) + list(
        reversed(MESSAGE_ID.findall(_header(message, "References")))
    )
    bounce = None if headers_only else _bounce(message)
    kind = Kind.BOUNCE if bounce else Kind.AUTO_REPLY if is_automatic(message) else Kind.MAIL
    text = "" if headers_only else _body(message)
    return Parsed(
        kind=kind,
        message_id=_header(message, "Message-ID")[:250],
        in_reply_to=tuple(dict.fromkeys(answers)),
        from_name=_clean(name)[:200],
        from_address=address[:254],
        to=_header(message, "To")[:300],
        subject=_clean(_header(message, "Subject"))[:300],
        text=_clean(text),
        parts=() if headers_only or bounce else _parts(message),
        bounce=bounce,
    )


def address_of(value: str) -> str:
    """The bare address of ``Name <address>``, lower case."""
    try:
        return Address(addr_spec=getaddresses([value])[0][1]).addr_spec.lower()
    except (ValueError, IndexError):
        return ""
