"""What the public side keeps only for a while goes after its term (docs/privacy.md):
form submissions, requests for a new link, status links that ended, and the records of
sign-ins; what still serves stays."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.utils import timezone

from klachtpad.cli.management.commands.rounds_start import Command as RoundsStart
from klachtpad.organisations.models import Procedure
from klachtpad.public.models import LinkRequest, StatusLink, StatusLinkViaChoices, Submission
from klachtpad.public.services import status_link_issue
from klachtpad.public.tasks import forget_tick
from tests.complaints.factories import ComplaintFactory
from tests.public.test_complaint_form import FORM, answers, fresh_key
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


def test_the_daily_round_removes_public_rows_past_their_term_and_keeps_the_rest(client, seeded):
    client.post(FORM, answers(fresh_key(client)))  # a complaint filed by form
    old = Submission.objects.get()
    Submission.objects.filter(pk=old.pk).update(at=days_ago(31))
    client.post(FORM, answers(fresh_key(client), name="Bram de Vries"))
    recent = Submission.objects.exclude(pk=old.pk).get()
    LinkRequest.objects.create(address_hash="a")
    LinkRequest.objects.update(at=days_ago(40))
    LinkRequest.objects.create(address_hash="b")
    next_care = Procedure.objects.get(organisation__slug="next", key="care")
    complaint = ComplaintFactory.create(procedure=next_care)
    status_link_issue(complaint, via=StatusLinkViaChoices.MAIL)
    StatusLink.objects.filter(complaint=complaint).update(expires_at=days_ago(31))
    status_link_issue(complaint, via=StatusLinkViaChoices.MAIL)
    running = StatusLink.objects.get(complaint=complaint, expires_at__gt=timezone.now())
    StatusLink.objects.filter(pk=running.pk).update(created_at=days_ago(80))  # still works

    RoundsStart().handle()
    run_tasks()

    assert list(Submission.objects.all()) == [recent]
    assert list(LinkRequest.objects.values_list("address_hash", flat=True)) == ["b"]
    assert list(StatusLink.objects.filter(complaint=complaint)) == [running]
    assert old.complaint is not None and old.complaint.reference  # the complaint stays


def test_a_form_sent_again_the_next_day_still_finds_its_complaint(client, seeded, travel):
    key = fresh_key(client)
    client.post(FORM, answers(key))
    travel(str(timezone.localdate() + timedelta(days=1)), hour=23)
    forget_tick.call()
    again = client.post(FORM, answers(key))
    assert again.status_code == 302
    assert Submission.objects.count() == 1  # the same complaint, not a second one


def test_sign_in_records_go_after_their_term_and_attempts_after_the_cool_off(db):
    AccessAttempt.objects.create(username="olga", ip_address="192.0.2.1", failures_since_start=2)
    AccessAttempt.objects.create(username="piet", ip_address="192.0.2.2", failures_since_start=1)
    AccessAttempt.objects.filter(username="olga").update(attempt_time=days_ago(1))
    AccessLog.objects.create(username="olga", ip_address="192.0.2.1")
    AccessLog.objects.create(username="piet", ip_address="192.0.2.2")
    AccessLog.objects.filter(username="olga").update(attempt_time=days_ago(366))

    forget_tick.call()

    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["piet"]
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["piet"]


def test_a_term_shorter_than_the_repeat_window_is_refused_at_start():
    env = {**os.environ, "KLACHTPAD_DEBUG": "1", "KLACHTPAD_PUBLIC_ROWS_DAYS": "1"}
    started = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**env, "DJANGO_SETTINGS_MODULE": "klachtpad.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert started.returncode != 0
    assert "KLACHTPAD_PUBLIC_ROWS_DAYS is at least 2" in started.stderr


def test_a_session_that_ended_goes_with_the_unsent_answers_it_held(client, seeded):
    from django.contrib.sessions.models import Session

    client.post(FORM, {"step": "1", "key": fresh_key(client), "name": "Anouk Bakker"})
    ended = Session.objects.get()
    assert "Anouk Bakker" in str(ended.get_decoded())
    Session.objects.filter(pk=ended.pk).update(expire_date=days_ago(1))
    live = Session.objects.create(session_key="x" * 32, session_data="", expire_date=days_ago(-1))

    forget_tick.call()

    assert list(Session.objects.all()) == [live]


def test_rounds_start_plans_every_round_of_every_app_once(db):
    from django_tasks_db.models import DBTaskResult

    RoundsStart().handle()
    RoundsStart().handle()  # a second start (another worker) plans nothing twice

    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "klachtpad.audit.tasks.checkpoint_tick",
        "klachtpad.inbox.tasks.inbox_tick",
        "klachtpad.notifications.tasks.tick",
        "klachtpad.public.tasks.forget_tick",
        "klachtpad.reports.tasks.periodic_reports_tick",
        "klachtpad.retention.tasks.purge_tick",
    ]
