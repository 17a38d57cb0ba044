"""Several task workers (real processes, as in production) read one mailbox on a real
IMAP server and one PostgreSQL: 100 mails are each kept exactly once, and a worker
killed in the middle of a batch loses nothing and doubles nothing.

With the mailbox claim as in production, one worker reads a mailbox at a time and the
others pass. With the claim set to lapse at once (KLACHTPAD_TASK_LEASE_MIN=0) the
workers really read the same folder at the same time: only the order (stored, then
moved) and the unique UID and Message-ID keep each mail once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.imap import PASSWORD, ImapServer, mail

pytestmark = pytest.mark.production

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
PG = os.environ.get("KLACHTPAD_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/klachtpad")
MAILBOX = """
from klachtpad.inbox.models import Mailbox
from klachtpad.inbox.services import mailbox_save
from klachtpad.organisations.models import Organisation
mailbox_save(Mailbox(organisation=Organisation.objects.get(slug="next"), name="Klachten",
    address="{user}", host="127.0.0.1", port={port}, username="{user}"), secret="{password}")
"""
ENQUEUE = """
from klachtpad.inbox.models import Mailbox
from klachtpad.inbox.tasks import mailbox_read_task
for _ in range({times}):
    mailbox_read_task.enqueue(Mailbox.objects.get().pk)
"""


class Site:
    def __init__(self, work: Path, env: dict[str, str], database: str, user: str) -> None:
        self.work, self.env, self.database, self.user = work, env, database, user
        self.workers: list[subprocess.Popen[bytes]] = []

    def manage(self, *args: str) -> str:
        return subprocess.run(  # noqa: S603
            [PY, "manage.py", *args], cwd=ROOT, env=self.env, check=True, capture_output=True
        ).stdout.decode()

    def worker(self) -> subprocess.Popen[bytes]:
        log = (self.work / f"worker{len(self.workers)}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603
            [PY, "manage.py", "task_worker", "--queue-name", "inbox", "--interval", "0.1"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(process)
        return process

    def enqueue(self, times: int) -> None:
        self.manage("shell", "-c", ENQUEUE.format(times=times))

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(PG.rsplit("/", 1)[0] + f"/{self.database}") as connection:
            return connection.execute(sql).fetchall()

    def stored(self) -> int:
        return int(self.rows("SELECT count(*) FROM inbox_inboxitem")[0][0])


@pytest.fixture
def site(imap_server: ImapServer, tmp_path: Path) -> Iterator[Site]:
    try:
        psycopg.connect(PG.rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
    except psycopg.OperationalError as error:
        if os.environ.get("KLACHTPAD_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required: {error}")
        pytest.skip(f"PostgreSQL is not reachable: {error}")
    database = f"klachtpad_inbox_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(PG.rsplit("/", 1)[0] + "/postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{database}"')
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KLACHTPAD_", "DATABASE"))},
        "KLACHTPAD_DEBUG": "1",
        "DATABASE_URL": PG.rsplit("/", 1)[0] + f"/{database}",
        "KLACHTPAD_DATA_DIR": str(tmp_path / "var"),
        "KLACHTPAD_INBOX_CA_FILE": str(imap_server.cert),
        "KLACHTPAD_TASK_LEASE_MIN": "0",
        "KLACHTPAD_INBOX_BATCH": "100",
        "PYTHONPATH": str(ROOT / "src"),
    }
    user = f"workers-{uuid.uuid4().hex[:8]}@next.example"
    found = Site(tmp_path, env, database, user)
    found.manage("migrate", "--noinput", "-v0")
    found.manage("scheme_load", "schemes/next.yaml", "-v0")
    found.manage("shell", "-c", MAILBOX.format(user=user, port=imap_server.port, password=PASSWORD))
    yield found
    for process in found.workers:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
    admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
    admin.close()


def deliver(imap_server: ImapServer, user: str, count: int) -> set[str]:
    ids = {f"<mail-{number}-{uuid.uuid4().hex[:6]}@example.nl>" for number in range(count)}
    for message_id in sorted(ids):
        imap_server.deliver(user, mail(message_id=message_id, text=f"Klacht {message_id}"))
    return ids


def until(check: Any, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("not reached in time")
        time.sleep(0.05)


def _emptied(imap_server: ImapServer, site: Site) -> Callable[[], bool]:
    def emptied() -> bool:
        if imap_server.folder_count(site.user, "INBOX") == 0:
            return True
        if not site.rows("SELECT 1 FROM django_tasks_database_dbtaskresult WHERE status='READY'"):
            site.enqueue(2)  # as the next round would
        return False

    return emptied


@pytest.mark.parametrize("claimed", [True, False], ids=["claimed", "claim-off"])
def test_two_workers_take_100_mails_with_none_lost_and_none_twice(
    imap_server: ImapServer, site: Site, claimed: bool
) -> None:
    if claimed:
        site.env["KLACHTPAD_TASK_LEASE_MIN"] = "15"
    sent = deliver(imap_server, site.user, 100)
    site.enqueue(4)
    site.worker()
    site.worker()

    until(_emptied(imap_server, site))
    until(lambda: site.stored() == 100, 30)

    kept = site.rows("SELECT message_id, uid FROM inbox_inboxitem")
    assert {message_id for message_id, _uid in kept} == sent  # none lost
    assert len({uid for _message_id, uid in kept}) == len(kept) == 100  # none twice
    moved = imap_server.folder_count(site.user, "Klachtpad")
    if claimed:
        assert moved == 100
    else:
        # Two sessions moving one mail at once: the server may copy it twice into the
        # read folder (the one that lost the race still saw it); it is kept once.
        assert moved >= 100
    both = [(site.work / f"worker{number}.log").read_text(errors="replace") for number in (0, 1)]
    assert not any("Traceback" in log and "IntegrityError" not in log for log in both)


def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_nothing(
    imap_server: ImapServer, site: Site
) -> None:
    sent = deliver(imap_server, site.user, 100)
    site.enqueue(1)
    first = site.worker()
    until(lambda: site.stored() >= 10)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    at_kill = site.stored()
    assert 10 <= at_kill < 100  # killed in the middle of its batch

    site.worker()
    site.enqueue(1)

    until(_emptied(imap_server, site))
    kept = site.rows("SELECT message_id FROM inbox_inboxitem")
    assert sorted(message_id for (message_id,) in kept) == sorted(sent)
    # A worker killed while the server moved a mail may leave the server's copy in the
    # read folder as well as the mail in the folder to read; it is stored once, and moved
    # again, so the read folder may hold that one mail twice, never fewer than all.
    assert 100 <= imap_server.folder_count(site.user, "Klachtpad") <= 101
