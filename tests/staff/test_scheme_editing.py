"""The organisation admin changes texts, contacts, categories and terms in forms; each
save is a new scheme version that differs from the last in the changed lines only."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from klachtpad.organisations.models import Category, Organisation
from klachtpad.organisations.scheme_edits import category_code, document_of, text_of
from tests.staff.conftest import member

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SCHEME_FILES = sorted([*ROOT.glob("schemes/*.yaml"), *ROOT.glob("tests/schemes/providers/*.yaml")])
EDIT = "/staff/next/admin/scheme/change"


@pytest.fixture
def admin(sign_in, next_org):
    return sign_in(member(next_org, "organisation_admin", "beheerder"))


def form_data(html: str) -> dict[str, Any]:
    """What the browser would send back for the form as shown, unchanged."""
    data: dict[str, Any] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if name is None or 'type="submit"' in tag:
            continue
        if 'type="checkbox"' in tag and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = text.strip()
    return {key: value.replace("&amp;", "&") for key, value in data.items()}


def changed_lines(next_org: Organisation) -> list[str]:
    *_, older, newer = next_org.scheme_versions.order_by("number")
    before, after = older.source_text.splitlines(), newer.source_text.splitlines()
    return [line for line in after if line not in before] + [
        f"-{line}" for line in before if line not in after
    ]


@pytest.mark.parametrize("path", SCHEME_FILES, ids=lambda path: path.name)
def test_every_scheme_file_is_written_back_exactly_as_it_was(path):
    text = path.read_text(encoding="utf-8")
    assert text_of(document_of(text)) == text


def test_the_texts_change_and_only_their_lines_do(admin, next_org, client):
    page = admin.get(f"{EDIT}/texts/").content.decode()
    data = form_data(page)
    data["about_nl"] = "Next helpt je thuis, bij het wonen en bij werk."

    answer = admin.post(f"{EDIT}/texts/", data)

    assert answer.status_code == 302
    assert next_org.scheme_versions.count() == 2
    newest = next_org.scheme_versions.order_by("-number").first()
    assert newest.source_text.startswith("# Klachtenprocedure van Next")  # comments stay
    added = [line for line in changed_lines(next_org) if not line.startswith("-")]
    assert added == ["      Next helpt je thuis, bij het wonen en bij werk."]  # still folded (>-)
    assert "Next helpt je thuis" in client.get("/next/").content.decode()
    assert "Versie 2 is in gebruik" in admin.get(answer["Location"]).content.decode()


def test_a_way_to_reach_the_organisation_is_added_with_its_hours(admin, next_org, client):
    data = form_data(admin.get(f"{EDIT}/contacts/").content.decode())
    data |= {
        "contact-1-label_nl": "Receptie",
        "contact-1-label_en": "Reception",
        "contact-1-phone": "026-1234567",
        "contact-1-hours_nl": "Op werkdagen van 9 tot 17 uur",
        "contact-1-hours_en": "Working days, 9 to 5",
    }

    assert admin.post(f"{EDIT}/contacts/", data).status_code == 302
    assert "026-1234567" in client.get("/next/").content.decode()
    assert "      phone: 026-1234567" in changed_lines(next_org)


def test_a_contact_without_a_way_to_reach_it_is_refused_and_kept(admin, next_org):
    data = form_data(admin.get(f"{EDIT}/contacts/").content.decode())
    data |= {"contact-1-label_nl": "Receptie"}

    answer = admin.post(f"{EDIT}/contacts/", data)

    html = answer.content.decode()
    assert answer.status_code == 422
    assert "Geef minstens een telefoonnummer, e-mailadres, website of adres." in html
    assert 'value="Receptie"' in html
    assert next_org.scheme_versions.count() == 1


def test_categories_are_renamed_reordered_added_and_retired(admin, next_org):
    data = form_data(admin.get(f"{EDIT}/categories/").content.decode())
    codes = [data[f"category-{n}-code"] for n in range(4)]
    assert codes == ["care", "housing", "communication", "other"]
    data |= {
        "category-0-ORDER": "2",  # care second
        "category-1-ORDER": "1",  # housing first
        "category-1-name_nl": "Je kamer",
        "category-2-DELETE": "on",  # communication retired
        "category-4-name_nl": "Geld en rekeningen",
        "category-4-name_en": "Money and bills",
        "category-4-ORDER": "3",
    }

    assert admin.post(f"{EDIT}/categories/", data).status_code == 302

    active = Category.objects.filter(organisation=next_org, active=True)
    assert [c.code for c in active] == ["housing", "care", "geld_en_rekeningen", "other"]
    assert active[0].name_nl == "Je kamer"
    retired = Category.objects.get(organisation=next_org, code="communication")
    assert not retired.active  # complaints filed under it keep it


def test_a_new_categorys_code_is_made_from_its_name_and_never_taken_twice():
    assert category_code("Geld en rekeningen", set()) == "geld_en_rekeningen"
    assert category_code("Zorg", {"zorg"}) == "zorg_2"
    assert category_code("2e lijn", set()) == "c_2e_lijn"


def test_a_term_beyond_the_law_is_refused_with_the_reason_and_nothing_is_lost(admin, next_org):
    page = admin.get(f"{EDIT}/terms/").content.decode()
    label = "Schriftelijke beslissing (Praat met onze klachtenfunctionaris)"
    assert label in page and "Nu 6 weken." in page and "Vastgelegd in de wet." in page
    data = form_data(page)
    decision = next(
        name for name, value in data.items() if name.startswith("term-") and value == "6w"
    )

    refused = admin.post(f"{EDIT}/terms/", {**data, decision: "8w"})
    unreadable = admin.post(f"{EDIT}/terms/", {**data, decision: "6 weken"})

    assert refused.status_code == unreadable.status_code == 422
    html = refused.content.decode()
    assert "Er is niets opgeslagen" in html
    assert "8w is langer dan de 6 weken van Wkkgz art. 17 lid 1" in html
    assert 'value="8w"' in html
    assert "is geen termijn; schrijf een getal en een eenheid" in unreadable.content.decode()
    assert next_org.scheme_versions.count() == 1

    assert admin.post(f"{EDIT}/terms/", {**data, decision: "5w"}).status_code == 302
    assert next_org.scheme_versions.count() == 2
    assert "            within: 5w" in changed_lines(next_org)


def test_a_change_on_an_older_version_is_refused_and_says_which_is_newer(admin, next_org):
    data = form_data(admin.get(f"{EDIT}/texts/").content.decode())
    admin.post(f"{EDIT}/texts/", {**data, "about_en": "Next helps."})

    stale = admin.post(f"{EDIT}/texts/", {**data, "about_nl": "Oud formulier."})

    assert stale.status_code == 422
    assert "Versie 2 is geladen terwijl je deze wijziging maakte" in stale.content.decode()
    assert next_org.scheme_versions.count() == 2


def test_saving_without_a_change_makes_no_new_version(admin, next_org):
    data = form_data(admin.get(f"{EDIT}/categories/").content.decode())
    answer = admin.post(f"{EDIT}/categories/", data)
    assert "Er is niets veranderd." in admin.get(answer["Location"]).content.decode()
    assert next_org.scheme_versions.count() == 1


def test_only_the_organisation_admin_changes_the_scheme(sign_in, next_org):
    officer = sign_in(member(next_org, "complaints_officer", "klachtenfunctionaris"))
    assert officer.get(f"{EDIT}/texts/").status_code in (403, 404)
    assert officer.post(f"{EDIT}/texts/", {"about_nl": "x"}).status_code in (403, 404)
    assert next_org.scheme_versions.count() == 1
