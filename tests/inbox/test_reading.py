"""Reading a real mailbox (dovecot on loopback, over TLS): a new mail waits in the
inbox with the server's date of receipt, an answer to our mail lands in its file, a
bounce marks our mail failed, an automatic reply and our own mail lead to nothing, and a
mail too large is not taken in. Every mail read leaves the folder it was read from."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from klachtpad.complaints.models import Complaint, HistoryEntry
from klachtpad.inbox.models import InboxItem, ItemKindChoices, ItemStatusChoices, Mailbox
from klachtpad.inbox.services import items_tidy, mailbox_save
from klachtpad.notifications.mail import mail_compose
from klachtpad.notifications.models import (
    MailDelivery,
    MailKindChoices,
    MailStatusChoices,
    NotificationKindChoices,
    StaffNotification,
)
from klachtpad.notifications.outbox import mail_queue
from tests.complaints.factories import ComplaintFactory
from tests.imap import mail, read

pytestmark = pytest.mark.django_db

SANNE = "sanne@example.nl"


@pytest.fixture
def complaint(next_org, officer):
    made = ComplaintFactory.create(procedure=next_org.procedures.first(), acknowledged=True)
    Complaint.objects.filter(pk=made.pk).update(complainant_email=SANNE, handler=officer)
    made.refresh_from_db()
    return made


def our_mail(complaint: Complaint) -> MailDelivery:
    delivery = mail_queue(
        kind=MailKindChoices.STATUS_LINK, to=SANNE, language="nl", complaint=complaint
    )
    MailDelivery.objects.filter(pk=delivery.pk).update(status=MailStatusChoices.SENT)
    return delivery


def test_a_new_mail_waits_in_the_inbox_with_the_servers_date_and_leaves_the_folder(
    imap_server, mailbox
):
    received = datetime.datetime(2026, 11, 20, 16, 45, tzinfo=datetime.UTC)
    imap_server.deliver(
        mailbox.username,
        mail(files=[("verslag.pdf", "application/pdf", b"%PDF-1.4\n" + b"x" * 2000)]),
        at=received,
    )

    reading = read(mailbox)

    assert (reading.taken, reading.error) == (1, "")
    item = InboxItem.objects.get()
    assert item.kind == ItemKindChoices.MAIL and item.status == ItemStatusChoices.OPEN
    assert item.received_at == received
    assert (item.from_name, item.from_address) == ("Sanne de Vries", SANNE)
    assert "drie keer niet opdagen" in item.text
    assert item.parts[0]["type"] == "application/pdf"
    assert imap_server.folder_count(mailbox.username, "INBOX") == 0
    assert imap_server.folder_count(mailbox.username, "Klachtpad") == 1
    assert read(mailbox).taken == 0  # nothing twice


def test_an_answer_to_our_mail_lands_in_its_file_and_the_handler_hears_of_it(
    imap_server, mailbox, complaint, officer
):
    ours = our_mail(complaint)
    imap_server.deliver(
        mailbox.username,
        mail(
            subject="Re: uw klacht",
            text="Hierbij nog de brief van de huisarts.",
            headers={"In-Reply-To": ours.message_id, "References": ours.message_id},
        ),
    )

    read(mailbox)

    item = InboxItem.objects.get()
    assert item.status == ItemStatusChoices.THREADED and item.complaint == complaint
    entry = HistoryEntry.objects.filter(complaint=complaint).order_by("-sequence")[0]
    assert entry.action == "add_information" and entry.details["via"] == "e-mail"
    assert "brief van de huisarts" in entry.reason
    assert StaffNotification.objects.filter(user=officer, complaint=complaint).exists()


def test_the_reference_in_the_subject_threads_too_but_never_from_a_stranger(
    imap_server, mailbox, complaint
):
    subject = f"Vraag over dossier {complaint.reference}"
    imap_server.deliver(mailbox.username, mail(subject=subject, text="Van Sanne."))
    imap_server.deliver(
        mailbox.username,
        mail(sender="Iemand <iemand@elders.example>", subject=subject, text="Van een ander."),
    )

    read(mailbox)

    sanne, stranger = InboxItem.objects.order_by("from_address").reverse()
    assert sanne.from_address == SANNE and sanne.complaint == complaint
    assert stranger.status == ItemStatusChoices.OPEN and stranger.complaint is None
    assert stranger.note == f"not_part:{complaint.reference}"
    texts = HistoryEntry.objects.filter(complaint=complaint).values_list("reason", flat=True)
    assert not any("Van een ander" in text for text in texts)


def dsn(returned: MailDelivery) -> bytes:
    """A delivery status notification (RFC 3464) as Postfix sends one."""
    return f"""From: Mail Delivery System <MAILER-DAEMON@mx.example.nl>
