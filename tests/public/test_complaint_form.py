"""Filing a complaint through the public form, and following it with the private link."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from klachtpad.complaints.models import Complaint
from klachtpad.organisations.models import Organisation
from klachtpad.public.models import StatusLink, Submission
from tests.complaints.factories import ComplaintFactory
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db

FORM = "/next/klacht/care/"
# The session, scheme and form: 5; the submission and the file with its counter, terms,
# history, message to management, private link and mail in one transaction: 19; the
# session written: 3.
QUERIES_PER_FILING = 27
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def fresh_key(client: Client, url: str = FORM) -> str:
    html = client.get(url).content.decode()
    found = re.search(r'name="key" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def answers(key: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": key,
        "handling": "formal",
        "relation": "client",
        "name": "Anouk Bakker",
        "email": "anouk@example.org",
        "description": "Mijn begeleider kwam drie keer niet.\nHij belde ook niet af.",
        "desired_outcome": "Een vaste begeleider die op tijd komt.",
    }
    data.update(changes)
    return data


def status_link(client: Client, received_url: str) -> str:
    html = client.get(received_url).content.decode()
    found = re.search(r'href="http://testserver(/volgen/[^"]+)"', html)
    assert found is not None, html
    return found.group(1)


def test_the_form_page_shows_the_procedure_and_what_happens_with_the_data(client, seeded):
    html = client.get(FORM).content.decode()

    assert "Zo werkt het" in html
    assert "Praat met onze klachtenfunctionaris" in html  # a step of Next's procedure
    assert "Wat we met je gegevens doen" in html
    assert "Ik ben zelf de cliënt" in html
    assert "Ik ben de wettelijk vertegenwoordiger" not in html  # Next does not list it
    files = client.get(f"{FORM}?stap=4").content.decode()  # files come last, with sending
    assert "Dit mag: PDF, JPG, PNG, HEIC, DOC, DOCX, ODT, TXT, EML. Hoogstens 20 MB" in files
    assert 'accept=".pdf,' in files


def test_a_complaint_is_filed_and_the_person_gets_a_reference_and_a_private_link(client, seeded):
    key = fresh_key(client)
    upload = SimpleUploadedFile("brief.pdf", PDF, content_type="application/octet-stream")

    response = client.post(FORM, answers(key, attachments=[upload]))

    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel == "form"
    assert complaint.handling == "formal"
    assert complaint.summary == "Mijn begeleider kwam drie keer niet."
    assert complaint.attachments.get().content_type == "application/pdf"
    assert complaint.history.filter(action="register").exists()
    received = client.get(response["Location"]).content.decode()
    assert complaint.reference in received
    assert "/volgen/" in received

    run_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anouk@example.org"]
    assert complaint.reference in message.subject
    assert "http://127.0.0.1:8000/volgen/" in message.body
    # No health data in the mail: nothing of what happened, nothing of what was wanted.
    assert "begeleider" not in f"{message.body} {message.subject}"
    assert "vaste" not in message.body


def test_the_same_form_sent_again_makes_no_second_complaint(client, seeded):
    key = fresh_key(client)

    first = client.post(FORM, answers(key))
    again = client.post(FORM, answers(key))
    back_and_again = client.post(FORM, answers(key, description="Nog eens verstuurd."))

    assert Complaint.objects.count() == 1
    assert first["Location"] == again["Location"] == back_and_again["Location"]
    assert Submission.objects.count() == 1


def test_a_form_sent_again_shows_the_confirmation_with_a_working_private_link(client, seeded):
    """A double click or a retry: the answer to the first sending never reached the
    browser, which shows the answer to the second."""
    key = fresh_key(client)
    client.post(FORM, answers(key))
    client.cookies.clear()  # what the browser kept of the first answer is gone

    again = client.post(FORM, answers(key))

    link = status_link(client, again["Location"])
    page = client.get(link, follow=True).content.decode()
    assert Complaint.objects.get().reference in page and "We werken aan je klacht." in page
    assert Complaint.objects.count() == 1


def test_mistakes_come_back_next_to_the_field_with_everything_typed_kept(client, seeded):
    key = fresh_key(client)

    client.post(FORM, {"step": "1", **answers(key)})
    when = client.post(FORM, {"step": "2", "event_date": "morgen", "description": "Koud eten."})
    reach = client.post(FORM, {"step": "3", "key": key, "email": ""})

    assert when.status_code == reach.status_code == 422
    assert "Schrijf een datum zoals 2026-03-02, of laat het leeg." in when.content.decode()
    assert "Koud eten." in when.content.decode()
    assert "Vul minstens één manier in om je te bereiken" in reach.content.decode()
    assert 'aria-invalid="true"' in reach.content.decode()
    first = client.get(f"{FORM}?stap=1").content.decode()
    assert "Anouk Bakker" in first  # nothing typed is lost between the pages
    assert not Complaint.objects.exists()


def test_someone_complaining_for_a_client_names_the_client(client, seeded):
    key = fresh_key(client)

    mentor = {"relation": "mentor", "conditions": ["registered_contact"]}
    refused = client.post(FORM, answers(key, **mentor))
    assert "Vul de naam van de cliënt in." in refused.content.decode()

    client.post(FORM, answers(key, client_name="Bram Bakker", **mentor))
    complaint = Complaint.objects.get()
    assert complaint.complainant_relation == "mentor"
    assert complaint.client_name == "Bram Bakker"


def test_a_family_member_who_says_they_are_a_registered_contact_may_complain(client, seeded):
    key = fresh_key(client)

    refused = client.post(FORM, answers(key, relation="family_member", client_name="Bram"))
    assert refused.status_code == 422
    assert "contactpersoon" in refused.content.decode()

    client.post(
        FORM,
        answers(
            key, relation="family_member", client_name="Bram", conditions=["registered_contact"]
        ),
    )
    complaint = Complaint.objects.get()
    assert complaint.history.get(action="register").details["declared"] == ["registered_contact"]


def test_a_file_is_judged_by_its_content_not_its_name(client, seeded):
    key = fresh_key(client)
    disguised = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00" + b"\x00" * 200, "image/jpeg")

    response = client.post(FORM, answers(key, attachments=[disguised]))

    html = response.content.decode()
    assert response.status_code == 422
    assert "foto.jpg kunnen we niet bewaren." in html
    assert "Kies je bestanden opnieuw." in html
    assert "Mijn begeleider kwam drie keer niet." in html
    assert not Complaint.objects.exists()


def test_the_honeypot_stops_programs_but_tells_a_person_what_to_do(client, seeded):
    key = fresh_key(client)

    response = client.post(FORM, answers(key, website="http://spam.example"))

    assert response.status_code == 422
    assert "Laat dit veld leeg en stuur het formulier opnieuw." in response.content.decode()
    assert not Complaint.objects.exists()


def test_many_forms_from_one_address_are_slowed_down_without_losing_the_text(
    client, seeded, settings
):
    settings.KLACHTPAD_SUBMISSIONS_PER_HOUR = 2
    for _ in range(2):
        client.post(FORM, answers(fresh_key(client)))

    response = client.post(FORM, answers(fresh_key(client), description="Derde klacht."))

    html = response.content.decode()
    assert "Wacht een paar minuten en stuur het formulier opnieuw." in html
    assert "Derde klacht." in html
    assert Complaint.objects.count() == 2


def test_an_organisation_with_two_procedures_asks_which_one_first(client, seeded):
    from klachtpad.organisations.models import Procedure

    organisations = {p.organisation.slug for p in Procedure.objects.all()}
    slug = next(
        s for s in organisations if Procedure.objects.filter(organisation__slug=s).count() > 1
    )

    response = client.get(f"/{slug}/klacht/")

    assert response.status_code == 200
    assert "Kies waar je klacht over gaat." in response.content.decode()


def test_a_new_link_is_mailed_only_when_reference_and_address_match(client, seeded):
    client.post(FORM, answers(fresh_key(client)))
    run_tasks()
    mail.outbox.clear()
    complaint = Complaint.objects.get()

    wrong = client.post(
        "/next/klacht/nieuwe-link/", {"reference": complaint.reference, "email": "x@example.org"}
    )
    right = client.post(
        "/next/klacht/nieuwe-link/",
        {"reference": complaint.reference, "email": "ANOUK@example.org"},
    )
    run_tasks()

    assert wrong.content.decode().count("Horen het klachtnummer") == 1
    assert right.content.decode().count("Horen het klachtnummer") == 1
    assert len(mail.outbox) == 1
    assert "Een nieuwe link" in mail.outbox[0].subject


def test_an_expired_or_unknown_link_shows_nothing(client, seeded):
    response = client.post(FORM, answers(fresh_key(client)))
    link = status_link(client, response["Location"])
    StatusLink.objects.update(expires_at="2000-01-01T00:00:00Z")
    complaint = Complaint.objects.get()

    for url in (link, "/volgen/raden-lukt-niet/", "/volgen/"):
        page = client.get(url)
        assert page.status_code == 403
        assert "Deze link werkt niet (meer)" in page.content.decode()
        assert complaint.reference not in page.content.decode()


def test_every_procedure_page_leads_to_the_form(client, seeded):
    for slug in ("next", "iederzijnwerk", "permens", "zorgkracht12", "nexxtep"):
        html = client.get(f"/{slug}/").content.decode()
        assert f'href="/{slug}/klacht/"' in html


def test_someone_refused_as_representative_may_complain_about_the_refusal(client, seeded):
    """Wkkgz art. 14(2): whatever the scheme narrows, the refusal itself may be complained of."""
    key = fresh_key(client)
    html = client.get(FORM).content.decode()
    assert "je hebt geweigerd mij als vertegenwoordiger" in html
    refusal = {"relation": "other_involved", "client_name": "Bram"}
    assert client.post(FORM, answers(key, **refusal)).status_code == 422
    client.post(FORM, answers(key, refused_as_representative="on", **refusal))
    complaint = Complaint.objects.get()
    assert complaint.history.get(action="register").details["about_representative_refusal"]


def test_the_refusal_route_is_offered_only_under_the_wkkgz(client, seeded):
    # Nexxtep's scheme rests on a contract, not on the Wkkgz.
    html = client.get("/nexxtep/klacht/service/").content.decode()
    assert "als vertegenwoordiger" not in html


@pytest.mark.parametrize(
    ("url", "expect"),
    [
        # Each in its scheme's register: perMens says "je", IederZijnWerk "u".
        (
            "/permens/klacht/care/formulier.pdf",
            ["perMens", "Wat is er gebeurd?", "Je naam", "mag je leeg laten"],
        ),
        (
            "/iederzijnwerk/klacht/ambulant/formulier.pdf",
            ["IederZijnWerk", "Wat is er gebeurd?", "Uw naam", "mag u leeg laten"],
        ),
    ],
)
def test_the_printable_form_asks_what_the_web_form_asks(client, seeded, url, expect):
    """perMens: "Om de klachtenprocedure te beginnen, dien je schriftelijk een klacht in.
    Hiervoor kun je het klachtenformulier gebruiken."; IederZijnWerk's form can be
    downloaded. The paper form holds the same questions and where to hand it in."""
    from io import BytesIO

    from pypdf import PdfReader

    answer = client.get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(answer.content)).pages)
    text = " ".join(text.split())
    for words in expect:
        assert words in text, words
    assert "leeg laten) (" not in text  # each optional question says so once
    assert "handtekening" in text.lower()
    procedure_page = client.get(url.split("/klacht/")[0] + "/").content.decode()
    assert url in procedure_page


@pytest.mark.parametrize(
    ("sent", "kind", "kept"),
    [
        ("brief.pdf", "application/pdf", "brief.pdf"),
        ("foto.JPEG", "image/jpeg", "foto.jpg"),
        # A PDF sent as an executable's name keeps no misleading extension.
        ("report.pdf.exe", "application/pdf", "report-pdf-exe.pdf"),
        # A right-to-left override would make "kladexe.pdf" read as "kladfdp.exe".
        ("klad\u202efdp.exe", "application/pdf", "kladfdp-exe.pdf"),
        # No folders: a name is never a path.
        ("../../etc/passwd", "text/plain", "etc-passwd.txt"),
        ("x" * 300 + ".pdf", "application/pdf", "x" * 80 + ".pdf"),
        ("\u200b\u200b.pdf", "application/pdf", "bijlage.pdf"),
    ],
)
def test_a_kept_file_has_a_plain_name_with_the_extension_of_its_content(sent, kind, kept):
    from klachtpad.complaints.services.attachments import attachment_name

    assert attachment_name(sent, kind) == kept


def test_a_new_link_asked_for_revokes_the_earlier_ones(client, seeded):
    """A lost link may be in someone else's hands: asking for a new one ends the old,
    and every browser opened with it."""
    received = client.post(FORM, answers(fresh_key(client)))
    old = status_link(client, received["Location"])
    run_tasks()
    assert client.get(old, follow=True).status_code == 200
    complaint = Complaint.objects.get()
    client.post(
        "/next/klacht/nieuwe-link/",
        {"reference": complaint.reference, "email": "anouk@example.org"},
    )
    run_tasks()
    assert client.get("/volgen/").status_code == 403
    assert client.get(old).status_code == 403
    fresh = re.search(r"http://[^/\s]+(/volgen/[^\s]+/)", str(mail.outbox[-1].body))
    assert fresh is not None and client.get(fresh.group(1), follow=True).status_code == 200


def test_each_missing_answer_is_named_in_its_own_words_and_optional_ones_say_so(client, seeded):
    key = fresh_key(client)
    html = client.get(f"{FORM}?stap=2").content.decode()
    assert "Wat zou het voor jou oplossen? (dit mag je leeg laten)" in html
    assert "Je naam (dit mag je leeg laten)" not in html

    answer = client.post(FORM, {"key": key}).content.decode()
    summary = re.search(r'<div class="errors"[^>]*autofocus>.*?</div>', answer, flags=re.S)
    assert summary is not None
    assert '<a href="#question-name">Vul je naam in.</a>' in summary.group(0)
    assert '<a href="#question-relation">Kies wie je bent.</a>' in summary.group(0)
    assert 'id="question-name"' in answer
    assert "Dit veld is verplicht." not in answer


def test_a_family_member_not_registered_hears_it_at_the_question_with_ways_forward(client, seeded):
    """Next lets a family member complain only as the client's registered contact."""
    answer = client.post(
        FORM, answers(fresh_key(client), relation="family_member", client_name="Wim Bakker")
    ).content.decode()

    question = re.search(r'id="question-relation">.*?</div>\s*</div>', answer, flags=re.S)
    assert question is not None
    text = question.group(0)
    assert "familielid" in text and "family member" not in text
    assert "De cliënt kan de klacht indienen, of je schriftelijk machtigen" in text
    assert "Klachtenportaal Zorg" in text  # where Next's scheme sends people for help
    assert Complaint.objects.count() == 0


def test_a_filing_costs_the_same_however_many_complaints_the_organisation_holds(client, seeded):
    """Sending the form reads the scheme once and writes the file in one transaction;
    its queries do not grow with the organisation's complaints."""
    organisation = Organisation.objects.get(slug="next")

    def filing() -> list[str]:
        key = fresh_key(client)
        with CaptureQueriesContext(connection) as captured:
            assert client.post(FORM, answers(key)).status_code == 302
        return [query["sql"] for query in captured]

    filing()  # the year's first makes the reference counter
    few = filing()
    ComplaintFactory.create_batch(20, procedure=organisation.procedures.get(key="care"))
    many = filing()

    assert len(many) <= len(few), f"{len(few)} queries with 2 complaints, {len(many)} with 22"
    assert len(many) <= QUERIES_PER_FILING, "\n".join(many)
    assert len([sql for sql in many if 'FROM "organisations_schemeversion"' in sql]) == 1
