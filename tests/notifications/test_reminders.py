"""Term reminders, overdue notices with escalation, and the daily digest."""

from __future__ import annotations

import pytest
from django.core import mail

from klachtpad.complaints.models import Term
from klachtpad.notifications.models import MailDelivery, NotificationPreference, StaffNotification
from klachtpad.notifications.reminders import digests_send, reminders_send
from klachtpad.notifications.tasks import tick, tick_plan
from klachtpad.organisations.models import Membership, Procedure
from tests.complaints.factories import ComplaintFactory, UserFactory
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(seeded):
    """Next: an officer who handles the complaint, and the management."""
    next_care = Procedure.objects.get(organisation__slug="next", key="care")
    officer = UserFactory.create(username="olga", email="olga@next.example")
    manager = UserFactory.create(username="mark", email="mark@next.example")
    Membership.objects.create(
        user=officer, organisation=next_care.organisation, role="complaints_officer"
    )
    Membership.objects.create(user=manager, organisation=next_care.organisation, role="management")
    return next_care, officer, manager


def texts(user):
    from django.utils import translation

    from klachtpad.notifications.mail import notification_text

    with translation.override("nl"):
        return [
            notification_text(n) for n in StaffNotification.objects.filter(user=user).order_by("id")
        ]


def test_reminder_before_the_end_once_then_daily_when_overdue_and_management_once(people, travel):
    next_care, officer, manager = people
    travel("2026-03-02")
    complaint = ComplaintFactory.create(procedure=next_care, received_on=None)
    decision = complaint.terms.get(kind="decision")  # Next's only term: 6 weeks
    StaffNotification.objects.all().delete()

    travel("2026-03-02", hour=8)
    reminders_send_now()
    assert texts(officer) == [], "the end is further off than 3 working days"

    end = decision.end_on
    travel(str(end), hour=8)
    reminders_send_now()
    reminders_send_now()  # a second round the same day sends nothing new
    words = (
        f"{end.day} {['', 'januari', 'februari', 'maart', 'april', 'mei'][end.month]} {end.year}"
    )
    assert len(texts(officer)) == 1
    assert texts(officer)[0].startswith(f"{complaint.reference}: de termijn ")
    assert texts(officer)[0].endswith(f" loopt af op {words}.")
    assert texts(manager) == []

    from datetime import timedelta

    travel(str(end + timedelta(days=1)), hour=8)
    reminders_send_now()
    travel(str(end + timedelta(days=2)), hour=8)
    reminders_send_now()
    overdue = [t for t in texts(officer) if "niet gehaald" in t]
    assert len(overdue) == 2, "one reminder on each day the term is overdue"
    escalated = texts(manager)
    assert len(escalated) == 1 and "verantwoordelijk is voor haar termijnen" in escalated[0]


def reminders_send_now():
    from django.utils import timezone

    reminders_send(timezone.now())


def test_each_organisation_is_reminded_on_its_own_calendar(people, travel):
    """The same end, three providers: warned three working days before (Next), not yet
    at one that warns two days before, and already at one that warns two days before but
    is closed on the two days between."""
    from datetime import timedelta

    from klachtpad.organisations.models import Organisation

    next_care, officer, _manager = people
    travel("2026-03-02")
    others = {}
    for slug, warn, closed in (("permens", 2, []), ("nexxtep", 2, ["2026-04-09", "2026-04-10"])):
        organisation = Organisation.objects.get(slug=slug)
        organisation.reminder_working_days, organisation.closed_days = warn, closed
        organisation.save()
        colleague = UserFactory.create(email=f"officer@{slug}.example")
        Membership.objects.create(
            user=colleague, organisation=organisation, role="complaints_officer"
        )
        procedure = organisation.procedures.first()
        others[slug] = (colleague, ComplaintFactory.create(procedure=procedure))
    complaint = ComplaintFactory.create(procedure=next_care, received_on=None)
    end = complaint.terms.get(kind="decision").end_on
    for _colleague, theirs in others.values():
        theirs.terms.filter(status="running").update(end_on=end)
    assert end.isoformat() == "2026-04-13"  # a Monday: three working days from Wednesday
    travel(str(end - timedelta(days=5)), hour=8)
    reminders_send_now()
    assert len(texts(officer)) == 1
    assert texts(others["permens"][0]) == []
    assert len(texts(others["nexxtep"][0])) == 1


