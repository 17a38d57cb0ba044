"""Zorgkracht 12: "Iedereen die met een zorgaanbieder van Zorgkracht 12 te maken heeft":
one scheme for the providers of a cooperation, each with its own confidant and its own
figures. The complainant and the staff say which provider the complaint is about."""

from __future__ import annotations

import re
from datetime import date

import pytest

from klachtpad.complaints.models import Complaint
from klachtpad.domain.reporting import Period
from klachtpad.organisations.models import Organisation
from klachtpad.reports.report import report_build
from tests.complaints.factories import ComplaintFactory
from tests.staff.conftest import member

pytestmark = pytest.mark.django_db
FORM = "/zorgkracht12/klacht/adult/"


def test_the_procedure_page_names_each_provider_with_its_confidant(client, seeded):
    html = client.get("/zorgkracht12/").content.decode()
    assert "Jeugdhulp Noorderlicht" in html and "Sander Wolters" in html
    assert "vertrouwenspersoon@delinde.example.org" in html


def test_the_public_form_asks_which_provider(client, seeded):
    html = client.get(FORM).content.decode()
    assert "Over welke zorgaanbieder gaat het?" in client.get(f"{FORM}?stap=2").content.decode()
    found = re.search(r'name="key" value="([^"]+)"', html)
    assert found is not None
    key = found.group(1)
    answers = {
        "key": key,
        "handling": "informal",
        "relation": "client",
        "name": "Henk Dijkstra",
        "email": "henk@example.org",
        "description": "Mijn dagbesteding is zonder overleg gestopt.",
    }
    refused = client.post(FORM, answers)
    assert refused.status_code == 422
    client.post(FORM, {**answers, "member": "hunze"})
    assert Complaint.objects.get().member == "hunze"


def test_staff_intake_asks_which_provider(client, sign_in, seeded):
    zk = Organisation.objects.get(slug="zorgkracht12")
    sign_in(member(zk, "complaints_officer", "zk-klachten"))
    data = {
        "procedure": str(zk.procedures.get(key="adult").pk),
        "handling": "informal",
        "channel": "phone",
        "complainant_name": "Henk Dijkstra",
        "complainant_relation": "client",
        "summary": "Dagbesteding",
        "description": "Gestopt zonder overleg.",
    }
    page = client.get("/staff/zorgkracht12/complaints/new/").content.decode()
    assert "Thuisbegeleiding Hunze" in page
    assert client.post("/staff/zorgkracht12/complaints/new/", data).status_code == 200
    assert (
        client.post(
            "/staff/zorgkracht12/complaints/new/", {**data, "member": "de-linde"}
        ).status_code
        == 302
    )
    assert Complaint.objects.get().member == "de-linde"


def test_each_provider_has_its_own_figures(client, sign_in, seeded):
    zk = Organisation.objects.get(slug="zorgkracht12")
    adults = zk.procedures.get(key="adult")
    for provider in ("de-linde", "de-linde", "hunze"):
        complaint = ComplaintFactory.create(procedure=adults)
        Complaint.objects.filter(pk=complaint.pk).update(member=provider)
    year = Period.year(date.today().year)  # noqa: DTZ011
    everyone = report_build([zk], year, as_of=year.end)
    assert everyone.current.members == {"de-linde": 2, "hunze": 1}
    linde = report_build([zk], year, member="de-linde", as_of=year.end)
    assert linde.current.received == 2
    sign_in(member(zk, "complaints_officer", "zk-klachten"))
    page = client.get(
        f"/staff/zorgkracht12/reports/?start={year.start}&end={year.end}&member=hunze"
    ).content.decode()
    assert "Thuisbegeleiding Hunze" in page
