"""A newcomer's first minutes: the demo logins `make run` prints work as printed, and
every command the README shows runs as shown."""

import io
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "klachtpad-demo"


def printed_logins(output: str) -> list[str]:
    lines = output.split("Demo logins", 1)[1].splitlines()[1:]
    return [line.split()[0] for line in lines if line.startswith("  ") and line.strip()]


def totp_from_page(html: str) -> str:
    key = re.search(r'id="otp-key">([A-Z2-7 ]+)<', html)
    assert key, "the set-up page shows the key to type"
    import base64

    secret = base64.b32decode(key.group(1).replace(" ", ""))
    return f"{TOTP(secret).token():06d}"


@pytest.mark.django_db(transaction=True)
def test_every_printed_demo_login_signs_in_with_the_printed_password(client, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_load", stdout=out)
    printed = out.getvalue()
    assert f"password for every one: {PASSWORD}" in printed
    logins = printed_logins(printed)
    assert "extern" in logins and "next-klachten" in logins and "permens-kwaliteit" in logins
    assert len(logins) == 2 + 5 * 7
    # The demo shows the employee's part where the scheme gives one (Nexxtep).
    from klachtpad.complaints.models import EmployeeConcerned

    assert EmployeeConcerned.objects.filter(user__username="nexxtep-begeleider").exists()
    for username in logins:
        client.logout()
        answer = client.post(
            reverse("accounts:login"), {"username": username, "password": PASSWORD}
        )
        assert answer.status_code == 302, f"{username}: the printed password is refused"
        setup = client.get(reverse("accounts:second_factor_setup"))
        assert setup.status_code == 200, username
        done = client.post(
            reverse("accounts:second_factor_setup"),
            {"token": totp_from_page(setup.content.decode())},
        )
        assert done.status_code == 200 and "otp-key" not in done.content.decode(), username
        target = reverse("admin:index") if username == "admin" else reverse("staff:home")
        page = client.get(target, follow=True)
        assert page.status_code == 200, f"{username} cannot open {target}"
    again = io.StringIO()
    call_command("demo_logins", stdout=again)
    assert printed_logins(again.getvalue()) == logins


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL):
        for line in block.splitlines():
            command = line.split("  #", 1)[0].strip()
            if command and not command.startswith("#"):
                commands.append(command)
    return commands


def test_the_readme_shows_the_two_commands():
    commands = readme_commands()
    assert "make run" in commands and "make test" in commands


@pytest.mark.parametrize("command", [c for c in readme_commands() if not c.startswith("make ")])
def test_every_readme_command_runs_as_shown(command, tmp_path):
    python = ROOT / ".venv" / "bin" / "python"
    assert python.exists(), "the README's commands run from the .venv that `make` creates"
    env = {key: value for key, value in os.environ.items() if not key.startswith("KLACHTPAD_")}
    env.pop("DATABASE_URL", None)
    env["KLACHTPAD_DATA_DIR"] = str(tmp_path)
    migrate = subprocess.run(  # noqa: S603
        [str(python), "manage.py", "migrate", "-v0"],
        cwd=ROOT,
        env={**env, "KLACHTPAD_DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert migrate.returncode == 0, migrate.stderr
    done = subprocess.run(  # noqa: S603
        ["bash", "-c", command],  # noqa: S607
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"{shlex.quote(command)} failed:\n{done.stdout}\n{done.stderr}"