def test_a_digest_collects_notifications_once_a_day(people, travel):
    """Next's management is told of every formal complaint; this manager wants a digest."""
    next_care, _officer, officer = people
    NotificationPreference.objects.create(user=officer, kind="informed", mode="digest")
    travel("2026-03-02", hour=6)
    ComplaintFactory.create(procedure=next_care)
    ComplaintFactory.create(procedure=next_care)
    waiting = StaffNotification.objects.filter(user=officer, mode="digest")
    assert waiting.count() >= 2
    assert not MailDelivery.objects.filter(user=officer).exists()

    from django.utils import timezone

    assert digests_send(timezone.now()) == 0, "not before the digest hour"
    travel("2026-03-02", hour=7)
    assert digests_send(timezone.now()) == 1
    assert digests_send(timezone.now()) == 0, "one digest a day"
    run_tasks()
    digest = [m for m in mail.outbox if m.to == ["mark@next.example"]]
    assert len(digest) == 1
    assert digest[0].body.count("/staff/next/complaints/") == waiting.count()
    assert "Afspraken" not in digest[0].body  # no words of the complaint


def test_immediate_notifications_mail_at_once(people, travel):
    next_care, _officer, _manager = people
    travel("2026-03-02")
    complaint = ComplaintFactory.create(procedure=next_care)
    run_tasks()
    to_officer = [m for m in mail.outbox if m.to == ["mark@next.example"]]
    assert to_officer and complaint.reference in to_officer[0].subject


def test_the_round_plans_itself_once(db, travel):
    from django_tasks_db.models import DBTaskResult

    travel("2026-03-02")
    tick_plan()
    tick_plan()
    assert DBTaskResult.objects.filter(task_path=tick.module_path).count() == 1
    run_tasks(rounds=1)
    planned = DBTaskResult.objects.get(task_path=tick.module_path, status="READY")
    assert planned.run_after.hour == 10  # an hour after the 9:00 UTC round


def test_a_round_costs_what_it_sends_not_what_is_open(people, travel):
    """Terms already reminded of are not read again; more organisations and more open
    complaints do not make a round that sends nothing cost more."""
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from klachtpad.organisations.models import Organisation

    next_care, _officer, _manager = people
    travel("2026-03-02")
    due = ComplaintFactory.create_batch(3, procedure=next_care, received_on=None)
    end = due[0].terms.get(kind="decision").end_on

    def round_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            reminders_send_now()
        return len(captured)

    travel(str(end - timedelta(days=1)), hour=8)
    round_queries()  # the three warnings are sent
    quiet = round_queries()
    for slug in ("permens", "nexxtep", "iederzijnwerk"):
        procedure = Organisation.objects.get(slug=slug).procedures.first()
        ComplaintFactory.create_batch(3, procedure=procedure, acknowledged=True)
    travel(str(end - timedelta(days=1)), hour=9)
    round_queries()  # any of the new ones due are warned of
    assert round_queries() <= quiet, "a round with nothing to send costs the same"
    # three reads (calendars, terms, measures) and the round's transaction (a savepoint
    # in a test)
    assert quiet <= 5, f"a round with nothing to send made {quiet} queries"


def test_a_round_that_sends_more_costs_no_more_queries(people, travel):
    """What a round sends is written together: the reminders, notifications and mails
    of three terms or of nine, and the one task that sends those mails, take the same
    queries."""
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    next_care, _officer, _manager = people

    def round_for(count: int, day: str) -> tuple[int, int]:
        travel(day)
        due = ComplaintFactory.create_batch(count, procedure=next_care, received_on=None)
        end = due[0].terms.get(kind="decision").end_on
        travel(str(end - timedelta(days=1)), hour=8)
        mails = MailDelivery.objects.count()
        with CaptureQueriesContext(connection) as captured:
            reminders_send_now()
        Term.objects.filter(complaint__in=due).update(status="met")  # out of the next round
        return len(captured), MailDelivery.objects.count() - mails

    few, few_mails = round_for(3, "2026-03-02")
    many, many_mails = round_for(9, "2026-04-01")
    assert (few_mails, many_mails) == (3, 9)  # one warning each, to the officer
    assert many <= few, f"{few} queries for 3, {many} for 9"


def test_a_round_reads_no_scheme_with_each_row_it_sends_for(people, travel):
    """A scheme is read once a process, by its version's key and hash: the terms and
    measures a round reads do not each carry their scheme's text and data."""
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    next_care, _officer, _manager = people
    travel("2026-03-02")
    due = ComplaintFactory.create_batch(3, procedure=next_care, received_on=None)
    end = due[0].terms.get(kind="decision").end_on
    travel(str(end - timedelta(days=1)), hour=8)
    mails = MailDelivery.objects.count()
    with CaptureQueriesContext(connection) as captured:
        reminders_send_now()

    assert MailDelivery.objects.count() - mails == 3  # one warning each, to the officer
    schemes = [q["sql"] for q in captured if '"organisations_schemeversion"."data"' in q["sql"]]
    assert schemes == []
