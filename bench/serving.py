"""What the page benchmarks share: Klachtpad on gunicorn (debug off, 2 workers) over the
bench database of bench/reports.py, signed-in sessions, the floors, and timing by HTTP.

The floors are views served by the same gunicorn in the same run (``bench.floors``):
one indexed SELECT of 50 complaint rows without a session ("bare"), and the same behind
the signed-in session ("session"). A page is compared with its floor as a ratio, so a
busy machine slows both.
"""

from __future__ import annotations

import http.client
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
# The bench process and the server share keys: sessions and second factors made here
# are the server's own. Call ``keys_shared`` before Django starts.
KEYS = {
    "KLACHTPAD_SECRET_KEY": "bench-secret-" + uuid.uuid4().hex,
    "KLACHTPAD_AUDIT_KEY": "bench-audit-" + uuid.uuid4().hex,
    "KLACHTPAD_OTP_KEY": "bench-otp-" + uuid.uuid4().hex,
}


def keys_shared() -> None:
    os.environ.update(KEYS)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def session_for(username: str) -> str:
    """A signed-in session with a verified second factor, as the sign-in leaves it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    from klachtpad.accounts.models import Authenticator

    user = User.objects.get(username=username)
    device, _ = Authenticator.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "bench"}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # after axes
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


@contextmanager
def served(
    database_url: str, *, workers: int = 2, settings: dict[str, str] | None = None
) -> Iterator[tuple[str, int]]:
    """gunicorn with Klachtpad and the floors on a free port: its host:port and pid.
    ``settings``: more environment for the server (a bench's own limits)."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KLACHTPAD_", "DATABASE"))},
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.floor_settings",
        "PYTHONPATH": str(ROOT),
        **KEYS,
        "KLACHTPAD_ALLOWED_HOSTS": "127.0.0.1",
        "KLACHTPAD_SSL_REDIRECT": "0",
        "KLACHTPAD_BIND": f"127.0.0.1:{port}",
        "KLACHTPAD_WEB_WORKERS": str(workers),
        "KLACHTPAD_DB_POOL_MAX": "8",
        "KLACHTPAD_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "KLACHTPAD_LOG_LEVEL": "WARNING",
        **(settings or {}),
    }
    log = (ROOT / "var" / "bench-gunicorn.log").open("wb")
    server = subprocess.Popen(  # noqa: S603
        [PY, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "klachtpad.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    address = f"127.0.0.1:{port}"
    try:
        for _attempt in range(200):
            try:
                get(address, "/health/live")
                break
            except OSError:
                time.sleep(0.1)
        yield address, server.pid
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def get(address: str, path: str, cookie: str = "") -> tuple[int, float, bytes]:
    """One GET on a fresh connection: status, seconds, body."""
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read()
    seconds = time.perf_counter() - started
    connection.close()
    return response.status, seconds, body


def post(address: str, path: str, cookie: str, fields: dict[str, str]) -> tuple[int, float, bytes]:
    """One form POST on a fresh connection: status, seconds, body."""
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    body = urllib.parse.urlencode(fields)
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    started = time.perf_counter()
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    answer = response.read()
    seconds = time.perf_counter() - started
    connection.close()
    return response.status, seconds, answer


def cookies_of(address: str, path: str) -> tuple[str, bytes]:
    """The cookies a fresh visitor gets on ``path`` (session, CSRF), and the page."""
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    connection.request("GET", path)
    response = connection.getresponse()
    page = response.read()
    jar = [
        value.split(";", 1)[0]
        for name, value in response.getheaders()
        if name.lower() == "set-cookie"
    ]
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status} {page[:300]!r}")
    return "; ".join(jar), page


def timings(address: str, path: str, cookie: str, runs: int) -> list[float]:
    found = []
    for _run in range(runs):
        status, seconds, body = get(address, path, cookie)
        if status != 200:
            raise RuntimeError(f"{path}: {status} {body[:300]!r}")
        found.append(seconds)
    return found


def median_ms(address: str, path: str, cookie: str, runs: int) -> float:
    timings(address, path, cookie, 3)  # warm: plans, caches
    return statistics.median(timings(address, path, cookie, runs)) * 1000


def p95_ms(address: str, path: str, cookie: str, users: int, runs: int) -> float:
    """Each of ``users`` asks ``runs`` times at once; the 95th percentile of all."""
    with ThreadPoolExecutor(users) as pool:
        found = [
            t
            for part in pool.map(lambda _u: timings(address, path, cookie, runs), range(users))
            for t in part
        ]
    return statistics.quantiles(found, n=20)[18] * 1000


def machine() -> str:
    load = "/".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{os.cpu_count()} CPUs, load {load}"


def record(name: str, header: str, line: str) -> None:
    """Append ``line`` (a table row) to bench/results/``name``, made with ``header``."""
    results = ROOT / "bench" / "results" / name
    if not results.exists():
        results.write_text(header)
    with results.open("a") as out:
        out.write(f"| {date.today().isoformat()} | {platform.python_version()} | {line}\n")  # noqa: DTZ011


def database_copy(server: str, source: str, copy: str) -> str:
    """A fresh copy of database ``source``: a bench that writes leaves the data of the
    others as it was. This process's connections (and their pool) are closed first; no
    other may be open. Returns the copy's URL."""
    import psycopg

    _connections_closed()
    with psycopg.connect(f"{server}/postgres", autocommit=True) as server_connection:
        server_connection.execute(f"DROP DATABASE IF EXISTS {copy} WITH (FORCE)")
        server_connection.execute(f"CREATE DATABASE {copy} TEMPLATE {source}")
    return f"{server}/{copy}"


def database_use(url: str) -> None:
    """Point this process's Django connection at ``url``'s database."""
    from django.db import connection

    _connections_closed()
    connection.settings_dict["NAME"] = url.rsplit("/", 1)[1]


def _connections_closed() -> None:
    from django.db import connection

    connection.close()
    if getattr(connection, "pool", None) is not None:
        connection.close_pool()  # type: ignore[attr-defined]
