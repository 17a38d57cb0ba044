"""A way back for everyone who lost the private link: from the procedure page, the
confirmation, the mail and every dead link; by phone for someone without e-mail."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.public.test_complaint_form import FORM, answers, fresh_key, status_link
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db

NEW_LINK = "/next/klacht/nieuwe-link/"


def test_the_procedure_page_leads_to_a_new_link(client, seeded):
    html = client.get("/next/").content.decode()
    assert f'href="{NEW_LINK}"' in html and "Link naar je klacht kwijt?" in html


def test_the_mail_and_the_confirmation_say_where_to_ask_again(client, seeded):
    received = client.post(FORM, answers(fresh_key(client)))
    page = client.get(received["Location"]).content.decode()
    assert f'href="{NEW_LINK}"' in page
    run_tasks()
    assert f"{NEW_LINK}\n" in mail.outbox[0].body


def test_without_e_mail_the_confirmation_says_how_to_reach_the_organisation(client, seeded):
    received = client.post(FORM, answers(fresh_key(client), email="", phone="06 12345678"))
    page = client.get(received["Location"]).content.decode()
    assert "Kwijt? Neem contact met ons op met je klachtnummer" in page
    # The organisation's own contact points, from its scheme (Next: an e-mail address).
    assert 'href="mailto:verbeterpunten@nextarnhem.nl"' in page


def test_the_new_link_page_offers_the_phone_to_those_without_e_mail(client, seeded):
    page = client.get(NEW_LINK).content.decode()
    assert "Geen e-mailadres, of geen klachtnummer?" in page
    assert 'href="mailto:verbeterpunten@nextarnhem.nl"' in page


def test_a_dead_link_leads_to_the_organisations_and_a_new_link(client, seeded):
    received = client.post(FORM, answers(fresh_key(client)))
    link = status_link(client, received["Location"])
    client.cookies.clear()
    page = client.get("/volgen/").content.decode()
    assert "Deze link werkt niet (meer)" in page
    assert 'href="/"' in page and "vraag een nieuwe link aan" in page
    assert link  # the link existed; the page tells nothing of it
