"""Letters in the staff workspace: the list, the PDF, posting, warnings, templates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from klachtpad.audit.models import AccessLogEntry
from klachtpad.complaints import services
from klachtpad.domain.schemes.vocabulary import Channel, Handling, Relation
from klachtpad.letters.models import Letter, LetterTemplate
from tests.complaints.factories import staff
from tests.staff.conftest import member

pytestmark = pytest.mark.django_db


def page(complaint):
    return f"/staff/next/complaints/{complaint.reference}/"


def test_the_file_lists_its_letters_and_serves_the_pdf_logged(sign_in, officer, complaint):
    client = sign_in(officer)
    letter = complaint.letters.get(kind="acknowledgement")
    html = client.get(page(complaint)).content.decode()
    assert "Ontvangstbevestiging van je klacht" in html  # Next says "je"
    assert "nog niet verstuurd per post" in html or "nog niet gepost" in html

    response = client.get(f"{page(complaint)}letters/{letter.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(complaint_id=complaint.pk, action="export").exists()


def test_a_letter_without_an_e_mail_address_waits_to_be_posted(sign_in, officer, complaint):
    client = sign_in(officer)
    letter = complaint.letters.get(kind="acknowledgement")
    assert letter.delivery == "post"
    html = client.get(page(complaint)).content.decode()
    assert "is nog niet als verstuurd gemarkeerd" in html

    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(f"{page(complaint)}letters/{letter.pk}/posted/", {"on": future})
    assert not letter.dispatches.exists()
    assert "in de toekomst" in client.get(response["Location"]).content.decode()

    today = timezone.localdate().isoformat()
    client.post(f"{page(complaint)}letters/{letter.pk}/posted/", {"on": today})
    assert letter.dispatches.get().method == "post"
    assert (
        "is nog niet als verstuurd gemarkeerd" not in client.get(page(complaint)).content.decode()
    )


def test_an_extension_without_a_sent_notice_is_a_warning(sign_in, officer, complaint):
    term = complaint.terms.get(kind="decision")
    services.complaint_term_extend(
        complaint,
        actor=staff(),
        new_end=term.end_on + timedelta(weeks=2),
        notified_on=timezone.localdate(),
        reason="Verlof.",
    )
    html = sign_in(officer).get(page(complaint)).content.decode()
    assert "maar er is geen bericht van verlenging naar de klager gestuurd" in html


def test_a_letter_is_kept_as_written(complaint):
    letter = complaint.letters.get(kind="acknowledgement")
    letter.text = "Anders"
    with pytest.raises(DatabaseError), transaction.atomic():
        letter.save()
    assert Letter.objects.get(pk=letter.pk).text != "Anders"


def test_an_organisation_admin_edits_a_template_with_a_preview(sign_in, next_org, complaint):
    admin = sign_in(member(next_org, "organisation_admin", "beheerder"))
    url = "/staff/next/admin/letters/acknowledgement/nl/"
    assert "letter.reference" in admin.get(url).content.decode()

    broken = admin.post(url, {"text": "{% if %}", "save": "1"})
    assert broken.status_code == 422
    assert "Het sjabloon is niet te lezen" in broken.content.decode()
    assert not LetterTemplate.objects.exists()

    text = "<p>Geachte {{ letter.addressee }}, wij hebben uw klacht ontvangen.</p>"
    preview = admin.post(url, {"text": text, "preview": "1"})
    assert preview["Content-Type"] == "application/pdf"
    assert not LetterTemplate.objects.exists(), "a preview saves nothing"

    admin.post(url, {"text": text, "save": "1"})
    assert LetterTemplate.objects.get(organisation=next_org, kind="acknowledgement").text == text
    fresh = services.complaint_acknowledge(
        services.complaint_register(
            procedure=complaint.procedure,
            actor=staff(),
            channel=Channel(complaint.channel),
            handling=Handling(complaint.handling),
            complainant=services.Complainant(name="Piet Klaassen", relation=Relation.CLIENT),
            details=services.Details(summary="Test", description="Test"),
        ),
        actor=staff(),
    )
    letter = fresh.letters.get(kind="acknowledgement")
    assert "Geachte Piet Klaassen, wij hebben uw klacht" in letter.text

    reminders = admin.post("/staff/next/admin/letters/", {"reminder_working_days": "5"})
    assert reminders.status_code == 302
    next_org.refresh_from_db()
    assert next_org.reminder_working_days == 5


def test_a_template_cannot_read_files_or_other_templates(sign_in, next_org, complaint):
    admin = sign_in(member(next_org, "organisation_admin", "beheerder"))
    url = "/staff/next/admin/letters/letterhead/nl/"
    response = admin.post(url, {"text": '{% include "staff/base.html" %}', "save": "1"})
    assert response.status_code == 422
    response = admin.post(
        url, {"text": '<img src="file:///etc/passwd"> {{ letter.organisation }}', "preview": "1"}
    )
    assert response["Content-Type"] == "application/pdf"  # rendered, the file not fetched


def test_other_roles_do_not_edit_templates(sign_in, officer):
    assert sign_in(officer).get("/staff/next/admin/letters/").status_code == 403


def test_only_who_may_handle_the_file_records_a_posting(sign_in, next_org, officer, complaint):
    assert "Markeer als gepost" in sign_in(officer).get(page(complaint)).content.decode()
    manager = sign_in(member(next_org, "management", "directeur"))
    html = manager.get(page(complaint)).content.decode()
    assert "Ontvangstbevestiging van je klacht" in html  # Next says "je"
    assert "Markeer als gepost" not in html


@pytest.mark.parametrize(
    "text",
    [
        "{% lorem 2000 p %}",  # a minute of CPU in the preview
        '{{ letter.reference|ljust:"999999999" }}',  # a gigabyte of spaces
        '{% load static %}{% static "x" %}',
        "{% debug %}",
        "x" * 60_000,
    ],
)
def test_a_template_that_would_do_unbounded_work_is_refused(sign_in, next_org, text):
    admin = sign_in(member(next_org, "organisation_admin", "beheerder"))
    answer = admin.post("/staff/next/admin/letters/decision/nl/", {"text": text, "preview": "1"})
    assert answer.status_code == 422
    assert "sjabloon" in answer.content.decode().lower()


def test_the_preview_is_a_pdf_a_reader_opens(sign_in, next_org):
    from io import BytesIO

    from pypdf import PdfReader

    admin = sign_in(member(next_org, "organisation_admin", "beheerder"))
    answer = admin.post(
        "/staff/next/admin/letters/decision/nl/",
        {"text": "<p>Beste {{ letter.addressee }},</p>", "preview": "1"},
    )
    content = b"".join(answer.streaming_content)
    assert content.startswith(b"%PDF")
    text = PdfReader(BytesIO(content)).pages[0].extract_text()
    assert "Beste J. de Vries" in text


def test_the_file_warns_while_a_letter_the_law_requires_is_missing(sign_in, officer, complaint):
    """A decision kept in the file without its written letter (recorded before letters
    were written, or imported) is a warning until the letter is there."""
    from klachtpad.complaints.models import Judgement

    Judgement.objects.create(
        complaint=complaint,
        step=complaint.step,
        given_by="Directie",
        given_on=timezone.localdate(),
        verdict="upheld",
        reasons="Ingevoerd uit het oude register.",
    )
    client = sign_in(officer)
    html = client.get(page(complaint)).content.decode()
    assert (
        "De wet vraagt om een brief aan de klager (beslissing); die zit niet in het dossier."
        in html
    )


def test_the_editor_lists_the_fields_and_shows_the_letter_as_you_type(sign_in, next_org):
    admin = sign_in(member(next_org, "organisation_admin", "beheerder"))
    url = "/staff/next/admin/letters/decision/nl/"
    page = admin.get(url).content.decode()
    assert "<code>{{ letter.reference }}</code>" in page
    assert "<code>{{ letter.addressee }}</code></td><td" in page and "J. de Vries" in page

    text = "<p>Beste {{ letter.addressee }}, over {{ letter.reference }}.</p>"
    live = admin.post(url, {"text": text, "show": "1"}, HTTP_HX_REQUEST="true")
    fragment = live.content.decode()
    assert live.status_code == 200 and fragment.startswith('<div id="letter-preview"')
    assert "Beste J. de Vries" in fragment and 'sandbox=""' in fragment
    assert 'srcdoc="&lt;!DOCTYPE html&gt;' in fragment  # the whole letter, in one attribute
    without_script = admin.post(url, {"text": text, "show": "1"}).content.decode()
    assert "<iframe" in without_script and "Beste J. de Vries" in without_script

    broken = admin.post(url, {"text": "{% if %}", "show": "1"}, HTTP_HX_REQUEST="true")
    assert broken.status_code == 422 and 'role="alert"' in broken.content.decode()
    assert not LetterTemplate.objects.filter(organisation=next_org).exists()  # nothing saved


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("{% iff x %}", "Regel 1: er bestaat geen opdracht {% iff %}."),
        ("<p>{% if letter.reference %}</p>", "Regel 1: {% if %} wordt niet afgesloten"),
        ("{{ letter.date|dutchdate }}", "Er bestaat geen filter |dutchdate."),
    ],
)
def test_a_template_mistake_is_explained_in_dutch(sign_in, next_org, text, said):
    admin = sign_in(member(next_org, "organisation_admin", "beheerder"))
    answer = admin.post("/staff/next/admin/letters/decision/nl/", {"text": text, "save": "1"})
    assert answer.status_code == 422
    assert said in answer.content.decode().replace("&#x27;", "'")
