"""The complaints officer finds a mail in the inbox (read from a real IMAP server),
makes a formal complaint of it, and its terms run from the day the mail server received
it, not from the day she handled it; the mail, its file and its date are in the file."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from klachtpad.complaints.models import Complaint, Term
from klachtpad.domain.schemes.vocabulary import Handling
from klachtpad.inbox.models import InboxItem, ItemStatusChoices, Mailbox
from klachtpad.inbox.services import mailbox_save
from klachtpad.notifications.models import MailDelivery
from klachtpad.organisations.models import Organisation
from tests.browser.conftest import axe_clean, sign_in_as, staff_member
from tests.imap import PASSWORD, mail, read

pytestmark = pytest.mark.browser
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


@pytest.mark.django_db(transaction=True)
def test_the_officer_makes_a_formal_complaint_of_a_mail_and_its_term_runs_from_the_mail(
    browser_page,
    live_server,
    seeded,
    imap_server,
    settings,
):
    organisation = Organisation.objects.get(slug="next")
    officer = staff_member(organisation, "olga", "complaints_officer", name="Olga Officier")
    settings.KLACHTPAD_INBOX_CA_FILE = str(imap_server.cert)
    mailbox = mailbox_save(
        Mailbox(
            organisation=organisation,
            name="Verbeterpunten",
            address="verbeterpunten-browser@next.example",
            host="127.0.0.1",
            port=imap_server.port,
            username="verbeterpunten-browser@next.example",
        ),
        secret=PASSWORD,
    )
    received = datetime.datetime.now(AMSTERDAM).replace(hour=21, minute=40) - datetime.timedelta(
        days=9
    )
    imap_server.deliver(
        mailbox.username,
        mail(
            subject="Klacht over mijn begeleiding",
            text="Mijn begeleider kwam drie keer niet opdagen en belde niet af.\n\nSanne",
            files=[("rooster.pdf", "application/pdf", b"%PDF-1.4\n" + b"r" * 1500)],
        ),
        at=received,
    )
    read(mailbox)
    page = browser_page

    sign_in_as(page, live_server, officer)
    page.get_by_role("link", name="1 mail wacht bij de binnengekomen mail").click()  # worklist
    axe_clean(page, "inbox")
    page.get_by_role("link", name="Standaardteksten voor antwoorden").click()
    page.get_by_label("Titel").fill("Ontvangst")
    page.get_by_label("Tekst").fill("Dank voor uw mail. Wij nemen binnen een week contact op.")
    page.get_by_role("button", name="Opslaan").click()
    assert "De tekst is opgeslagen" in page.content()
    page.get_by_role("link", name="Terug naar de binnengekomen mail").click()
    page.get_by_role("link", name="Klacht over mijn begeleiding").click()
    axe_clean(page, "inbox item")
    assert "drie keer niet opdagen" in page.content()
    assert received.strftime("%H:%M") in page.content()
    page.get_by_role("link", name="Maak er een melding of klacht van").click()
    axe_clean(page, "register from mail")
    assert page.get_by_label("Ontvangen op").input_value() == received.date().isoformat()
    assert page.get_by_label("E-mail").input_value() == "sanne@example.nl"
    page.get_by_label("formele klacht").check()
    page.get_by_role("button", name="Vastleggen").click()
    errors = page.locator(".errorlist").all_inner_texts()
    assert "Vastgelegd als" in page.content(), errors

    complaint = Complaint.objects.get(organisation=organisation)
    assert complaint.handling == Handling.FORMAL and complaint.channel == "email"
    assert complaint.received_on == received.date()
    decision = Term.objects.filter(complaint=complaint, kind="decision").first()
    assert decision is not None and decision.start_on == received.date()
    assert complaint.attachments.get().name == "rooster.pdf"
    item = InboxItem.objects.get()
    assert item.status == ItemStatusChoices.REGISTERED and item.complaint == complaint
    assert "Mail ontvangen" in page.content() and "Klacht over mijn begeleiding" in page.content()

    # The officer answers from the file, starting from the standard text.
    page.get_by_role("link", name="Een mail schrijven").click()
    axe_clean(page, "write a mail")
    page.get_by_label("Begin met een standaardtekst").select_option(label="Ontvangst")
    page.get_by_role("button", name="Deze tekst gebruiken").click()
    assert (
        "Wij nemen binnen een week contact op."
        in page.get_by_role("textbox", name="Tekst").input_value()
    )
    assert complaint.reference in page.get_by_label("Onderwerp").input_value()
    page.get_by_label("Onderwerp").press("Enter")  # Enter sends, as the Send button does
    assert "De mail is onderweg" in page.content()
    reply = MailDelivery.objects.get(kind="reply", complaint=complaint)
    assert reply.to == "sanne@example.nl" and reply.facts["in_reply_to"] == item.message_id
