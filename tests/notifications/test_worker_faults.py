"""Background work that survives faults: a task whose worker died is taken again, a mail
is sent by one worker only and outside any row lock, a report is built once, a round
plans its next run whatever happens, and a worker pauses while the database is away."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from klachtpad.notifications.models import MailDelivery, MailKindChoices, MailStatusChoices
from klachtpad.notifications.outbox import mail_attempt, mail_queue
from klachtpad.notifications.tasks import tick
from klachtpad.organisations.models import RoundClaim
from klachtpad.reports.models import BuildStatusChoices, ReportBuild
from klachtpad.reports.tasks import report_build_run
from klachtpad.rounds import round_run
from klachtpad.workers import tasks_reclaim
from tests.complaints.factories import UserFactory

pytestmark = pytest.mark.django_db


def no_retry(at: Any) -> None:
    raise AssertionError("no retry expected")


def a_mail() -> MailDelivery:
    user = UserFactory.create(email="olga@example.org")
    return mail_queue(
        kind=MailKindChoices.PASSWORD_RESET, to="olga@example.org", language="nl", user=user
    )


def test_a_task_whose_worker_died_is_taken_again_after_the_lease():
    delivery = a_mail()
    task = DBTaskResult.objects.get()
    task.claim("worker-that-dies")
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now() - timedelta(hours=1))

    assert tasks_reclaim(timedelta(minutes=15)) == 1
    assert tasks_reclaim(timedelta(minutes=15)) == 0  # once
    assert DBTaskResult.objects.ready().get().pk == task.pk
    assert delivery.pk == task.args_kwargs["args"][0]


def test_a_task_cut_off_by_the_database_is_run_again_and_a_real_failure_is_not():
    """Found by bench/reliability.py: a mail claimed just before the database went away
    failed with its claim held, and nothing would ever have sent it."""
    a_mail()
    a_mail()
    cut, broken = DBTaskResult.objects.all()
    cut.claim("worker")
    cut.set_failed(OperationalError("server closed the connection unexpectedly"))
    broken.claim("worker")
    broken.set_failed(ValueError("a real bug"))

    assert tasks_reclaim(timedelta(minutes=15)) == 1
    cut.refresh_from_db()
    broken.refresh_from_db()
    assert (cut.status, broken.status) == ("READY", "FAILED")
    assert cut.run_after > timezone.now()  # after a pause, not in a tight loop


def test_a_task_still_within_its_lease_is_left_to_its_worker():
    a_mail()
    DBTaskResult.objects.get().claim("busy-worker")
    assert tasks_reclaim(timedelta(minutes=15)) == 0


def test_a_mail_claimed_by_another_worker_is_not_sent_twice():
    delivery = a_mail()
    later = timezone.now() + timedelta(minutes=10)
    MailDelivery.objects.filter(pk=delivery.pk).update(
        status=MailStatusChoices.SENDING, claimed_until=later
    )

    mail_attempt(delivery.pk, retry=no_retry)

    assert mail.outbox == []
    # The claim of a worker that died lapses: the mail then goes, once.
    MailDelivery.objects.filter(pk=delivery.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    mail_attempt(delivery.pk, retry=no_retry)
    mail_attempt(delivery.pk, retry=no_retry)
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.claimed_until) == ("sent", 1, None)


def test_a_report_build_run_twice_is_built_once():
    user = UserFactory.create()
    build = ReportBuild.objects.create(
        requested_by=user, start=timezone.localdate(), end=timezone.localdate()
    )
    ReportBuild.objects.filter(pk=build.pk).update(status=BuildStatusChoices.RUNNING)

    report_build_run.call(build.pk)  # another worker has it

    build.refresh_from_db()
    assert build.status == BuildStatusChoices.RUNNING and build.result is None


def test_a_failing_round_still_plans_the_next_and_two_runs_do_the_work_once():
    done: list[object] = []

    def failing(now: object) -> None:
        raise RuntimeError("the relay is down")

    with pytest.raises(RuntimeError):
        round_run(tick, timedelta(hours=1), failing)
    waiting = DBTaskResult.objects.ready().filter(task_path=tick.module_path)
    assert DBTaskResult.objects.filter(task_path=tick.module_path, status="READY").count() == 1
    assert not waiting.exists()  # planned for the next hour, not now

    RoundClaim.objects.all().delete()
    round_run(tick, timedelta(hours=1), done.append)
    round_run(tick, timedelta(hours=1), done.append)  # planned twice: runs once
    assert len(done) == 1


@pytest.mark.django_db(transaction=True)  # the worker closes its connection between rounds
def test_the_worker_pauses_while_the_database_is_away_and_goes_on(monkeypatch):
    calls: list[str] = []

    def run(self: db_worker.Worker) -> None:
        calls.append("run")
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        self.running = False  # the second round ends the test

    monkeypatch.setattr(db_worker.Worker, "run", run)
    monkeypatch.setattr(db_worker.Worker, "configure_signals", lambda self: None)
    monkeypatch.setattr("klachtpad.cli.management.commands.task_worker.time.sleep", calls.append)

    call_command("task_worker", "--queue-name", "mail", "--interval", "0.5")

    assert calls == ["run", 1.0, "run", 0.5]  # paused a second, then worked on
