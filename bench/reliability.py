"""Nothing lost, nothing twice: Klachtpad under load and faults, in production shape.

    make bench
    .venv/bin/python bench/reliability.py --submissions 10000 --clients 50

Starts gunicorn (4 workers) and two task workers on a fresh PostgreSQL database reached
through a TCP proxy that the bench can cut, with mail to an SMTP server on loopback
(aiosmtpd). Then:

1. N public submissions from C concurrent clients, 10 % sent twice at once (a double
   click) and 5 % sent again after the answer (a retry); a client that gets an error
   sends again after a second, up to 5 times, as a person would.
2. During the load, a database outage: the proxy in front of PostgreSQL is cut and
   restored (the server itself is never touched). Errors must be back to 0 within 15 s
   of the restore; every submission that got its confirmation must be filed once.
3. During the mail, an SMTP outage; afterwards every mail must arrive exactly once.
4. A task worker killed with SIGKILL while sending; its tasks must be taken again after
   the lease (set to 1 minute here) and no mail may arrive twice.

Results are appended to bench/results/reliability.md. Targets are counts, not times:
0 lost, 0 duplicated, errors gone within 15 s, workers recovered by themselves.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path
from typing import Any

import psycopg
import requests
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import free_port  # noqa: E402

PG_HOST, PG_PORT = "127.0.0.1", 5432
RECOVERY_TARGET_S = 15.0


class Cutter:
    """A TCP proxy in front of PostgreSQL that can be cut (every connection dropped,
    new ones refused) and restored."""

    def __init__(self) -> None:
        self.port = free_port()
        self.open = True
        self.connections: list[socket.socket] = []
        self.lock = threading.Lock()
        self.server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            client, _ = self.server.accept()
            if not self.open:
                client.close()
                continue
            try:
                upstream = socket.create_connection((PG_HOST, PG_PORT))
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.close()

    def cut(self) -> None:
        self.open = False
        with self.lock:
            for connection in self.connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                    connection.close()
            self.connections.clear()

    def restore(self) -> None:
        self.open = True


class Sink:
    """An SMTP server that keeps every message; it can be stopped and started again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[bytes] = []
        self.controller: Controller | None = None
        self.start()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope.content)
        return "250 Message accepted"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def message_ids(self) -> Counter[str]:
        return Counter(str(message_from_bytes(m)["Message-ID"]) for m in self.received)


@dataclass
class Load:
    accepted: set[str] = field(default_factory=set)  # keys that got their confirmation
    errors: list[float] = field(default_factory=list)  # moments of server errors
    given_up: int = 0
    sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def submit(base: str, load: Load, number: int) -> None:
    """One person filing once, maybe with a double click or a retry."""
    form = f"{base}/next/klacht/care/"
    for _attempt in range(5):
        try:
            page = requests.get(form, timeout=30)
            if page.status_code != 200:
                raise requests.RequestException(str(page.status_code))
            key = re.search(r'name="key" value="([^"]+)"', page.text)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            if key is None or token is None:
                raise requests.RequestException("no form")
            cookies = {"csrftoken": page.cookies.get("csrftoken") or ""}
            data = {
                "csrfmiddlewaretoken": token.group(1),
                "key": key.group(1),
                "handling": "formal",
                "relation": "client",
                "name": f"Bench {number}",
                "email": f"bench{number}@example.org",
                "description": "Mijn begeleider kwam niet.",
            }
            break
        except requests.RequestException:
            with load.lock:
                load.errors.append(time.monotonic())
            time.sleep(1)
    else:
        with load.lock:
            load.given_up += 1
        return
    copies = 2 if random.random() < 0.10 else 1  # noqa: S311 - a bench, not a secret
    retry = random.random() < 0.05  # noqa: S311

    def post() -> bool:
        for _attempt in range(5):
            try:
                answer = requests.post(
                    form, data=data, cookies=cookies, allow_redirects=False, timeout=30
                )
                with load.lock:
                    load.sent += 1
                if answer.status_code == 302 and "/ontvangen/" in answer.headers["Location"]:
                    return True
                raise requests.RequestException(str(answer.status_code))
            except requests.RequestException:
                with load.lock:
                    load.errors.append(time.monotonic())
                time.sleep(1)
        return False

    with ThreadPoolExecutor(copies) as double:
        results = list(double.map(lambda _: post(), range(copies)))
    if retry:
        results.append(post())
    with load.lock:
        if any(results):
            load.accepted.add(data["key"])
        else:
            load.given_up += 1


