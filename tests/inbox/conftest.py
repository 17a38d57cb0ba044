"""The inbox tests read a mailbox of their own on the test IMAP server (``tests.imap``)."""

from __future__ import annotations

import itertools
import os

import pytest

from klachtpad.inbox.models import Mailbox
from klachtpad.inbox.services import mailbox_save
from klachtpad.organisations.models import Membership, Organisation
from tests.complaints.factories import UserFactory
from tests.imap import PASSWORD

_users = itertools.count(1)


@pytest.fixture
def next_org(seeded):
    return Organisation.objects.get(slug="next")


@pytest.fixture
def officer(next_org):
    user = UserFactory.create(
        username="officer", first_name="Olga", last_name="Officier", email="olga@next.example"
    )
    Membership.objects.create(user=user, organisation=next_org, role="complaints_officer")
    return user


@pytest.fixture
def mailbox(imap_server, settings, next_org):
    """A mailbox of the organisation ``next`` on the test server, TLS checked."""
    settings.KLACHTPAD_INBOX_CA_FILE = str(imap_server.cert)
    user = f"klachten{next(_users)}-{os.getpid()}@next.example"
    return mailbox_save(
        Mailbox(
            organisation=next_org,
            name="Klachten",
            address=user,
            host="127.0.0.1",
            port=imap_server.port,
            username=user,
        ),
        secret=PASSWORD,
    )
