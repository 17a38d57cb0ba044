"""The complaint form in short steps: one subject per page, progress shown, each page
checked on its own, every answer shown before sending, nothing typed lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from klachtpad.complaints.models import Complaint, Forwarded
from tests.public.test_complaint_form import FORM, PDF, fresh_key

PROVIDERS = Path(__file__).resolve().parents[1] / "schemes" / "providers"

pytestmark = pytest.mark.django_db


def summary(html: str) -> list[str]:
    found = re.search(r'<div class="errors"[^>]*>.*?</div>', html, flags=re.S)
    assert found is not None, html
    return re.findall(r"<li>(.*?)</li>", found.group(0), flags=re.S)


def test_each_page_asks_one_part_and_says_where_you_are(client, seeded):
    first = client.get(FORM).content.decode()
    assert "Stap 1 van 4" in first
    assert '<li aria-current="step">Wie je bent</li>' in first
    assert 'name="relation"' in first and 'name="description"' not in first
    assert 'name="attachments"' not in first

    second = client.get(f"{FORM}?stap=2").content.decode()
    assert "Stap 2 van 4" in second
    assert 'name="description"' in second and 'name="relation"' not in second
    assert f'<a href="{FORM}?stap=1">Wie je bent</a>' in second  # the way back to page 1


def test_a_page_with_a_missing_answer_names_only_its_own_problems(client, seeded):
    key = fresh_key(client)

    answer = client.post(FORM, {"step": "1", "key": key, "handling": "formal"})

    assert answer.status_code == 422
    assert summary(answer.content.decode()) == [
        '<a href="#question-relation">Kies wie je bent.</a>',
        '<a href="#question-name">Vul je naam in.</a>',
    ]  # not yet "tell what happened": that is asked on the next page


def test_a_person_walks_the_pages_goes_back_checks_the_answers_and_sends(client, seeded):
    key = fresh_key(client)
    page_one = {"step": "1", "key": key, "handling": "formal", "relation": "client"}

    on = client.post(FORM, {**page_one, "name": "Anouk Bakker"})
    assert on.status_code == 302 and on["Location"] == f"{FORM}?stap=2"
    story = "Mijn begeleider kwam drie keer niet."
    tried = client.post(
        FORM, {"step": "2", "key": key, "description": story, "tried": "key_worker"}
    )
    assert tried["Location"] == f"{FORM}?stap=3"
    # Back from page 3 keeps what was typed there, unchecked.
    back = client.post(FORM, {"step": "3", "key": key, "email": "anouk@", "go": "back"})
    assert back["Location"] == f"{FORM}?stap=2"
    assert 'value="anouk@"' in client.get(f"{FORM}?stap=3").content.decode()
    wrong = client.post(FORM, {"step": "3", "key": key, "email": "anouk@"})
    assert wrong.status_code == 422
    assert (
        client.post(FORM, {"step": "3", "key": key, "email": "anouk@example.org"})["Location"]
        == f"{FORM}?stap=4"
    )

    check = client.get(f"{FORM}?stap=4").content.decode()
    assert "Je antwoorden" in check
    for shown in ("Anouk Bakker", story, "anouk@example.org", "Ik ben zelf de cliënt"):
        assert shown in check
    assert "Praat met je begeleider(s)" in check  # the step already tried, by its name
    assert f'href="{FORM}?stap=2"' in check  # each part can be changed
    assert not Complaint.objects.exists()

    upload = SimpleUploadedFile("brief.pdf", PDF)
    sent = client.post(FORM, {"step": "4", "key": key, "go": "send", "attachments": [upload]})

    assert sent.status_code == 302 and "/ontvangen/" in sent["Location"]
    complaint = Complaint.objects.get()
    assert complaint.complainant_name == "Anouk Bakker"
    assert complaint.description == story
    assert complaint.attachments.count() == 1
    # The answers are gone from the session: a new complaint starts empty.
    assert "Anouk Bakker" not in client.get(FORM).content.decode()


def test_sending_with_an_earlier_page_incomplete_opens_that_page(client, seeded):
    key = fresh_key(client)
    page_one = {"handling": "formal", "relation": "client", "name": "Anouk"}
    client.post(FORM, {"step": "1", "key": key, **page_one})

    sent = client.post(FORM, {"step": "4", "key": key, "go": "send"})

    assert sent.status_code == 422
    html = sent.content.decode()
    assert "Stap 2 van 4" in html
    assert "Vertel wat er is gebeurd." in html
    assert not Complaint.objects.exists()


def test_a_family_member_hears_the_refusal_on_the_first_page(client, seeded):
    key = fresh_key(client)
    answer = client.post(
        FORM,
        {
            "step": "1",
            "key": key,
            "relation": "family_member",
            "client_name": "Wim Bakker",
            "name": "Ilse",
        },
    )
    assert answer.status_code == 422
    assert "De cliënt kan de klacht indienen" in answer.content.decode()


def test_a_message_sent_elsewhere_asks_only_what_it_needs(client, seeded):
    """The Mauritskliniek sends questions about a bill to its financial administration;
    whoever chooses that is not asked about the people involved or for files."""
    form = "/mauritskliniek/klacht/patients/"
    call_command("scheme_load", str(PROVIDERS / "mauritskliniek.yaml"), verbosity=0)
    key = fresh_key(client, form)
    client.post(form, {"step": "1", "key": key, "about": "bill", "name": "Pieter Jansen"})
    second = client.get(f"{form}?stap=2").content.decode()
    assert 'name="description"' in second and 'name="people"' not in second
    client.post(form, {"step": "2", "key": key, "description": "Een rekening te veel."})
    client.post(form, {"step": "3", "key": key, "email": "pieter@example.org"})
    last = client.get(f"{form}?stap=4").content.decode()
    assert 'name="attachments"' not in last

    sent = client.post(form, {"step": "4", "key": key, "go": "send"})

    assert sent.status_code == 200
    assert Forwarded.objects.get().name == "Pieter Jansen"
