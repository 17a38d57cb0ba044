"""Mail through a real SMTP server on loopback (aiosmtpd): it goes out, it survives the
server being away, it is sent once, a rolled-back change sends nothing, and a mail that
finally fails warns the officer."""

from __future__ import annotations

import socket
from datetime import timedelta
from email import message_from_bytes

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from klachtpad.complaints import services
from klachtpad.complaints.models import Complaint
from klachtpad.domain.schemes.vocabulary import Channel, Handling, Relation
from klachtpad.letters.models import Letter, LetterDispatch
from klachtpad.notifications.models import MailDelivery, StaffNotification
from klachtpad.organisations.models import Membership, Procedure
from tests.complaints.factories import ClientFactory, UserFactory, staff
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db(transaction=True)

HEALTH_DATA = "slaapmedicatie"


class Inbox:
    """An SMTP handler that keeps what it receives, and can refuse a recipient."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"

    def messages(self):
        return [message_from_bytes(content) for _to, content in self.received]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp(settings):
    """A running SMTP server on loopback; ``smtp.stop()`` and ``smtp.start()`` it."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    inbox = Inbox()

    class Server:
        controller: Controller | None = None

        def start(self) -> None:
            self.controller = Controller(inbox, hostname="127.0.0.1", port=port)
            self.controller.start()

        def stop(self) -> None:
            if self.controller is not None:
                self.controller.stop()
                self.controller = None

    server = Server()
    server.start()
    inbox.server = server  # type: ignore[attr-defined]
    yield inbox
    server.stop()


@pytest.fixture
def next_care(seeded):
    return Procedure.objects.get(organisation__slug="next", key="care")


def complaint_with_email(procedure: Procedure, n: int) -> Complaint:
    client = ClientFactory.create(organisation=procedure.organisation)
    return services.complaint_register(
        procedure=procedure,
        actor=staff(),
        channel=Channel.EMAIL,
        handling=Handling.FORMAL,
        complainant=services.Complainant(
            name=client.name, relation=Relation.CLIENT, email=f"klager{n}@example.org"
        ),
        details=services.Details(
            summary=f"Klacht over {HEALTH_DATA}",
            description=f"Mijn {HEALTH_DATA} werd {n} keer vergeten.",
        ),
        client=client,
    )


def test_news_goes_out_without_health_data_and_letters_count_as_sent(smtp, next_care):
    complaint = complaint_with_email(next_care, 1)
    services.complaint_acknowledge(complaint, actor=staff())
    run_tasks()

    assert len(smtp.received) == 1
    to, _content = smtp.received[0]
    mail = smtp.messages()[0]
    body = mail.get_payload(decode=True).decode()
    assert to == ["klager1@example.org"]
    assert complaint.reference in mail["Subject"]
    assert "/volgen/" in body
    assert HEALTH_DATA not in body and HEALTH_DATA not in mail["Subject"]
    delivery = MailDelivery.objects.get(complaint=complaint)
    assert (delivery.status, delivery.attempts) == ("sent", 1)
    assert mail["Message-ID"] == delivery.message_id
    letter = Letter.objects.get(complaint=complaint, kind="acknowledgement")
    assert letter.pdf.file.read().startswith(b"%PDF")
    assert LetterDispatch.objects.get(letter=letter).method == "email"


def test_a_burst_while_the_server_is_away_arrives_once_when_it_is_back(smtp, next_care):
    complaints = [complaint_with_email(next_care, n) for n in range(8)]
    smtp.server.stop()
    for complaint in complaints:
        services.complaint_acknowledge(complaint, actor=staff())
    run_tasks()
    assert smtp.received == []
    waiting = MailDelivery.objects.filter(kind="news")
    assert [d.status for d in waiting] == ["queued"] * 8
    assert all(d.attempts == 1 and d.next_attempt_at and d.last_error for d in waiting)

    # Still away a minute later: the second attempt fails too and waits longer.
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        run_tasks()
    assert {d.attempts for d in waiting.all()} == {2}

    smtp.server.start()
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        run_tasks()
        run_tasks()  # a second worker round finds nothing left to send
    addresses = sorted(to[0] for to, _content in smtp.received)
    assert addresses == sorted(f"klager{n}@example.org" for n in range(8))
    assert {d.status for d in waiting.all()} == {"sent"}
    assert DBTaskResult.objects.filter(task_path__endswith="mail_send").count() == 0


def test_a_rolled_back_change_sends_nothing(smtp, next_care):
    complaint = complaint_with_email(next_care, 1)
    before = (MailDelivery.objects.count(), DBTaskResult.objects.count(), Letter.objects.count())

    class Oops(Exception):
        pass

    with pytest.raises(Oops), transaction.atomic():
        services.complaint_acknowledge(complaint, actor=staff())
        assert MailDelivery.objects.count() == before[0] + 1  # written, then rolled back
        raise Oops

    after = (MailDelivery.objects.count(), DBTaskResult.objects.count(), Letter.objects.count())
    assert after == before
    run_tasks()
    assert smtp.received == []


