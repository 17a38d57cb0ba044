"""Open a complaint's status page in a test client, as the complainant does from a mail."""

from __future__ import annotations

from django.test import Client

from klachtpad.complaints.models import Complaint
from klachtpad.public.models import StatusLinkViaChoices
from klachtpad.public.services import status_link_issue

PAGE = "/volgen/"


def mailed_link(complaint: Complaint) -> str:
    return f"/volgen/{status_link_issue(complaint, via=StatusLinkViaChoices.MAIL)}/"


def open_status(client: Client, complaint: Complaint) -> str:
    """Open a fresh mailed link in ``client``; returns the page's address (no secret)."""
    opened = client.get(mailed_link(complaint))
    assert opened.status_code == 302 and opened["Location"] == PAGE
    return PAGE