To: klachten@next.example
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
Message-ID: <bounce-{returned.pk}@mx.example.nl>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

Your message could not be delivered to {SANNE}.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.nl

Final-Recipient: rfc822; {SANNE}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown

--b1
Content-Type: text/rfc822-headers

Message-ID: {returned.message_id}
To: {SANNE}
Subject: Uw klacht

--b1--
""".replace("\n", "\r\n").encode()


def test_a_bounce_marks_our_mail_failed_warns_the_officer_and_makes_no_complaint(
    imap_server, mailbox, complaint, officer
):
    ours = our_mail(complaint)
    files_before = Complaint.objects.count()
    imap_server.deliver(mailbox.username, dsn(ours))

    read(mailbox)

    item = InboxItem.objects.get()
    assert item.kind == ItemKindChoices.BOUNCE and item.status == ItemStatusChoices.RECORDED
    ours.refresh_from_db()
    assert ours.status == MailStatusChoices.FAILED and "5.1.1" in ours.last_error
    assert StaffNotification.objects.filter(
        user=officer, kind=NotificationKindChoices.MAIL_FAILED, complaint=complaint
    ).exists()
    assert Complaint.objects.count() == files_before


def test_an_automatic_reply_and_our_own_mail_are_recorded_and_lead_to_nothing(
    imap_server, mailbox, complaint, officer, settings
):
    ours = our_mail(complaint)
    imap_server.deliver(
        mailbox.username,
        mail(
            subject="Afwezig: uw klacht",
            text="Ik ben tot 5 januari afwezig.",
            headers={"Auto-Submitted": "auto-replied", "In-Reply-To": ours.message_id},
        ),
    )
    imap_server.deliver(mailbox.username, mail(sender=settings.DEFAULT_FROM_EMAIL))
    notified = StaffNotification.objects.count()

    read(mailbox)

    kinds = sorted(InboxItem.objects.values_list("kind", "status"))
    assert kinds == [("auto_reply", "recorded"), ("own", "recorded")]
    assert StaffNotification.objects.count() == notified
    assert not HistoryEntry.objects.filter(complaint=complaint, action="add_information").exists()


def test_a_mail_with_a_25_mb_attachment_is_not_taken_in_but_its_sender_is(imap_server, mailbox):
    big = b"%PDF-1.4\n" + bytes(25 * 2**20)
    imap_server.deliver(mailbox.username, mail(files=[("scan.pdf", "application/pdf", big)]))

    read(mailbox)

    item = InboxItem.objects.get()
    assert item.kind == ItemKindChoices.TOO_LARGE and item.status == ItemStatusChoices.OPEN
    assert item.from_address == SANNE and item.subject == "Klacht over de begeleiding"
    assert item.size > 25 * 2**20 and item.text == "" and item.parts == []
    assert item.raw.size < 10_000  # only its header was fetched
    assert imap_server.folder_count(mailbox.username, "Klachtpad") == 1  # kept there


def test_a_wrong_password_is_recorded_on_the_mailbox_and_nothing_is_lost(imap_server, mailbox):
    imap_server.deliver(mailbox.username, mail())
    mailbox_save(mailbox, secret="wrong")

    reading = read(mailbox)

    mailbox.refresh_from_db()
    assert "AUTHENTICATIONFAILED" in reading.error or "failed" in reading.error.lower()
    assert mailbox.last_error == reading.error and mailbox.claimed_until is None
    assert imap_server.folder_count(mailbox.username, "INBOX") == 1
    assert mailbox.last_read_at <= timezone.now()


def test_our_automatic_mail_says_so_and_asks_answers_back_to_the_mailbox(mailbox, complaint):
    """RFC 3834: an out-of-office answers no mail marked automatic, so no loop starts;
    the complainant's answer goes to the mailbox Klachtpad reads."""
    composed = mail_compose(our_mail(complaint))

    assert composed.extra_headers["Auto-Submitted"] == "auto-generated"
    assert composed.extra_headers["Reply-To"] == mailbox.address


