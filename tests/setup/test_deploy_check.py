"""Django's deployment checks find nothing in the production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_with_the_production_settings_warns_of_nothing(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KLACHTPAD_", "DATABASE"))},
        "KLACHTPAD_SECRET_KEY": "k" * 20 + "-a-long-and-random-production-secret-key-1234567890",
        "KLACHTPAD_AUDIT_KEY": "an-audit-key-of-its-own",
        "KLACHTPAD_OTP_KEY": "a-second-factor-key-of-its-own",
        "KLACHTPAD_ALLOWED_HOSTS": "klachtpad.example",
        "KLACHTPAD_BASE_URL": "https://klachtpad.example",
        "KLACHTPAD_TRUSTED_PROXIES": "10.0.0.0/8",
        "KLACHTPAD_DATA_DIR": str(tmp_path),
    }
    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "System check identified no issues" in checked.stdout
