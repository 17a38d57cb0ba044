"""The inbox as staff use it: the officer reads a mail (logged), sees HTML only as text,
puts a mail in a file or dismisses it with a reason; nobody else, and no other
organisation, sees it; a reply from the file with a standard text answers the mail and
the answer to it comes back into the file; the admin connects and tests a mailbox."""

from __future__ import annotations

import datetime
from email import message_from_bytes
from email.message import EmailMessage

import pytest
from django.core import mail as outbox
from django.urls import reverse

from klachtpad.audit.models import AccessLogEntry
from klachtpad.complaints.history import history_lines
from klachtpad.complaints.models import ClientContact, Complaint, HistoryEntry
from klachtpad.complaints.services import Actor
from klachtpad.inbox.models import CannedText, InboxItem, ItemStatusChoices, Mailbox
from klachtpad.inbox.services import item_attach
from klachtpad.notifications.models import MailDelivery, MailKindChoices
from klachtpad.organisations.models import Membership, Organisation
from klachtpad.retention.models import SubjectRequest
from tests.complaints.factories import ClientFactory, ComplaintFactory, UserFactory
from tests.imap import PASSWORD, mail, read
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db

SANNE = "sanne@example.nl"


@pytest.fixture
def item(imap_server, mailbox):
    imap_server.deliver(mailbox.username, mail())
    read(mailbox)
    return InboxItem.objects.get()


def url(name: str, *args: object) -> str:
    return reverse(f"staff:{name}", args=["next", *args])


def test_the_officer_reads_a_mail_and_the_look_is_in_the_access_log(sign_in, officer, item):
    client = sign_in(officer)

    listed = client.get(url("inbox"))
    page = client.get(url("inbox_item", item.pk))

    assert "Klacht over de begeleiding" in listed.content.decode()
    assert "drie keer niet opdagen" in page.content.decode()
    assert AccessLogEntry.objects.filter(detail=f"inbox item {item.pk}", user=officer).exists()


def test_html_mail_is_shown_as_text_and_loads_nothing(imap_server, mailbox, sign_in, officer):
    message = EmailMessage()
    message["From"] = SANNE
    message["To"] = mailbox.address
    message["Subject"] = "Opgemaakt"
    message.set_content(
        "<html><head><style>p{}</style><script>alert(1)</script></head><body>"
        "<p>Eerste alinea.</p><img src='https://tracker.example/x.png'>"
        "<p>Tweede <b>alinea</b>.</p></body></html>",
        subtype="html",
    )
    imap_server.deliver(mailbox.username, message.as_bytes())
    read(mailbox)
    item = InboxItem.objects.get()

    page = sign_in(officer).get(url("inbox_item", item.pk)).content.decode()

    assert item.text == "Eerste alinea.\n\nTweede alinea."
    assert "tracker.example" not in page and "alert(1)" not in page and "<b>" not in page


def test_nobody_else_and_no_other_organisation_sees_the_mail(sign_in, item, next_org):
    key_worker = UserFactory.create(username="kw")
    Membership.objects.create(user=key_worker, organisation=next_org, role="key_worker")
    other = Organisation.objects.exclude(pk=next_org.pk)[0]
    stranger = UserFactory.create(username="elders")
    Membership.objects.create(user=stranger, organisation=other, role="complaints_officer")

    assert sign_in(key_worker).get(url("inbox_item", item.pk)).status_code == 403
    elsewhere = reverse("staff:inbox_item", args=[other.slug, item.pk])
    assert sign_in(stranger).get(elsewhere).status_code == 404


