"""Procedures Klachtpad was not written for, walked from the screens: the complaints
officer of Jeugdbescherming Rotterdam Rijnmond records the committee's hearing and
ruling; the file, the letter and the report keep it as the committee's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from klachtpad.complaints.models import Complaint, Forwarded
from klachtpad.letters.models import Letter
from klachtpad.organisations.models import Procedure
from tests.browser.conftest import act, axe_clean, form_walk, open_action, sign_in_as, staff_member
from tests.complaints.factories import ComplaintFactory
from tests.schemes.test_providers import PROVIDERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_jbrr_the_officer_records_the_committees_hearing_and_ruling(browser_page, live_server):
    call_command("scheme_load", str(PROVIDERS / "jbrr.yaml"), verbosity=0)
    procedure = Procedure.objects.get(organisation__slug="jbrr")
    officer = staff_member(procedure.organisation, "secretaris", "complaints_officer")
    complaint: Complaint = ComplaintFactory.create(procedure=procedure, step="committee")
    page = browser_page
    sign_in_as(page, live_server, officer)
    page.goto(f"{live_server.url}/staff/jbrr/complaints/{complaint.reference}/")
    assert "Klachtencommissie JBRR" in page.content()

    when = (timezone.localtime() + timedelta(days=2)).replace(hour=10, minute=0)
    act(
        page,
        "meetingplan",
        {"Datum en tijd": when.strftime("%Y-%m-%dT%H:%M"), "Plaats": "Kantoor JBRR"},
    )
    open_action(page, "judgement")
    form = page.locator("#action-judgement")
    form.locator("select[name=judgement-verdict]").select_option("upheld")
    form.get_by_label("Onderbouwing").fill("De ouders zijn niet gehoord voor het besluit.")
    form.get_by_role("button", name="Opslaan").click()
    text = page.content()
    assert "Uitspraak van Klachtencommissie JBRR: gegrond" in text
    assert "advies: de organisatie reageert erop" in text
    axe_clean(page, "complaint with the committee's ruling")
    complaint.refresh_from_db()
    assert complaint.verdict == ""
    letter = Letter.objects.get(complaint=complaint, kind="judgement")
    assert "Het oordeel van Klachtencommissie JBRR" in letter.html

    # JBRR's own answer to the ruling, with the recommendation taken up as a measure.
    open_action(page, "answer")
    answer = page.locator("#action-answer")
    answer.locator("select[name=answer-verdict]").select_option("upheld")
    answer.get_by_label("Onderbouwing").fill("Wij nemen het oordeel van de commissie over.")
    due = (timezone.localdate() + timedelta(weeks=6)).isoformat()
    answer.get_by_label("Maatregel 1:", exact=True).fill("Ouders horen voor elk besluit")
    answer.get_by_label("Wie voert maatregel 1 uit").fill("Teamleider")
    answer.get_by_label("Maatregel 1 gerealiseerd uiterlijk").fill(due)
    answer.get_by_role("button", name="Opslaan").click()
    text = page.content()
    assert "Oordeel: gegrond" in text and "Ouders horen voor elk besluit" in text
    assert "#action-answer" not in text and page.locator("#action-answer").count() == 0
    complaint.refresh_from_db()
    assert complaint.verdict == "upheld"
    assert Letter.objects.filter(complaint=complaint, kind="answer").exists()


def test_keurmerk_the_practice_decides_then_records_the_binding_disputes_ruling(
    browser_page, live_server
):
    call_command("scheme_load", str(PROVIDERS / "keurmerk-fysio.yaml"), verbosity=0)
    procedure = Procedure.objects.get(organisation__slug="fysio-de-brug")
    officer = staff_member(procedure.organisation, "praktijkhouder", "complaints_officer")
    complaint: Complaint = ComplaintFactory.create(procedure=procedure, acknowledged=True)
    page = browser_page
    sign_in_as(page, live_server, officer)
    page.goto(f"{live_server.url}/staff/fysio-de-brug/complaints/{complaint.reference}/")

    def judge(verdict: str, fields: dict[str, str]) -> None:
        open_action(page, "judgement")
        form = page.locator("#action-judgement")
        form.locator("select[name=judgement-verdict]").select_option(verdict)
        for label, value in fields.items():
            form.get_by_label(label).fill(value)
        form.get_by_role("button", name="Opslaan").click()

    judge(
        "not_upheld",
        {
            "Onderbouwing": "De behandeling paste bij de klachten.",
            "Genomen beslissingen": "Wij blijven bij het behandelplan.",
            "Er komen geen maatregelen, omdat": "De klacht is ongegrond.",
        },
    )
    assert "Oordeel: ongegrond" in page.content()
    act(
        page,
        "refer",
        {"Instantie": "disputes", "Wat is overgedragen": "Het dossier en de beslissing."},
    )
    page.goto(f"{live_server.url}/staff/fysio-de-brug/complaints/{complaint.reference}/")
    judge("partly_upheld", {"Onderbouwing": "Eerder doorverwijzen was nodig geweest."})
    text = page.content()
    assert "Uitspraak van Geschillencommissie Keurmerk Fysiotherapie: deels gegrond" in text
    assert "bindend" in text and "Oordeel: ongegrond" in text
    axe_clean(page, "complaint with the practice's decision and the binding ruling")
    complaint.refresh_from_db()
    assert complaint.verdict == "not_upheld"


def test_mauritskliniek_the_bill_is_sent_on_and_the_management_judges_in_its_own_name(
    browser_page, live_server
):
    """A patient writes about the bill: the form sends it on to the financial
    administration and opens no complaint. The complaints officer records the
    management's judgement; the file and the letter name the management as the decider."""
    call_command("scheme_load", str(PROVIDERS / "mauritskliniek.yaml"), verbosity=0)
    procedure = Procedure.objects.get(organisation__slug="mauritskliniek")
    page = browser_page
    page.goto(f"{live_server.url}/mauritskliniek/")
    assert "Geen klacht over onze zorg" in page.content()
    page.goto(f"{live_server.url}/mauritskliniek/klacht/patients/")
    page.locator("input[name=about][value=bill]").check()
    form_walk(
        page,
        {
            "Uw naam": "Pieter Jansen",
            "Uw e-mailadres": "pieter@example.org",
            "Wat is er gebeurd?": "Ik kreeg een rekening voor een controle die niet doorging.",
        },
        send="Verstuur mijn klacht",
    )
    text = page.content()
    assert "Uw bericht is doorgestuurd" in text
    assert "Wij hebben uw bericht doorgestuurd naar onze financiële administratie." in text
    axe_clean(page, "message sent on")
    assert Forwarded.objects.get().name == "Pieter Jansen"
    assert not Complaint.objects.exists()

    officer = staff_member(procedure.organisation, "klachtenfunctionaris", "complaints_officer")
    complaint: Complaint = ComplaintFactory.create(
        procedure=procedure, step="judgement", acknowledged=True
    )
    sign_in_as(page, live_server, officer)
    page.goto(f"{live_server.url}/staff/mauritskliniek/complaints/{complaint.reference}/")
    open_action(page, "judgement")
    form = page.locator("#action-judgement")
    decider = form.get_by_label("Besloten door (naam en functie, zoals de brief hen noemt)")
    assert decider.input_value() == "de directie van de Mauritskliniek"
    form.locator("select[name=judgement-verdict]").select_option("not_upheld")
    form.get_by_label("Onderbouwing").fill("De operatie is verschoven om medische redenen.")
    form.get_by_label("Genomen beslissingen").fill("Wij leggen een verschuiving voortaan uit.")
    form.get_by_label("Er komen geen maatregelen, omdat").fill("De zorg was juist.")
    form.get_by_role("button", name="Opslaan").click()
    assert "de directie van de Mauritskliniek, " in page.content()
    axe_clean(page, "complaint judged by the management")
    letter = Letter.objects.get(complaint=complaint, kind="decision")
    assert "(de directie van de Mauritskliniek," in letter.text
