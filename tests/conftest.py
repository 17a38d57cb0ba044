import os
import shutil
from pathlib import Path

import pytest

from klachtpad.organisations.services import scheme_load
from tests.imap import imap_server  # noqa: F401 - a fixture for every test that reads mail

SCHEMES = Path(__file__).resolve().parent.parent / "schemes"
SEED_FILES = sorted(SCHEMES.glob("*.yaml"))


@pytest.fixture(autouse=True)
def anchors_apart(settings, tmp_path):
    """Each test keeps its access-log checkpoints apart: ids are reused between tests."""
    settings.STORAGES = {
        **settings.STORAGES,
        "anchors": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "anchors"), "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def dutch_unless_asked():
    """Each test starts in the site's language: a request to an English page activates
    English in the thread, and the next test must not inherit it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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


@pytest.fixture
def travel():
    """Move the clock to 10:00 in Amsterdam on a day: ``travel("2026-03-02")``."""
    import zoneinfo
    from datetime import datetime

    import time_machine

    travellers: list[time_machine.travel] = []

    def to(day: str, hour: int = 10) -> None:
        moment = datetime.fromisoformat(day).replace(
            hour=hour, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam")
        )
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield to
    for traveller in travellers:
        traveller.stop()


@pytest.fixture
def sign_in(client):
    """Sign ``user`` in on the test client with a confirmed, verified second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from klachtpad.accounts.models import Authenticator

    def sign(user):
        device, _ = Authenticator.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "test"}
        )
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return sign
