"""Holds keep a file past its term; a person's request finds, exports, corrects and
erases what is kept about them, within its own term; the terms and the record of
processing come from the organisation's screens."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from klachtpad.audit.models import AccessLogEntry
from klachtpad.complaints.models import Complaint, EmployeeConcerned, HistoryEntry, Referral
from klachtpad.complaints.services import Actor
from klachtpad.domain.retention import request_due_on
from klachtpad.domain.schemes.vocabulary import Channel
from klachtpad.letters.models import Letter
from klachtpad.notifications.forwarding import message_forward
from klachtpad.notifications.models import MailDelivery
from klachtpad.organisations.models import Membership, Organisation, PurgePermit
from klachtpad.retention.models import RetentionRule, SubjectRequest
from klachtpad.retention.services import purge_run, retention_rule_set
from tests.complaints.factories import ComplaintFactory, UserFactory
from tests.schemes.test_providers import figures_2026, load


def _closed_in(travel: Any, organisation: Organisation, day: str) -> Complaint:
    travel(day)
    return ComplaintFactory.create(procedure=organisation.procedures.first(), closed=True)


def _two_years(organisation: Organisation) -> None:
    retention_rule_set(
        organisation=organisation, procedure="", handling="", years=2, reason="Praktijk", by="x"
    )


def test_a_held_file_survives_the_purge_and_goes_at_the_next_run_after_release(
    next_org, officer, sign_in, travel
):
    complaint = _closed_in(travel, next_org, "2023-03-01")
    _two_years(next_org)
    travel("2025-06-02")
    browser = sign_in(officer)
    page = reverse("staff:privacy", args=[next_org.slug])
    listed = browser.get(page).content.decode()
    assert complaint.reference in listed and "bij de volgende opschoning" in listed

    held = browser.post(page, {"reference": complaint.reference, "reason": "", "hold": "1"})
    assert held.status_code == 302
    assert "Geef de reden" in browser.get(page).content.decode()
    browser.post(
        page, {"reference": complaint.reference, "reason": "Verzoek advocaat", "hold": "1"}
    )
    assert "Verzoek advocaat" in browser.get(page).content.decode()
    assert purge_run(date(2025, 6, 2)) == 0
    assert Complaint.objects.get(pk=complaint.pk).purged_on is None

    browser.post(
        page, {"reference": complaint.reference, "reason": "Zaak geschikt", "release": "1"}
    )
    travel("2025-06-03")
    assert purge_run(date(2025, 6, 3)) == 1
    assert Complaint.objects.get(pk=complaint.pk).purged_on == date(2025, 6, 3)
    browser = sign_in(officer)
    assert complaint.reference not in browser.get(page).content.decode()
    tombstone = browser.get(reverse("staff:complaint", args=[next_org.slug, complaint.reference]))
    assert tombstone.status_code == 200
    assert "zijn op 3 juni 2025 verwijderd" in tombstone.content.decode()


def test_a_dispute_without_a_ruling_keeps_the_file(next_org, travel):
    complaint = _closed_in(travel, next_org, "2023-03-01")
    Referral.objects.create(
        complaint=complaint,
        body="geschillencommissie",
        body_name="De Geschillencommissie",
        referred_on=date(2023, 4, 1),
    )
    _two_years(next_org)
    travel("2026-01-05")
    assert purge_run(date(2026, 1, 5)) == 0
    Referral.objects.filter(complaint=complaint).update(
        outcome="upheld", returned_on=date(2026, 1, 5)
    )
    assert purge_run(date(2026, 1, 5)) == 1


def test_the_admin_sets_terms_with_a_reason_and_gets_a_clear_message_for_a_bad_one(
    next_org, sign_in
):
    admin = UserFactory.create(username="beheer")
    Membership.objects.create(user=admin, organisation=next_org, role="organisation_admin")
    browser = sign_in(admin)
    page = reverse("staff:privacy_rules", args=[next_org.slug])
    bad = browser.post(page, {"procedure": "", "handling": "formal", "years": "99", "reason": "x"})
    assert bad.status_code == 200
    assert "hoogstens 30" in bad.content.decode()
    good = browser.post(
        page, {"procedure": "", "handling": "informal", "years": "2", "reason": "Signalen kort"}
    )
    assert good.status_code == 302
    rule = RetentionRule.objects.get(organisation=next_org)
    assert (rule.handling, rule.years, rule.reason) == ("informal", 2, "Signalen kort")
    assert browser.post(page, {"remove": "abc"}).status_code == 404
    record = browser.get(reverse("staff:privacy_record", args=[next_org.slug])).content.decode()
    assert "Register van verwerkingsactiviteiten" in record and "Signalen kort" in record
    assert "ten minste 5 jaar" in record
    assert "geen dossier nodig had: 90 dagen" in record  # mail that came in (inbox)


def test_the_export_names_every_place_the_person_appears(next_org, officer, sign_in, travel):
    travel("2026-03-02")
    first = ComplaintFactory.create(procedure=next_org.procedures.first(), acknowledged=True)
    name = first.complainant_name
    second = ComplaintFactory.create(procedure=next_org.procedures.first())
    Complaint.objects.filter(pk=second.pk).update(complainant_name=name)
    third = ComplaintFactory.create(procedure=next_org.procedures.first())
    EmployeeConcerned.objects.create(complaint=third, name=name)
    elsewhere = ComplaintFactory.create(procedure=next_org.procedures.first())
    browser = sign_in(officer)
    browser.get(reverse("staff:complaint", args=[next_org.slug, first.reference]))

    made = browser.post(
        reverse("staff:privacy_requests", args=[next_org.slug]),
        {"kind": "access", "name": f"  {name} ", "received_on": "2026-03-02"},
    )
    subject = SubjectRequest.objects.get()
    assert made.status_code == 302 and subject.due_on == date(2026, 4, 2)
    exported = browser.get(
        reverse("staff:privacy_request_export", args=[next_org.slug, subject.pk, "json"])
    )
    data = json.loads(exported.content)
    files = {part["reference"]: part for part in data["files"]}
    assert set(files) == {first.reference, second.reference, third.reference}
    assert elsewhere.reference not in files
    assert files[first.reference]["complaint"]["description"] == first.description
    assert files[third.reference]["as"] == ["employee concerned"]
    assert "complaint" not in files[third.reference]
    looked = AccessLogEntry.objects.filter(complaint_id=first.pk, action="view").count()
    assert len([e for e in files[first.reference]["looked_at"] if e["did"] == "bekeken"]) == looked
    assert first.client is not None
    assert [client["client_number"] for client in data["clients"]] == [first.client.client_number]
    pdf = browser.get(
        reverse("staff:privacy_request_export", args=[next_org.slug, subject.pk, "pdf"])
    )
    assert pdf.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(complaint_id=second.pk, action="export").exists()


def test_a_request_has_one_month_extendable_once_within_it(next_org, officer, sign_in, travel):
    travel("2026-02-20")
    browser = sign_in(officer)
    for received in ("2026-01-31", "2026-01-10"):
        browser.post(
            reverse("staff:privacy_requests", args=[next_org.slug]),
            {"kind": "erase", "name": "Piet Pietersen", "received_on": received},
        )
    subject, older = SubjectRequest.objects.order_by("-received_on")
    assert subject.due_on == date(2026, 2, 28) == request_due_on(date(2026, 1, 31), False)
    late = browser.post(
        reverse("staff:privacy_request", args=[next_org.slug, older.pk]),
        {"act": "extend", "reason": "Veel dossiers"},
        follow=True,
    )
    assert "alleen binnen de eerste maand" in late.content.decode()
    page = reverse("staff:privacy_request", args=[next_org.slug, subject.pk])
    browser.post(page, {"act": "extend", "reason": "Veel dossiers"})
    subject.refresh_from_db()
    assert subject.extended and subject.due_on == date(2026, 4, 28)
    worklist = browser.get(reverse("staff:privacy_requests", args=[next_org.slug]))
    assert "28 april 2026" in worklist.content.decode()


def test_erasure_removes_closed_files_and_keeps_an_open_one_with_the_reason(
    next_org, officer, sign_in, travel
):
    closed = _closed_in(travel, next_org, "2026-01-05")
    name = closed.complainant_name
    travel("2026-03-02")
    still_open = ComplaintFactory.create(procedure=next_org.procedures.first())
    Complaint.objects.filter(pk=still_open.pk).update(complainant_name=name)
    browser = sign_in(officer)
    browser.post(
        reverse("staff:privacy_requests", args=[next_org.slug]),
        {"kind": "erase", "name": name, "received_on": "2026-03-02"},
    )
    subject = SubjectRequest.objects.get()
    page = reverse("staff:privacy_request", args=[next_org.slug, subject.pk])
    answer = browser.post(page, {"act": "erase"}, follow=True).content.decode()
    assert "De klacht wordt nog behandeld" in answer
    assert Complaint.objects.get(pk=closed.pk).purged_on == date(2026, 3, 2)
    assert Complaint.objects.get(pk=still_open.pk).complainant_name == name
    browser.post(page, {"act": "close", "outcome": "Verwijderd", "refusal_reason": "Lopend"})
    subject.refresh_from_db()
    assert subject.status == "refused" and subject.refusal_reason == "Lopend"


def test_rectification_corrects_every_file_and_records_it(next_org, officer, sign_in, travel):
    travel("2026-03-02")
    complaint = ComplaintFactory.create(procedure=next_org.procedures.first())
    Complaint.objects.filter(pk=complaint.pk).update(complainant_email="oud@example.org")
    browser = sign_in(officer)
    browser.post(
        reverse("staff:privacy_requests", args=[next_org.slug]),
        {"kind": "rectify", "name": complaint.complainant_name, "received_on": "2026-03-02"},
    )
    subject = SubjectRequest.objects.get()
    page = reverse("staff:privacy_request", args=[next_org.slug, subject.pk])
    browser.post(page, {"act": "rectify", "name": "Jan de Vries", "email": "nieuw@example.org"})
    complaint.refresh_from_db()
    assert (complaint.complainant_name, complaint.complainant_email) == (
        "Jan de Vries",
        "nieuw@example.org",
    )
    entry = complaint.history.order_by("-sequence").first()
    assert entry is not None and "AVG art. 16" in entry.reason
    assert entry.details["changed"] == ["complainant_email", "complainant_name"]


def test_a_message_sent_on_loses_the_senders_data_after_the_concern_term(db, travel):
    travel("2026-04-20")
    procedure = load("mauritskliniek", "patients")
    actor = Actor.staff(UserFactory.create(username="balie"))
    forwarded = message_forward(
        procedure,
        actor=actor,
        subject="bill",
        name="P. Jansen",
        email="p.jansen@example.org",
        message="Ik kreeg een rekening voor een controle die niet doorging.",
        channel=Channel.EMAIL,
    )
    assert MailDelivery.objects.filter(to="p.jansen@example.org").exists()
    before = figures_2026(procedure).forwarded
    for handling, years in (("informal", 1), ("formal", 5)):
        retention_rule_set(
            organisation=procedure.organisation,
            procedure="",
            handling=handling,
            years=years,
            reason="Kort voor berichten",
            by="x",
        )
    travel("2027-04-19")
    purge_run(date(2027, 4, 19))
    forwarded.refresh_from_db()
    assert forwarded.name == "P. Jansen"
    travel("2027-04-20")
    purge_run(date(2027, 4, 20))
    forwarded.refresh_from_db()
    assert (forwarded.name, forwarded.email, forwarded.message) == ("", "", "")
    assert not MailDelivery.objects.filter(facts__forwarded=forwarded.pk).exists()
    assert figures_2026(procedure).forwarded == before


def test_after_a_purge_the_history_of_live_files_is_append_only_again(next_org, travel):
    old = _closed_in(travel, next_org, "2023-03-01")
    live = ComplaintFactory.create(procedure=next_org.procedures.first(), acknowledged=True)
    _two_years(next_org)
    travel("2026-01-05")
    assert purge_run(date(2026, 1, 5)) == 1
    assert not HistoryEntry.objects.filter(complaint=old).exists()
    assert not PurgePermit.objects.exists()
    with pytest.raises(DatabaseError), transaction.atomic():
        HistoryEntry.objects.filter(complaint=live).update(reason="changed afterwards")
    with pytest.raises(DatabaseError), transaction.atomic():
        Letter.objects.filter(complaint=live).update(text="changed afterwards")
