"""Two reminder rounds at the same moment (two workers), on two real database
connections: each reminder is sent once, and neither round fails."""

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from klachtpad.notifications import outbox, reminders
from klachtpad.notifications.models import MailDelivery, ReminderSent
from klachtpad.organisations.models import Membership, Procedure
from klachtpad.organisations.services import scheme_load
from tests.complaints.factories import ComplaintFactory, UserFactory

SCHEME = Path(__file__).resolve().parents[2] / "schemes" / "next.yaml"

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    # SQLite has no row locks (its transactions take turns); `make test` runs this in its
    # PostgreSQL pass, which CI requires.
    reason="row locks between two connections are tested on PostgreSQL",
)


def test_two_rounds_at_once_send_each_reminder_once(transactional_db, travel, monkeypatch):
    scheme_load(text=SCHEME.read_text(encoding="utf-8"), source="schemes/next.yaml")
    procedure = Procedure.objects.get(organisation__slug="next", key="care")
    officer = UserFactory.create(username="olga", email="olga@next.example")
    Membership.objects.create(
        user=officer, organisation=procedure.organisation, role="complaints_officer"
    )
    travel("2026-03-02")
    due = ComplaintFactory.create_batch(3, procedure=procedure, received_on=None)
    travel(str(due[0].terms.get(kind="decision").end_on - timedelta(days=1)), hour=8)
    written = outbox.staff_notify_all

    def slowly(messages):  # the first round holds its rows while the second looks
        time.sleep(0.5)
        return written(messages)

    monkeypatch.setattr(reminders, "staff_notify_all", slowly)
    results: list[int | Exception] = []

    def round_(pause: float) -> None:
        time.sleep(pause)
        try:
            results.append(reminders.reminders_send(timezone.now()))
        except Exception as error:  # the test reports what a round raised
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=round_, args=(pause,)) for pause in (0, 0.2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    sent = [result for result in results if isinstance(result, int)]
    assert len(sent) == 2, results  # neither round failed
    assert sorted(sent) == [0, 3], results  # the second found them taken, and waits not
    assert ReminderSent.objects.count() == 3
    assert MailDelivery.objects.filter(to="olga@next.example").count() == 3