def test_a_refused_address_fails_at_once_and_warns_the_officer(smtp, next_care):
    officer = UserFactory.create(username="officer", email="officer@next.example")
    Membership.objects.create(
        user=officer, organisation=next_care.organisation, role="complaints_officer"
    )
    smtp.refuse.add("klager1@example.org")
    complaint = complaint_with_email(next_care, 1)
    services.complaint_acknowledge(complaint, actor=staff())
    run_tasks()

    news = MailDelivery.objects.get(complaint=complaint, kind="news")
    assert (news.status, news.attempts) == ("failed", 1)
    assert "550" in news.last_error
    warning = StaffNotification.objects.get(user=officer, kind="mail_failed")
    assert warning.complaint == complaint
    officer_mail = [m for to, m in smtp.received if to == ["officer@next.example"]]
    assert len(officer_mail) == 1
    assert complaint.reference.encode() in officer_mail[0]


def test_a_server_away_for_longer_than_the_limit_is_given_up(smtp, next_care, settings):
    settings.KLACHTPAD_MAIL_GIVE_UP_HOURS = 3
    complaint = complaint_with_email(next_care, 1)
    smtp.server.stop()
    services.complaint_acknowledge(complaint, actor=staff())
    start = timezone.now()
    for hours in range(0, 5):
        with time_machine.travel(start + timedelta(hours=hours, minutes=1), tick=False):
            run_tasks()
    news = MailDelivery.objects.get(complaint=complaint, kind="news")
    assert news.status == "failed"
    assert news.attempts >= 4


def _remind(officers, complaint):
    """A round's reminder of the complaint's decision term to ``officers``."""
    from klachtpad.notifications import outbox
    from klachtpad.notifications.models import NotificationKindChoices
    from klachtpad.notifications.reminders import BEFORE

    outbox.staff_notify(
        officers,
        organisation=complaint.organisation,
        kind=NotificationKindChoices.TERM_REMINDER,
        template=BEFORE,
        params={"reference": complaint.reference, "term": "Beslissing", "day": "2026-03-02"},
        complaint=complaint,
    )


def test_the_mails_of_one_round_go_out_though_one_of_them_breaks(smtp, next_care, monkeypatch):
    """A round's mails are sent by one task; a mail that breaks in a way no retry
    mends does not keep the others back, and the task says it failed."""
    from klachtpad.notifications import outbox

    officers = [UserFactory.create(email=f"officer{n}@next.example") for n in range(3)]
    complaint = complaint_with_email(next_care, 1)
    run_tasks()
    smtp.received.clear()
    _remind(officers, complaint)
    assert DBTaskResult.objects.filter(task_path__endswith="mails_send").count() == 1
    from klachtpad.notifications.mail import mail_compose as composed

    def compose(delivery):
        if delivery.to == "officer1@next.example":
            raise ValueError("a broken mail")
        return composed(delivery)

    monkeypatch.setattr(outbox, "mail_compose", compose)
    with pytest.raises(ValueError, match="a broken mail"):
        run_tasks()
    assert sorted(to[0] for to, _content in smtp.received) == [
        "officer0@next.example",
        "officer2@next.example",
    ]
    sent = MailDelivery.objects.filter(status="sent", kind="staff").values_list("to", flat=True)
    assert sorted(sent) == ["officer0@next.example", "officer2@next.example"]
    broken = MailDelivery.objects.get(to="officer1@next.example")
    # shown as failed, with why, not as being sent for ever
    assert (broken.status, broken.last_error) == ("failed", "ValueError: a broken mail")


def test_a_mail_to_the_complainant_that_cannot_be_made_warns_the_officer(
    smtp, next_care, monkeypatch
):
    """A mail that breaks while it is made (not on the server) is not left as being
    sent: it is failed at once and the officer told to reach the complainant."""
    from klachtpad.notifications import outbox

    officer = UserFactory.create(username="officer", email="officer@next.example")
    Membership.objects.create(
        user=officer, organisation=next_care.organisation, role="complaints_officer"
    )
    complaint = complaint_with_email(next_care, 1)
    run_tasks()
    from klachtpad.notifications.mail import mail_compose as composed

    def compose(delivery):
        if delivery.kind == "news":
            raise ValueError("a broken letter")
        return composed(delivery)

    monkeypatch.setattr(outbox, "mail_compose", compose)
    services.complaint_acknowledge(complaint, actor=staff())
    with pytest.raises(ValueError, match="a broken letter"):
        run_tasks()
    news = MailDelivery.objects.get(complaint=complaint, kind="news")
    assert (news.status, news.attempts) == ("failed", 1)
    warning = StaffNotification.objects.get(user=officer, kind="mail_failed")
    assert warning.complaint == complaint


def test_the_task_that_sends_a_rounds_mails_comes_after_their_notifications(next_care, monkeypatch):
    """A worker may take the task the moment it is written: each mail's text (its
    notification) is there by then."""
    from klachtpad.notifications import outbox

    officers = [UserFactory.create(email=f"officer{n}@next.example") for n in range(2)]
    complaint = complaint_with_email(next_care, 1)
    texts_at_enqueue: list[int] = []

    class Sender:
        def enqueue(self, delivery_ids: list[int]) -> None:
            found = StaffNotification.objects.filter(mail_id__in=delivery_ids)
            texts_at_enqueue.append(found.count())

    monkeypatch.setattr(outbox, "mails_send", Sender())
    _remind(officers, complaint)
    assert texts_at_enqueue == [2]