class Site:
    """Klachtpad in production shape for the bench."""

    def __init__(self, cutter: Cutter, sink: Sink, work: Path) -> None:
        self.database = f"klachtpad_bench_{uuid.uuid4().hex[:8]}"
        self.admin = psycopg.connect(f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres")
        self.admin.autocommit = True
        self.admin.execute(f'CREATE DATABASE "{self.database}"')
        self.port = free_port()
        self.work = work
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("KLACHTPAD_", "DATA"))},
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{cutter.port}/{self.database}",
            "KLACHTPAD_SECRET_KEY": "bench-" + uuid.uuid4().hex * 2,
            "KLACHTPAD_AUDIT_KEY": "bench-audit-" + uuid.uuid4().hex,
            "KLACHTPAD_OTP_KEY": "bench-otp-" + uuid.uuid4().hex,
            "KLACHTPAD_ALLOWED_HOSTS": "127.0.0.1",
            "KLACHTPAD_SSL_REDIRECT": "0",
            "KLACHTPAD_SUBMISSIONS_PER_HOUR": "1000000",
            "KLACHTPAD_DATA_DIR": str(work / "var"),
            "KLACHTPAD_STATIC_ROOT": str(work / "static"),
            "KLACHTPAD_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "KLACHTPAD_EMAIL_HOST": "127.0.0.1",
            "KLACHTPAD_EMAIL_PORT": str(sink.port),
            "KLACHTPAD_EMAIL_TIMEOUT": "5",
            "KLACHTPAD_TASK_LEASE_MIN": "1",
            "KLACHTPAD_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT / "src"),
        }
        direct = {
            **self.env,
            "DATABASE_URL": self.env["DATABASE_URL"].replace(f":{cutter.port}/", f":{PG_PORT}/"),
        }
        for args in (["migrate", "-v0"], ["scheme_load", "schemes/next.yaml", "-v0"]):
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", *args], cwd=ROOT, env=direct, check=True
            )
        self.web = self._start(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "deploy/gunicorn.conf.py",
                "klachtpad.wsgi",
            ],
            "web",
            KLACHTPAD_BIND=f"127.0.0.1:{self.port}",
            KLACHTPAD_WEB_WORKERS="4",
        )
        self.workers = [self.worker(n) for n in range(2)]
        self.base = f"http://127.0.0.1:{self.port}"
        until = time.monotonic() + 60
        while time.monotonic() < until:
            try:
                if requests.get(f"{self.base}/health/ready", timeout=2).ok:
                    return
            except requests.RequestException:
                time.sleep(0.5)
        raise SystemExit("the web server never became ready")

    def _start(self, command: list[str], name: str, **extra: str) -> subprocess.Popen[bytes]:
        log = (self.work / f"{name}.log").open("ab")
        return subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env={**self.env, **extra}, stdout=log, stderr=subprocess.STDOUT
        )

    def worker(self, number: int) -> subprocess.Popen[bytes]:
        return self._start(
            [sys.executable, "manage.py", "task_worker", "--interval", "0.2"], f"worker{number}"
        )

    def query(self, sql: str) -> Any:
        with psycopg.connect(
            f"postgresql://postgres@{PG_HOST}:{PG_PORT}/{self.database}"
        ) as connection:
            return connection.execute(sql).fetchall()

    def stop(self) -> None:
        for process in [self.web, *self.workers]:
            process.terminate()
        for process in [self.web, *self.workers]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def wait_until(done: Any, seconds: float) -> bool:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if done():
            return True
        time.sleep(1)
    return False