@pytest.mark.parametrize(
    "raw",
    [
        b"\x00\xff\xfe not a mail at all \x80\x81",
        b"From: =?utf-8?q?broken\r\nSubject: =?unknown-8bit?b?!!!?=\r\n"
        b"Content-Type: multipart/mixed\r\n\r\nno boundary here",
        b"From: a@b.example\r\nContent-Type: text/plain; charset=no-such-charset\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!",
    ],
    ids=["garbage", "no-boundary", "unknown-charset"],
)
def test_a_broken_mail_is_kept_for_the_officer_and_never_stops_the_mailbox(
    imap_server, mailbox, raw
):
    imap_server.deliver(mailbox.username, raw)
    imap_server.deliver(mailbox.username, mail(subject="Daarna"))

    reading = read(mailbox)

    assert (reading.taken, reading.error) == (2, "")
    assert InboxItem.objects.filter(subject="Daarna").exists()
    assert InboxItem.objects.filter(status=ItemStatusChoices.OPEN).count() == 2


def test_mail_that_needed_no_file_is_removed_after_the_keeping_term(
    imap_server, mailbox, travel, django_capture_on_commit_callbacks
):
    imap_server.deliver(mailbox.username, mail(headers={"Auto-Submitted": "auto-replied"}))
    imap_server.deliver(mailbox.username, mail(subject="Nog open"))
    read(mailbox)
    automatic = InboxItem.objects.get(kind=ItemKindChoices.AUTO_REPLY)
    storage, name = automatic.raw.storage, automatic.raw.name

    travel((timezone.localdate() + datetime.timedelta(days=89)).isoformat())
    assert items_tidy(timezone.now()) == 0
    travel((timezone.localdate() + datetime.timedelta(days=2)).isoformat())
    with django_capture_on_commit_callbacks(execute=True):  # the files go after commit
        assert items_tidy(timezone.now()) == 1

    assert list(InboxItem.objects.values_list("subject", flat=True)) == ["Nog open"]
    assert not storage.exists(name)


def test_a_mailbox_read_over_starttls_and_left_flagged_is_read_once(imap_server, mailbox):
    Mailbox.objects.filter(pk=mailbox.pk).update(
        security="starttls", port=imap_server.starttls_port, after="flag"
    )
    mailbox.refresh_from_db()
    imap_server.deliver(mailbox.username, mail())

    first, second = read(mailbox), read(mailbox)

    assert (first.taken, first.error, second.taken, second.moved) == (1, "", 0, 0)
    assert imap_server.folder_count(mailbox.username, "INBOX") == 1  # left where it was
    assert InboxItem.objects.count() == 1


def test_with_the_storage_away_the_mail_stays_on_the_server_and_is_taken_later(
    imap_server, mailbox, monkeypatch
):
    imap_server.deliver(mailbox.username, mail())
    storage = InboxItem._meta.get_field("raw").storage

    def away(*args: object, **kwargs: object) -> str:
        raise OSError("the object storage does not answer")

    with monkeypatch.context() as patched:
        patched.setattr(storage, "save", away)
        with pytest.raises(OSError):
            read(mailbox)

    mailbox.refresh_from_db()
    assert "does not answer" in mailbox.last_error and mailbox.claimed_until is None
    assert imap_server.folder_count(mailbox.username, "INBOX") == 1
    assert not InboxItem.objects.exists()
    assert read(mailbox).taken == 1


def test_an_answer_about_a_closed_file_waits_for_the_officer(
    imap_server, mailbox, next_org, officer
):
    closed = ComplaintFactory.create(procedure=next_org.procedures.first(), closed=True)
    Complaint.objects.filter(pk=closed.pk).update(complainant_email=SANNE)
    ours = our_mail(closed)
    imap_server.deliver(mailbox.username, mail(headers={"In-Reply-To": ours.message_id}))

    read(mailbox)

    item = InboxItem.objects.get()
    assert item.status == ItemStatusChoices.OPEN and item.complaint is None
    assert item.note == f"closed:{closed.reference}"
