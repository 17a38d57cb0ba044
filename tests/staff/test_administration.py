"""The organisation admin's pages, and what a colleague sees of a shared summary."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from klachtpad.audit.models import AccessLogEntry
from klachtpad.complaints import services
from klachtpad.complaints.models import ShareScopeChoices
from klachtpad.organisations.models import Location, Membership, RoleChange
from tests.staff.conftest import member

pytestmark = pytest.mark.django_db

SCHEMES = Path(__file__).resolve().parents[2] / "schemes"
BASE = "/staff/next/admin"


@pytest.fixture
def admin(sign_in, next_org):
    return sign_in(member(next_org, "organisation_admin", "beheerder"))


def test_a_colleague_gets_another_role_once_a_second_admin_approves(
    admin, client, sign_in, next_org
):
    user = member(next_org, "key_worker", "noor")
    response = admin.post(f"{BASE}/staff/", {"person": user.pk, "role": "line_manager"})
    assert response.status_code == 302
    page = admin.get(response["Location"]).content.decode()
    assert "zodra een andere beheerder" in page
    # Asked, not yet given: the one who asked cannot approve it.
    assert not Membership.objects.filter(user=user, role="line_manager").exists()
    assert "iemand anders beslist" in page
    request = RoleChange.objects.get(user=user, change="requested")
    admin.post(f"{BASE}/staff/requests/{request.pk}/", {"decision": "approve"})
    assert not Membership.objects.filter(user=user, role="line_manager").exists()
    second = member(next_org, "organisation_admin", "tweede-beheerder")
    sign_in(second)
    client.post(f"{BASE}/staff/requests/{request.pk}/", {"decision": "approve"})
    assert Membership.objects.filter(user=user, organisation=next_org, role="line_manager").exists()
    changes = list(RoleChange.objects.filter(user=user).values_list("change", flat=True))
    assert sorted(changes) == ["approved", "requested"]
    logged = AccessLogEntry.objects.filter(action="grant", organisation=next_org)
    assert logged.count() >= 2


def test_an_admin_cannot_give_themselves_file_or_log_access(admin, next_org):
    own = User.objects.get(username="beheerder")
    for role in ("complaints_officer", "log_administrator"):
        answer = admin.post(f"{BASE}/staff/", {"person": own.pk, "role": role})
        assert "Niemand geeft zichzelf een rol" in answer.content.decode()
    assert set(
        Membership.objects.filter(user__username="beheerder").values_list("role", flat=True)
    ) == {"organisation_admin"}


def test_someone_who_works_elsewhere_cannot_be_picked_for_a_role(admin, seeded):
    from klachtpad.organisations.models import Organisation

    elsewhere = member(Organisation.objects.get(slug="permens"), "key_worker", "elders")
    answer = admin.post(f"{BASE}/staff/", {"person": elsewhere.pk, "role": "key_worker"})
    assert answer.status_code == 422
    assert "elders" not in admin.get(f"{BASE}/staff/").content.decode()
    assert not RoleChange.objects.filter(user=elsewhere).exists()


def test_taking_a_role_away_needs_a_reason_and_is_kept(admin, next_org):
    worker = member(next_org, "key_worker", "oud")
    held = Membership.objects.get(user=worker)
    assert admin.post(f"{BASE}/staff/{held.pk}/revoke/", {"reason": ""}).status_code == 302
    assert Membership.objects.filter(pk=held.pk).exists()
    admin.post(f"{BASE}/staff/{held.pk}/revoke/", {"reason": "Uit dienst per 1 december."})
    assert not Membership.objects.filter(pk=held.pk).exists()
    kept = RoleChange.objects.get(user=worker, change="revoked")
    assert (kept.role, kept.reason) == ("key_worker", "Uit dienst per 1 december.")
    assert "Uit dienst per 1 december." in admin.get(f"{BASE}/staff/").content.decode()


def test_an_admin_cannot_take_away_their_own_admin_role(admin, next_org):
    own = Membership.objects.get(user__username="beheerder", organisation=next_org)

    response = admin.post(f"{BASE}/staff/{own.pk}/revoke/", {"reason": "Weg"}, follow=True)

    assert Membership.objects.filter(pk=own.pk).exists()
    assert "Je kunt je eigen beheerrol niet afnemen." in response.content.decode()


def test_a_role_in_another_organisation_cannot_be_taken_away_from_here(admin, seeded):
    from klachtpad.organisations.models import Organisation

    elsewhere = member(Organisation.objects.get(slug="permens"), "key_worker", "elders")
    other = Membership.objects.get(user=elsewhere)

    assert admin.post(f"{BASE}/staff/{other.pk}/revoke/").status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_locations_are_added_and_categories_belong_to_the_scheme(admin, next_org):
    assert admin.get(f"{BASE}/categories/")["Location"] == f"{BASE}/scheme/change/categories/"
    admin.post(f"{BASE}/locations/", {"name": "De Linde"})
    assert Location.objects.filter(organisation=next_org, name="De Linde", active=True).exists()


def test_the_calendar_refuses_a_date_it_cannot_read_and_keeps_what_was_typed(admin, next_org):
    response = admin.post(
        f"{BASE}/calendar/",
        {
            "working_weekdays": ["mon", "tue", "wed", "thu", "fri"],
            "closed_days": "2026-12-24\n24 december",
        },
    )

    html = response.content.decode()
    assert "24 december is geen datum" in html
    assert "2026-12-24" in html
    next_org.refresh_from_db()
    assert next_org.closed_days == []


def test_the_calendar_refuses_an_unknown_holiday_region(admin, next_org):
    response = admin.post(
        f"{BASE}/calendar/",
        {"working_weekdays": ["mon", "tue", "wed", "thu", "fri"], "calendar_subdivision": "XX"},
    )

    assert response.status_code == 200
    assert "Selecteer een geldige keuze. XX is geen beschikbare keuze." in response.content.decode()
    next_org.refresh_from_db()
    assert next_org.calendar_subdivision == ""


def test_a_closing_day_moves_the_terms_that_start_after_it(admin, next_org):
    response = admin.post(
        f"{BASE}/calendar/",
        {"working_weekdays": ["mon", "tue", "wed", "thu", "fri"], "closed_days": "2026-12-24"},
        follow=True,
    )

    next_org.refresh_from_db()
    assert next_org.closed_days == ["2026-12-24"]
    assert "Kalender opgeslagen." in response.content.decode()
    assert not next_org.working_calendar().is_working_day(date(2026, 12, 24))
    assert "vrijdag 25 december 2026: Eerste kerstdag" in response.content.decode()


def upload(client: Client, name: str, text: str, prefix: str = "") -> Any:
    return client.post(
        f"{prefix}{BASE}/scheme/",
        {"scheme": SimpleUploadedFile(name, text.encode("utf-8"), "application/x-yaml")},
    )


def test_a_new_scheme_version_is_taken_into_use(admin, next_org):
    text = (SCHEMES / "next.yaml").read_text(encoding="utf-8")
    changed = text.replace("name: Next\n", "name: Next Arnhem\n", 1)

    response = upload(admin, "next.yaml", changed)

    assert response.status_code == 302
    next_org.refresh_from_db()
    assert next_org.name == "Next Arnhem"
    assert next_org.scheme_versions.count() == 2


def test_a_scheme_with_mistakes_lists_every_problem(admin, next_org):
    text = (SCHEMES / "next.yaml").read_text(encoding="utf-8")
    broken = text.replace("country: NL", "country: NL\n    weekdayz: [mon]", 1).replace(
        "code: care", "cod: care", 1
    )

    html = upload(admin, "next.yaml", broken).content.decode()

    # In the admin's language, with the place in the file and the fix.
    assert "organisation.calendar: onbekend veld &quot;weekdayz&quot;" in html
    assert "organisation.categories[0]: onbekend veld &quot;cod&quot;; bedoel je" in html
    assert "unknown field" not in html
    assert next_org.scheme_versions.count() == 1


def test_a_scheme_beyond_the_law_is_refused_in_dutch_and_in_english(admin, next_org):
    text = (SCHEMES / "next.yaml").read_text(encoding="utf-8")
    too_long = text.replace("within: 6w", "within: 8w", 1)
    assert too_long != text

    dutch = upload(admin, "next.yaml", too_long).content.decode()
    english = upload(admin, "next.yaml", too_long, prefix="/en").content.decode()

    assert "8w is langer dan de 6 weken van Wkkgz art. 17 lid 1" in dutch
    assert "8w is longer than the 6 weeks of Wkkgz art. 17(1)" in english
    assert next_org.scheme_versions.count() == 1


def test_a_scheme_of_another_organisation_is_refused(admin, next_org):
    text = (SCHEMES / "permens.yaml").read_text(encoding="utf-8")

    html = upload(admin, "permens.yaml", text).content.decode()

    assert "Deze regeling is van organisatie permens, niet van next." in html
    assert next_org.scheme_versions.count() == 1


def test_a_file_that_is_not_text_is_refused_with_a_message(admin, next_org):
    response = admin.post(
        f"{BASE}/scheme/",
        {"scheme": SimpleUploadedFile("next.yaml", b"\xff\xfe\x00\x81", "application/x-yaml")},
    )

    assert "Het bestand is geen UTF-8-tekst." in response.content.decode()


def test_the_terms_calculator_answers_for_this_organisation(admin, next_org):
    procedure = next_org.procedures.get()

    html = admin.get(f"{BASE}/terms/?procedure={procedure.pk}&received_on=2026-12-21").content
    text = html.decode()

    assert "<table" in text
    assert "1 februari 2027" in text  # 6 weeks from 21 December 2026


def test_a_colleague_reads_only_the_summary_shared_with_them(sign_in, next_org, complaint, officer):
    colleague = member(next_org, "key_worker", "collega")
    services.complaint_share(
        complaint,
        actor=services.Actor.staff(officer),
        user=colleague,
        scope=ShareScopeChoices.SUMMARY,
        summary="Cliënt vindt dat afspraken niet worden nagekomen; graag gesprek.",
    )
    client = sign_in(colleague)

    html = client.get("/staff/next/shared/").content.decode()

    assert "Cliënt vindt dat afspraken niet worden nagekomen; graag gesprek." in html
    assert complaint.description not in html
    assert f"/complaints/{complaint.reference}/" not in html
    assert client.get(f"/staff/next/complaints/{complaint.reference}/").status_code == 404


def test_the_platform_administrator_approves_when_there_is_no_second_admin(admin, next_org):
    from django.contrib.admin.sites import site

    from klachtpad.organisations.admin import RoleChangeAdmin

    pop = member(next_org, "key_worker", "pop2")
    admin.post(f"{BASE}/staff/", {"person": pop.pk, "role": "line_manager"})
    platform = User.objects.create_superuser("platform", password="Lang-genoeg-wachtwoord-2026")

    class Request:
        user = platform
        _messages: Any = None

    ledger = RoleChangeAdmin(RoleChange, site)
    ledger.message_user = lambda *args, **kwargs: None  # type: ignore[method-assign]
    ledger.approve(Request(), RoleChange.objects.filter(user=pop))  # type: ignore[arg-type]
    assert Membership.objects.filter(user=pop, role="line_manager").exists()


def test_the_admin_lists_health_terms_that_anonymised_texts_lose(admin, next_org):
    page = admin.get(f"{BASE}/anonymising/")
    assert "Gezondheidstermen om weg te laten" in page.content.decode()
    saved = admin.post(
        f"{BASE}/anonymising/", {"terms": "Lithium\n  schizofrenie \n\nLithium"}, follow=True
    )
    assert "Opgeslagen: 2 termen." in saved.content.decode()
    next_org.refresh_from_db()
    assert next_org.redaction_terms == "Lithium\nschizofrenie"
    refused = admin.post(f"{BASE}/anonymising/", {"terms": "Lithium\n" + "x" * 150})
    assert refused.status_code == 422 and "hoogstens 100 tekens" in refused.content.decode()
    assert "x" * 150 in refused.content.decode()  # what was typed stays
    next_org.refresh_from_db()
    assert next_org.redaction_terms == "Lithium\nschizofrenie"


def test_the_admin_downloads_a_version_and_sees_what_changed(admin, next_org):
    text = (SCHEMES / "next.yaml").read_text(encoding="utf-8")
    upload(
        admin,
        "/srv/klachtpad/upload/next.yaml",
        text.replace("name: Next\n", "name: Next Arnhem\n", 1),
    )

    page = admin.get(f"{BASE}/scheme/").content.decode()
    assert "/srv/klachtpad" not in page and "(next.yaml)" in page  # no server paths
    download = admin.get(f"{BASE}/scheme/2/download/")
    assert download["Content-Disposition"] == 'attachment; filename="next-v2.yaml"'
    assert "name: Next Arnhem" in download.content.decode()

    compare = admin.get(f"{BASE}/scheme/compare/").content.decode()
    assert (
        '<span class="removed"><span class="visually-hidden">weggehaald: </span>-  name: Next'
        in compare
    )
    assert (
        '<span class="added"><span class="visually-hidden">toegevoegd: </span>+  name: Next Arnhem'
        in compare
    )
    assert admin.get(f"{BASE}/scheme/9/download/").status_code == 404
