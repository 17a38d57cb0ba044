import os
import shutil
from pathlib import Path

import pytest

from klachtpad.organisations.services import scheme_load

SCHEMES = Path(__file__).resolve().parent.parent / "schemes"
SEED_FILES = sorted(SCHEMES.glob("*.yaml"))


@pytest.fixture
def seeded(db):
    """The five example organisations, loaded through the service."""
    return {
        path.stem: scheme_load(text=path.read_text(encoding="utf-8"), source=f"schemes/{path.name}")
        for path in SEED_FILES
    }


@pytest.fixture(scope="session")
def chromium_path():
    """Debian's chromium: browser tests skip without it, and fail when CI requires it."""
    found = shutil.which("chromium")
    if found:
        return found
    if os.environ.get("KLACHTPAD_REQUIRE_BROWSER") == "1":
        pytest.fail("chromium is required (KLACHTPAD_REQUIRE_BROWSER=1) but not installed")
    pytest.skip("chromium is not installed here; browser tests skipped")