def test_a_mail_is_put_in_a_file_or_dismissed_with_a_reason(
    imap_server, mailbox, sign_in, officer, next_org
):
    complaint = ComplaintFactory.create(procedure=next_org.procedures.first(), acknowledged=True)
    imap_server.deliver(mailbox.username, mail(subject="Aanvulling"))
    imap_server.deliver(mailbox.username, mail(subject="Goedkope pillen", sender="spam@x.example"))
    read(mailbox)
    addition = InboxItem.objects.get(subject="Aanvulling")
    spam = InboxItem.objects.get(subject="Goedkope pillen")
    client = sign_in(officer)

    wrong = client.post(url("inbox_item", addition.pk), {"attach": "1", "reference": "2099-9999"})
    client.post(url("inbox_item", addition.pk), {"attach": "1", "reference": complaint.reference})
    unreasoned = client.post(url("inbox_item", spam.pk), {"dismissal": "not_a_complaint"})
    client.post(url("inbox_item", spam.pk), {"dismissal": "spam"})

    assert "geen dossier met dit kenmerk" in wrong.content.decode()
    assert "waarom deze mail geen dossier nodig heeft" in unreasoned.content.decode()
    addition.refresh_from_db()
    spam.refresh_from_db()
    assert (addition.status, addition.complaint) == (ItemStatusChoices.ATTACHED, complaint)
    note = HistoryEntry.objects.filter(complaint=complaint, action="add_note").get()
    assert note.details["mail_from"] == SANNE and "drie keer" in note.reason
    assert (spam.status, spam.dismissal) == (ItemStatusChoices.DISMISSED, "spam")
    again = client.post(
        url("inbox_item", spam.pk), {"attach": "1", "reference": complaint.reference}, follow=True
    )
    assert "al afgehandeld" in again.content.decode()


