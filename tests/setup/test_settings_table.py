"""Every environment variable the settings read is in the README's table."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_variable_the_settings_read_is_documented():
    settings = (ROOT / "src" / "klachtpad" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', settings))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`((?:KLACHTPAD_[A-Z_]+)|DATABASE_URL)`", readme))
    assert len(read) > 40
    assert read - documented == set()
