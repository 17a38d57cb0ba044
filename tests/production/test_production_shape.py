"""Klachtpad in production shape, all on loopback: two gunicorn servers and two task
workers against PostgreSQL, behind nginx speaking TLS, with files in an S3-compatible
server (moto). Through the proxy a person files a complaint with a file, the file lands
in the bucket, the officer signs in with both factors and downloads the letter the
workers wrote, and the form limit counts per real client, not per proxy."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
from django_otp.oath import totp
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
PG = os.environ.get("KLACHTPAD_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/klachtpad")
CERT = Path(os.environ.get("TMPDIR", "/tmp")) / f"klachtpad-shape-{os.getpid()}.pem"  # noqa: S108
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"

pytestmark = pytest.mark.production


def _missing() -> str:
    if not Path(NGINX).exists():
        return "nginx is not installed"
    if not shutil.which("openssl"):
        return "openssl is not installed"
    try:
        psycopg.connect(PG.rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
    except psycopg.Error:
        return "PostgreSQL is not reachable"
    return ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, cert: Path, seconds: float = 40) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        try:
            if requests.get(url, timeout=2, verify=str(cert)).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never answered")


class From(HTTPAdapter):
    """Connections from one loopback address: each address is another client."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def browser(address: str) -> requests.Session:
    """A client at ``address`` that trusts the proxy's certificate (made for the test)."""
    session = requests.Session()
    session.trust_env = False
    session.verify = str(CERT)
    session.mount("https://", From(address))
    return session


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    missing = _missing()
    # On a developer's machine without nginx or PostgreSQL the shape cannot run; in CI
    # (.ci/run installs both and sets KLACHTPAD_REQUIRE_POSTGRES) a missing part fails.
    if missing:
        if os.environ.get("KLACHTPAD_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"the production shape is required in CI: {missing}")
        pytest.skip(missing)
    from moto.server import ThreadedMotoServer

    work = tmp_path_factory.mktemp("shape")
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port())
    s3.start()
    s3_url = f"http://127.0.0.1:{s3.get_host_and_port()[1]}"
    database = f"klachtpad_shape_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(PG.rsplit("/", 1)[0] + "/postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{database}"')
    proxy_port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KLACHTPAD_", "DATABASE"))},
        "DATABASE_URL": PG.rsplit("/", 1)[0] + f"/{database}",
        "KLACHTPAD_SECRET_KEY": "shape-secret-" + uuid.uuid4().hex,
        "KLACHTPAD_AUDIT_KEY": "shape-audit-" + uuid.uuid4().hex,
        "KLACHTPAD_OTP_KEY": "shape-otp-" + uuid.uuid4().hex,
        "KLACHTPAD_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "KLACHTPAD_BASE_URL": f"https://127.0.0.1:{proxy_port}",
        "KLACHTPAD_TRUSTED_PROXIES": "127.0.0.1",
        "KLACHTPAD_SUBMISSIONS_PER_HOUR": "2",
        "KLACHTPAD_STORAGE": "s3",
        "KLACHTPAD_S3_BUCKET": "klachtpad-files",
        "KLACHTPAD_S3_ENDPOINT_URL": s3_url,
        "KLACHTPAD_S3_REGION": "eu-west-1",
        "KLACHTPAD_S3_ACCESS_KEY": "shape",
        "KLACHTPAD_S3_SECRET_KEY": "shape-secret",
        "KLACHTPAD_DATA_DIR": str(work / "var"),
        "KLACHTPAD_STATIC_ROOT": str(work / "static"),
        "KLACHTPAD_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": str(ROOT / "src"),
    }
    import boto3

    boto3.client(
        "s3",
        endpoint_url=s3_url,
        aws_access_key_id="shape",
        aws_secret_access_key="shape-secret",
        region_name="eu-west-1",
    ).create_bucket(
        Bucket="klachtpad-files", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )

    def manage(*args: str) -> str:
        return subprocess.run(  # noqa: S603
            [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout

    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage("scheme_load", "schemes/next.yaml", "-v0")
    secret = manage("shell", "-c", OFFICER)
    processes: list[subprocess.Popen[bytes]] = []
    logs = work / "logs"
    logs.mkdir()
    upstreams = []
    for number in range(2):
        port = free_port()
        upstreams.append(f"server 127.0.0.1:{port};")
        processes.append(
            subprocess.Popen(  # noqa: S603
                [PY, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "klachtpad.wsgi"],
                cwd=ROOT,
                env={**env, "KLACHTPAD_BIND": f"127.0.0.1:{port}", "KLACHTPAD_WEB_WORKERS": "2"},
                stdout=(logs / f"web{number}.log").open("wb"),
                stderr=subprocess.STDOUT,
            )
        )
        processes.append(
            subprocess.Popen(  # noqa: S603
                [PY, "manage.py", "task_worker", "--interval", "0.2"],
                cwd=ROOT,
                env=env,
                stdout=(logs / f"worker{number}.log").open("wb"),
                stderr=subprocess.STDOUT,
            )
        )
    subprocess.run(  # noqa: S603
        [
            OPENSSL,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(work / "key.pem"),
            "-out",
            str(work / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    (work / "nginx.conf").write_text(
        NGINX_CONF.format(work=work, port=proxy_port, upstreams="\n    ".join(upstreams)),
        encoding="utf-8",
    )
    nginx = subprocess.Popen(  # noqa: S603
        [NGINX, "-c", str(work / "nginx.conf"), "-p", str(work), "-g", "daemon off;"],
        stdout=(logs / "nginx.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    processes.append(nginx)
    base = f"https://127.0.0.1:{proxy_port}"
    try:
        CERT.write_bytes((work / "cert.pem").read_bytes())
        wait_for(f"{base}/health/ready", CERT)
        yield {"base": base, "secret": secret.split()[-1], "s3": s3_url, "logs": logs}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        s3.stop()
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()


OFFICER = """
from klachtpad.accounts.services import second_factor_pending, second_factor_confirm
from klachtpad.organisations.models import Membership, Organisation
from django.contrib.auth.models import User
from django_otp.oath import totp
user = User.objects.create_user("olga", password="een-lang-wachtwoord-1", first_name="Olga")
Membership.objects.create(user=user, organisation=Organisation.objects.get(slug="next"),
                          role="complaints_officer")
device = second_factor_pending(user)
second_factor_confirm(user, f"{totp(device.bin_key):06d}")
from klachtpad.accounts.models import Authenticator
Authenticator.objects.filter(user=user).update(last_t=-1)
print(device.bin_key.hex())
"""

NGINX_CONF = """
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/logs/nginx-error.log;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {work}/body;
  proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi;
  uwsgi_temp_path {work}/uwsgi;
  scgi_temp_path {work}/scgi;
  client_max_body_size 25m;
  upstream klachtpad {{
    {upstreams}
  }}
  server {{
    listen 127.0.0.1:{port} ssl;
    ssl_certificate {work}/cert.pem;
    ssl_certificate_key {work}/key.pem;
    location / {{
      proxy_pass http://klachtpad;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Request-ID $request_id;
    }}
  }}
}}
"""


def file_a_complaint(person: requests.Session, base: str, *, attachment: bool = False) -> Any:
    form = f"{base}/next/klacht/care/"
    page = person.get(form).text
    key = re.search(r'name="key" value="([^"]+)"', page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert key and token, page[:500]
    data = {
        "csrfmiddlewaretoken": token.group(1),
        "key": key.group(1),
        "handling": "formal",
        "relation": "client",
        "name": "Anouk Bakker",
        "email": "anouk@example.org",
        "description": "Mijn begeleider kwam drie keer niet.",
    }
    files = {"attachments": ("brief.pdf", PDF, "application/pdf")} if attachment else None
    return person.post(form, data=data, files=files, headers={"Referer": form})


def test_filing_signing_in_and_a_letter_through_the_proxy(site):
    base = site["base"]
    person = browser("127.0.0.2")
    sent = file_a_complaint(person, base, attachment=True)

    assert sent.status_code == 200 and "/klacht/ontvangen/" in sent.url, sent.text[:800]
    assert f'href="{base}/volgen/' in sent.text  # the private link speaks HTTPS
    reference = re.search(r"\b(20\d\d-\d{4})\b", sent.text)
    assert reference is not None
    import boto3

    bucket = boto3.client(
        "s3",
        endpoint_url=site["s3"],
        aws_access_key_id="shape",
        aws_secret_access_key="shape-secret",
        region_name="eu-west-1",
    )
    keys = [item["Key"] for item in bucket.list_objects_v2(Bucket="klachtpad-files")["Contents"]]
    assert any(key.startswith("attachments/") and key.endswith(".pdf") for key in keys), keys

    officer = browser("127.0.0.4")
    login = officer.get(f"{base}/account/login/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login)
    assert token is not None
    second = officer.post(
        f"{base}/account/login/",
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": "olga",
            "password": "een-lang-wachtwoord-1",
        },
        headers={"Referer": f"{base}/account/login/"},
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', second.text)
    assert token is not None, second.text[:500]
    code = f"{totp(bytes.fromhex(site['secret'])):06d}"
    signed_in = officer.post(
        second.url,
        data={"csrfmiddlewaretoken": token.group(1), "code": code, "token": code},
        headers={"Referer": second.url},
    )
    assert "/staff/" in signed_in.url, signed_in.text[:800]

    # The officer acknowledges it (opening its form as a browser without JavaScript does);
    # the workers write the letter's PDF into the bucket.
    page = f"{base}/staff/next/complaints/{reference.group(1)}/"
    html = officer.get(f"{page}?open=acknowledge").text
    block = re.search(r'<details[^>]*id="action-acknowledge".*?</details>', html, flags=re.S)
    assert block is not None, "the complaint page offers no acknowledgement"
    action = re.search(r'<form[^>]*action="([^"]+)"', block.group(0))
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', block.group(0)))
    assert action is not None
    done = officer.post(base + action.group(1), data=fields, headers={"Referer": page})
    assert done.status_code == 200 and done.url == page, done.text[:500]
    link = None
    until = time.monotonic() + 40
    while link is None and time.monotonic() < until:
        link = re.search(
            r'href="(/staff/next/complaints/[^"]+/letters/\d+/)"', officer.get(page).text
        )
        time.sleep(0.5)
    assert link is not None, "no letter appeared on the complaint page"
    letter = officer.get(base + link.group(1))
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")


def test_the_form_limit_counts_per_real_client_behind_the_proxy(site):
    base = site["base"]
    one, other = browser("127.0.0.5"), browser("127.0.0.6")
    # Writing X-Forwarded-For oneself changes nothing: the proxy adds the real address.
    one.headers["X-Forwarded-For"] = "198.51.100.77"
    assert "/klacht/ontvangen/" in file_a_complaint(one, base).url
    assert "/klacht/ontvangen/" in file_a_complaint(one, base).url
    third = file_a_complaint(one, base)
    assert third.status_code == 422 and "Wacht een paar minuten" in third.text
    assert "/klacht/ontvangen/" in file_a_complaint(other, base).url