def test_a_reply_from_the_file_answers_the_mail_and_its_answer_comes_back(
    imap_server, mailbox, sign_in, officer, next_org, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    complaint = ComplaintFactory.create(procedure=next_org.procedures.first(), acknowledged=True)
    Complaint.objects.filter(pk=complaint.pk).update(complainant_email=SANNE)
    imap_server.deliver(mailbox.username, mail(subject=f"Vraag [{complaint.reference}]"))
    read(mailbox)
    first = InboxItem.objects.get()
    assert first.complaint == complaint  # threaded by the reference in the subject
    CannedText.objects.create(
        organisation=next_org, title="Ontvangst", body="Dank voor uw bericht. Wij bellen u."
    )
    client = sign_in(officer)
    text = CannedText.objects.get()

    form = client.post(
        url("complaint_mail", complaint.reference),
        {"to": SANNE, "subject": "Vraag", "text": "Beste Sanne,", "standard": text.pk, "use": "1"},
    )
    assert "Beste Sanne,\n\nDank voor uw bericht" in form.content.decode()  # nothing lost
    assert not MailDelivery.objects.filter(kind=MailKindChoices.REPLY).exists()
    client.post(
        url("complaint_mail", complaint.reference),
        {
            "to": SANNE,
            "subject": f"Re: Vraag [{complaint.reference}]",
            "text": "Dank, wij bellen u morgen.",
        },
    )
    run_tasks()

    sent = message_from_bytes(outbox.outbox[-1].message().as_bytes())
    reply = MailDelivery.objects.get(kind=MailKindChoices.REPLY)
    assert sent["In-Reply-To"] == first.message_id and sent["Reply-To"] == mailbox.address
    assert "Auto-Submitted" not in sent and "wij bellen u morgen" in sent.get_payload()
    assert complaint.reference in sent["Subject"]

    imap_server.deliver(
        mailbox.username,
        mail(
            subject="Re: Vraag", text="Morgen past goed.", headers={"In-Reply-To": reply.message_id}
        ),
    )
    read(mailbox)
    answer = InboxItem.objects.get(subject="Re: Vraag")
    assert answer.status == ItemStatusChoices.THREADED and answer.complaint == complaint
    page = client.get(url("complaint", complaint.reference)).content.decode()
    assert "Mail ontvangen" in page and "Dank, wij bellen u morgen." in page


def test_a_reply_goes_only_to_someone_in_the_file(sign_in, officer, next_org):
    complaint = ComplaintFactory.create(procedure=next_org.procedures.first(), acknowledged=True)
    Complaint.objects.filter(pk=complaint.pk).update(complainant_email=SANNE)

    answer = sign_in(officer).post(
        url("complaint_mail", complaint.reference),
        {"to": "iemand@elders.example", "subject": "Hallo", "text": "Tekst"},
    )

    assert answer.status_code == 200 and not MailDelivery.objects.filter(kind="reply").exists()


def test_the_admin_connects_and_tests_a_mailbox_and_the_password_stays_hidden(
    imap_server, sign_in, next_org, settings
):
    settings.KLACHTPAD_INBOX_CA_FILE = str(imap_server.cert)
    admin = UserFactory.create(username="beheer")
    Membership.objects.create(user=admin, organisation=next_org, role="organisation_admin")
    client = sign_in(admin)
    fields = {
        "name": "Verbeterpunten",
        "address": "verbeterpunten@next.example",
        "host": "127.0.0.1",
        "port": imap_server.port,
        "security": "tls",
        "sign_in": "password",
        "username": "verbeterpunten@next.example",
        "folder": "INBOX",
        "after": "move",
        "done_folder": "Klachtpad",
        "active": "on",
    }

    missing = client.post(url("admin_mailboxes"), fields)
    same = client.post(url("admin_mailboxes"), {**fields, "done_folder": "inbox", "secret": "x"})
    assert "naar een andere map" in same.content.decode() and not Mailbox.objects.exists()
    client.post(url("admin_mailboxes"), {**fields, "secret": PASSWORD})
    saved = Mailbox.objects.get()
    tested = client.post(url("admin_mailboxes"), {"edit": saved.pk, "check": "1"}, follow=True)
    page = client.get(url("admin_mailboxes") + f"?edit={saved.pk}").content.decode()

    assert "Vul het wachtwoord of het refresh-token in" in missing.content.decode()
    assert PASSWORD not in saved.secret_sealed and PASSWORD not in page
    assert "Verbonden: er wachten 0 mails" in tested.content.decode()
    Mailbox.objects.filter(pk=saved.pk).update(port=1)
    broken = client.post(url("admin_mailboxes"), {"edit": saved.pk, "check": "1"}, follow=True)
    assert "De mailbox kon niet gelezen worden" in broken.content.decode()


def test_a_file_of_the_mail_is_downloaded_only_when_it_may_be_kept(
    imap_server, mailbox, sign_in, officer
):
    pdf = b"%PDF-1.4\n" + b"p" * 900
    imap_server.deliver(
        mailbox.username,
        mail(
            files=[
                ("brief.pdf", "application/pdf", pdf),
                ("factuur.pdf.exe", "application/octet-stream", b"MZ\x90\x00" + bytes(600)),
            ]
        ),
    )
    read(mailbox)
    item = InboxItem.objects.get()
    client = sign_in(officer)

    kept = client.get(url("inbox_file", item.pk, 0))
    refused = client.get(url("inbox_file", item.pk, 1))
    page = client.get(url("inbox_item", item.pk)).content.decode()

    assert kept.status_code == 200 and kept.content == pdf
    assert kept["Content-Type"] == "application/pdf"
    assert kept["Content-Disposition"].startswith("attachment")
    assert refused.status_code == 404
    assert "een soort bestand dat niet bewaard wordt" in page
    assert AccessLogEntry.objects.filter(detail=f"inbox item {item.pk} file 0").exists()


def test_an_external_officer_sees_the_mail_waiting_in_all_their_organisations(
    imap_server, mailbox, sign_in, next_org
):
    other = Organisation.objects.exclude(pk=next_org.pk)[0]
    unserved = Organisation.objects.exclude(pk__in=[next_org.pk, other.pk])[0]
    external = UserFactory.create(username="extern")
    for organisation in (next_org, other):
        Membership.objects.create(
            user=external, organisation=organisation, role="complaints_officer"
        )
    elsewhere = Mailbox.objects.create(
        organisation=unserved, name="x", address="x@x.example", host="h", username="x"
    )
    imap_server.deliver(mailbox.username, mail(subject="Bij Next"))
    read(mailbox)
    InboxItem.objects.create(
        organisation=unserved,
        mailbox=elsewhere,
        uidvalidity=1,
        uid=1,
        kind="mail",
        status="open",
        received_at=InboxItem.objects.get().received_at,
        subject="Niet van jou",
    )

    page = sign_in(external).get(reverse("staff:inbox_across")).content.decode()

    assert "Bij Next" in page and next_org.name in page
    assert "Niet van jou" not in page
    assert AccessLogEntry.objects.filter(
        organisation=next_org, user=external, detail__startswith="inbox list:"
    ).exists()
    assert not AccessLogEntry.objects.filter(organisation=unserved, user=external).exists()
    chooser = sign_in(external).get(reverse("staff:home")).content.decode()
    assert "Wachtende mail" in chooser
    assert '<a href="/staff/next/inbox/">1</a>' in chooser


def test_a_file_made_of_a_mail_starts_from_what_is_known_of_its_sender(
    imap_server, mailbox, sign_in, officer, next_org
):
    client_row = ClientFactory.create(organisation=next_org, client_number="C7788")
    ClientContact.objects.create(
        client=client_row,
        name="Sanne de Vries-Bakker",
        relation="mentor",
        email=SANNE,
        phone="06-12345678",
        registered_on=datetime.date(2025, 1, 6),
    )
    imap_server.deliver(mailbox.username, mail())
    read(mailbox)
    item = InboxItem.objects.get()

    page = sign_in(officer).get(url("inbox_register", item.pk)).content.decode()
    shown = sign_in(officer).get(url("inbox_item", item.pk)).content.decode()

    assert 'value="C7788"' in page and 'value="06-12345678"' in page
    assert '<option value="mentor" selected>' in page
    assert "Sanne de Vries-Bakker" in shown  # known with this address


def test_mail_in_no_file_is_in_the_persons_export_and_goes_with_their_erasure(
    imap_server, mailbox, sign_in, officer, next_org
):
    imap_server.deliver(mailbox.username, mail(subject="Over mijn gegevens"))
    read(mailbox)
    client = sign_in(officer)
    client.post(
        reverse("staff:privacy_requests", args=[next_org.slug]),
        {"kind": "erase", "name": "Sanne de Vries", "email": SANNE, "received_on": "2026-12-01"},
    )
    subject = SubjectRequest.objects.get()
    page = reverse("staff:privacy_request", args=[next_org.slug, subject.pk])

    shown = client.get(page).content.decode()
    exported = client.get(
        reverse("staff:privacy_request_export", args=[next_org.slug, subject.pk, "json"])
    )
    client.post(page, {"act": "erase"})

    assert "Over mijn gegevens" in shown
    assert exported.json()["mail_received"][0]["subject"] == "Over mijn gegevens"
    assert not InboxItem.objects.exists()


def test_a_mail_with_many_files_goes_in_as_far_as_the_file_has_room(
    imap_server, mailbox, officer, next_org, settings
):
    settings.KLACHTPAD_FILES_PER_COMPLAINT = 6
    complaint = ComplaintFactory.create(procedure=next_org.procedures.first(), acknowledged=True)
    pdfs = [(f"scan{n}.pdf", "application/pdf", b"%PDF-1.4\n" + bytes([n]) * 700) for n in range(7)]
    imap_server.deliver(mailbox.username, mail(files=pdfs))
    read(mailbox)

    item_attach(InboxItem.objects.get(), complaint, actor=Actor.staff(officer))

    assert complaint.attachments.count() == 6  # more than a form's five, up to the file's room
    entry = HistoryEntry.objects.filter(complaint=complaint).order_by("-sequence")[0]
    assert entry.details["files_not_taken"] == 1
    told = [line.text for line in history_lines(complaint)]
    assert any("1 bestand uit de mail paste niet meer in het dossier" in text for text in told)


def test_a_mail_of_half_past_eleven_at_night_utc_arrived_the_next_day_here(
    imap_server, mailbox, sign_in, officer, next_org
):
    late = datetime.datetime(2026, 11, 20, 23, 30, tzinfo=datetime.UTC)  # 00:30 in Amsterdam
    imap_server.deliver(mailbox.username, mail(), at=late)
    read(mailbox)
    item = InboxItem.objects.get()
    complaint = ComplaintFactory.create(procedure=next_org.procedures.first(), acknowledged=True)

    page = sign_in(officer).get(url("inbox_register", item.pk)).content.decode()
    item_attach(item, complaint, actor=Actor.staff(officer))

    assert 'value="2026-11-21"' in page
    entry = HistoryEntry.objects.filter(complaint=complaint).order_by("-sequence")[0]
    assert entry.details["mail_received"] == "2026-11-21"
