"""The complainant's status page: what it says, and what they do there lands in the file."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from klachtpad.complaints import services
from klachtpad.complaints.models import Complaint
from klachtpad.organisations.models import Procedure
from klachtpad.public.services import complaint_submit
from tests.complaints.factories import ComplaintFactory, staff
from tests.public.links import open_status
from tests.threads import all_at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed(seeded, client):
    complaint = ComplaintFactory.create(procedure=Procedure.objects.get(organisation__slug="next"))
    return complaint, open_status(client, complaint)


def test_the_page_says_where_the_complaint_is_and_what_comes_next(client, followed):
    _complaint, link = followed

    html = client.get(link).content.decode()

    assert "We werken aan je klacht." in html
    assert "Praat met onze klachtenfunctionaris" in html
    assert "Je krijgt uiterlijk" in html
    assert "verbeterpunten@nextarnhem.nl" in html


def test_the_acknowledgement_appears_once_staff_give_it(client, followed):
    complaint, link = followed
    assert "laten weten dat we je klacht hebben ontvangen" not in client.get(link).content.decode()

    services.complaint_acknowledge(complaint, actor=staff())

    html = client.get(link).content.decode()
    assert "laten weten dat we je klacht hebben ontvangen" in html


def test_information_and_a_file_added_land_in_the_history(client, followed):
    complaint, link = followed
    photo = SimpleUploadedFile("lekkage.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")

    response = client.post(
        f"{link}actie/add/", {"text": "Ik heb nog een foto van de lekkage.", "attachments": [photo]}
    )

    assert response.status_code == 302
    entry = complaint.history.get(action="add_information")
    assert entry.reason == "Ik heb nog een foto van de lekkage."
    assert entry.actor_name == complaint.complainant_name
    assert entry.details["attachments"] == ["lekkage.png"]
    assert "Dank je. We hebben het bij je klacht gevoegd." in client.get(link).content.decode()


def test_an_empty_addition_is_refused_with_a_message(client, followed):
    _complaint, link = followed

    response = client.post(f"{link}actie/add/", {"text": "  "})

    assert response.status_code == 422
    assert "Schrijf iets of kies een bestand om te sturen." in response.content.decode()


def test_asking_for_a_meeting_lands_in_the_history(client, followed):
    complaint, link = followed

    client.post(f"{link}actie/meeting/", {"wish": "Liefst op dinsdag, met mijn zus."})

    assert complaint.history.get(action="request_meeting").reason == (
        "Liefst op dinsdag, met mijn zus."
    )


def test_withdrawing_needs_the_box_ticked_and_then_closes_the_complaint(client, followed):
    complaint, link = followed

    unticked = client.post(f"{link}actie/withdraw/", {})
    assert "Zet een vinkje als je wilt stoppen met je klacht." in unticked.content.decode()

    client.post(f"{link}actie/withdraw/", {"sure": "on"})

    complaint.refresh_from_db()
    assert complaint.state == "closed"
    assert complaint.closure == "withdrawn"
    assert complaint.history.get(action="withdraw").actor_name == complaint.complainant_name
    html = client.get(link).content.decode()
    assert "Je bent gestopt met je klacht." in html
    assert "Stop mijn klacht" not in html
    assert "Hoe tevreden ben je" not in html  # nothing to rate: the complainant stopped


def test_after_closure_the_satisfaction_question_and_the_next_bodies_are_shown(client, seeded):
    complaint = ComplaintFactory.create(
        procedure=Procedure.objects.get(organisation__slug="next"), closed=True
    )
    link = open_status(client, complaint)

    html = client.get(link).content.decode()
    assert "Hoe tevreden ben je" in html
    assert "Niet tevreden met ons antwoord?" in html

    client.post(f"{link}actie/satisfaction/", {"score": "4", "remark": "Netjes opgelost."})

    complaint.refresh_from_db()
    assert complaint.satisfaction == 4
    assert "Hoe tevreden ben je" not in client.get(link).content.decode()


def test_after_the_decision_the_page_gives_the_answer_in_words_and_no_stop(client, followed):
    complaint, link = followed
    services.complaint_judgement_record(
        complaint,
        actor=staff(),
        verdict="partly_upheld",
        reasons="De afspraak is twee keer zonder bericht verzet.",
        decisions="Wij bieden excuses aan.",
        measures=[
            services.MeasureInput(
                description="Afzeggingen voortaan telefonisch",
                owner="Teamleider",
                due_on=complaint.received_on.replace(year=complaint.received_on.year + 1),
            )
        ],
    )

    html = client.get(link).content.decode()
    assert "Het antwoord op je klacht" in html
    assert "Je klacht is deels gegrond: je had voor een deel gelijk." in html
    assert "De afspraak is twee keer zonder bericht verzet." in html
    assert "Afzeggingen voortaan telefonisch: klaar uiterlijk" in html
    assert "Stop mijn klacht" not in html
    assert "Niet tevreden met ons antwoord?" in html
    # Sent anyway (an old page in another tab): refused, and the answer stands.
    refused = client.post(f"{link}actie/withdraw/", {"sure": "on"}).content.decode()
    assert "Je klacht is beantwoord, dus er is niets meer om te stoppen." in refused
    complaint.refresh_from_db()
    assert complaint.state == "decided"


def _submit_once(procedure: Procedure, key: str) -> Complaint:
    def register() -> Complaint:
        return ComplaintFactory.create(procedure=procedure)

    return complaint_submit(
        key=key,
        organisation=procedure.organisation,
        address="192.0.2.7",
        register=register,
        tell=lambda complaint: None,
    ).complaint


@pytest.mark.django_db(transaction=True)
def test_the_same_submission_fired_concurrently_and_repeatedly_makes_one_complaint(seeded):
    procedure = Procedure.objects.get(organisation__slug="next")
    if connection.vendor != "postgresql":
        for _ in range(5):
            _submit_once(procedure, "dezelfde-sleutel")
        assert Complaint.objects.count() == 1
        return
    found: list[int] = []

    def send() -> None:
        for _ in range(3):
            found.append(_submit_once(procedure, "dezelfde-sleutel").pk)

    assert all_at_once(send, 8) == []
    assert Complaint.objects.count() == 1
    assert set(found) == {Complaint.objects.get().pk}
    assert len(found) == 24


def test_the_complainant_downloads_their_letters_as_pdf(client, followed):
    complaint, link = followed
    services.complaint_acknowledge(complaint, actor=staff())
    html = client.get(link).content.decode()
    letter = complaint.letters.get(kind="acknowledgement")
    href = f"{link}brief/{letter.pk}/"
    assert href in html and "Ontvangstbevestiging van je klacht" in html  # Next says "je"

    response = client.get(href)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    other = ComplaintFactory.create(procedure=complaint.procedure, acknowledged=True)
    assert client.get(f"{link}brief/{other.letters.get().pk}/").status_code == 404


def _photos(count):
    return [
        SimpleUploadedFile(f"foto{n}.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        for n in range(count)
    ]


def test_files_on_the_status_page_are_bounded_per_sending_and_per_hour(client, followed):
    """The probe sent twelve uploads in 1.6 seconds, unsigned-in; now each sending takes
    at most five, and an hour at most ten, with the typed words kept."""
    complaint, link = followed
    many = client.post(f"{link}actie/add/", {"text": "Foto's", "attachments": _photos(6)})
    assert many.status_code == 422
    assert "hoogstens 5 bestanden tegelijk" in many.content.decode()
    assert "Foto&#x27;s" in many.content.decode() or "Foto's" in many.content.decode()
    for _ in range(2):
        assert client.post(f"{link}actie/add/", {"attachments": _photos(5)}).status_code == 302
    late = client.post(f"{link}actie/add/", {"text": "Nog een", "attachments": _photos(1)})
    assert late.status_code == 422 and "over een uur opnieuw" in late.content.decode()
    assert complaint.attachments.count() == 10


def test_a_link_opens_once_and_the_page_address_holds_no_secret(client, seeded):
    """The probe: the token in the address reaches request and warning logs."""
    from django.core import mail
    from django.test import Client

    from tests.public.links import mailed_link
    from tests.tasks import run_tasks

    complaint = ComplaintFactory.create(procedure=Procedure.objects.get(organisation__slug="next"))
    Complaint.objects.filter(pk=complaint.pk).update(complainant_email="anouk@example.org")
    link = mailed_link(complaint)
    opened = client.get(link)
    assert opened.status_code == 302 and opened["Location"] == "/volgen/"
    cookie = opened.cookies["klachtpad_volgen"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert link.split("/")[2] not in cookie.value
    assert complaint.reference in client.get("/volgen/").content.decode()
    assert client.get(link)["Location"] == "/volgen/"  # the same browser, again

    elsewhere = Client()
    spent = elsewhere.get(link)
    assert spent.status_code == 403
    assert "Deze link is al gebruikt" in spent.content.decode()
    assert complaint.reference not in spent.content.decode()
    asked = elsewhere.post("/volgen/nieuwe-link/", {"token": link.split("/")[2]})
    assert "Kijk in je mail" in asked.content.decode()
    run_tasks()
    assert mail.outbox[-1].to == ["anouk@example.org"]
    assert client.get("/volgen/").status_code == 403  # every earlier link has ended
    fresh = str(mail.outbox[-1].body).split("http://127.0.0.1:8000", 1)[1].split()[0]
    assert elsewhere.get(fresh, follow=True).status_code == 200


def test_a_new_mail_ends_the_mailed_links_nobody_opened(client, seeded):
    from django.test import Client

    from tests.public.links import mailed_link

    complaint = ComplaintFactory.create(procedure=Procedure.objects.get(organisation__slug="next"))
    first = mailed_link(complaint)
    opened = mailed_link(complaint)
    client.get(opened)
    later = mailed_link(complaint)
    assert Client().get(first).status_code == 403  # waited unopened in a mailbox
    assert client.get("/volgen/").status_code == 200  # a browser that opened one goes on
    assert Client().get(later, follow=True).status_code == 200


def test_a_guessed_token_asks_for_nothing(client, seeded):
    from django.core import mail

    from tests.tasks import run_tasks

    client.post("/volgen/nieuwe-link/", {"token": "geraden"})
    run_tasks()
    assert mail.outbox == []