def run(args: argparse.Namespace) -> list[str]:
    cutter, sink = Cutter(), Sink()
    work = Path(f"/tmp/klachtpad-reliability-{uuid.uuid4().hex[:6]}")  # noqa: S108
    work.mkdir()
    site = Site(cutter, sink, work)
    load = Load()
    lines: list[str] = []
    try:
        restored_at = 0.0

        def outage() -> None:
            nonlocal restored_at
            time.sleep(args.outage_after)
            cutter.cut()
            time.sleep(args.db_outage)
            cutter.restore()
            restored_at = time.monotonic()

        started = time.monotonic()
        threading.Thread(target=outage, daemon=True).start()
        with ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(lambda n: submit(site.base, load, n), range(args.submissions)))
        load_seconds = time.monotonic() - started
        late = [moment - restored_at for moment in load.errors if moment > restored_at]
        recovery = max(late, default=0.0)

        # The SMTP server goes away while mail is still going out; then a worker is
        # killed mid-batch and a new one started, as a supervisor would.
        sink.stop()
        time.sleep(args.smtp_outage)
        sink.start()
        time.sleep(2)
        site.workers[0].send_signal(signal.SIGKILL)
        site.workers[0] = site.worker(2)
        queued = "SELECT count(*) FROM notifications_maildelivery WHERE status <> 'sent'"
        drained = wait_until(lambda: site.query(queued)[0][0] == 0, args.mail_wait)

        filed = site.query(
            "SELECT count(*), count(DISTINCT s.key) FROM complaints_complaint c "
            "JOIN public_submission s ON s.complaint_id = c.id"
        )[0]
        complaints = site.query("SELECT count(*) FROM complaints_complaint")[0][0]
        keys = {
            row[0]
            for row in site.query(
                "SELECT key FROM public_submission WHERE complaint_id IS NOT NULL"
            )
        }
        lost = len(load.accepted - keys)
        duplicated = complaints - filed[1]
        mails = site.query("SELECT count(*) FROM notifications_maildelivery")[0][0]
        ids = sink.message_ids()
        twice = sum(count - 1 for count in ids.values() if count > 1)
        undelivered = mails - len(ids)
        lines = [
            f"- {args.submissions} submissions from {args.clients} clients in "
            f"{load_seconds:.0f} s ({load.sent} posts, double-submits and retries included): "
            f"**{lost} lost, {duplicated} duplicated**, {len(load.accepted)} confirmed, "
            f"{load.given_up} given up by the client after 5 tries",
            f"- database cut for {args.db_outage} s: {len(load.errors)} errors during the "
            f"load, the last {recovery:.1f} s after the restore (target "
            f"<= {RECOVERY_TARGET_S:.0f} s); workers recovered by themselves: "
            f"{'yes' if drained else 'no'}",
            f"- SMTP away for {args.smtp_outage} s and a worker killed with SIGKILL: "
            f"{mails} mails, {len(ids)} delivered, **{undelivered} not delivered, "
            f"{twice} delivered twice**",
        ]
        ok = (
            lost == 0
            and duplicated == 0
            and recovery <= RECOVERY_TARGET_S
            and drained
            and undelivered == 0
            and twice == 0
        )
        lines.append(f"- verdict: {'PASS' if ok else 'FAIL'} (logs in {work})")
    finally:
        site.stop()
        sink.stop()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--db-outage", type=int, default=30, help="seconds")
    parser.add_argument("--outage-after", type=int, default=20, help="seconds into the load")
    parser.add_argument("--smtp-outage", type=int, default=300, help="seconds")
    parser.add_argument("--mail-wait", type=int, default=900, help="seconds for the queue")
    args = parser.parse_args()
    lines = run(args)
    when = time.strftime("%Y-%m-%d %H:%M")
    header = f"\n## {when} · {platform.node()} · Python {platform.python_version()}\n"
    with (ROOT / "bench" / "results" / "reliability.md").open("a", encoding="utf-8") as out:
        out.write(header + "\n".join(lines) + "\n")
    print(header + "\n".join(lines))
    if not lines or "PASS" not in lines[-1]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
