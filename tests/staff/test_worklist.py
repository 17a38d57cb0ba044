"""The worklist as an officer reads it: overdue first and marked, filters, search."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from klachtpad.complaints.models import Complaint
from klachtpad.organisations.models import Category
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


def references(html: str) -> list[str]:
    """The complaint references in the order the worklist shows them."""
    return re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>', html)


def row(html: str, reference: str) -> str:
    """The worklist row of one complaint, as text."""
    rows: list[str] = re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.S)
    return next(found for found in rows if f">{reference}<" in found)


@pytest.fixture
def desk(sign_in, officer):
    return sign_in(officer)


@pytest.fixture
def three(next_org):
    """A decision term overdue, one running, and a closed complaint."""
    procedure = next_org.procedures.first()
    today = timezone.localdate()
    overdue = ComplaintFactory.create(procedure=procedure, received_on=today - timedelta(days=60))
    running = ComplaintFactory.create(procedure=procedure, acknowledged=True)
    closed = ComplaintFactory.create(procedure=procedure, closed=True)
    return overdue, running, closed


def test_overdue_first_and_marked_then_nearest_term_then_without_term(desk, three):
    overdue, running, closed = three
    html = desk.get("/staff/next/complaints/").content.decode()

    assert references(html) == [overdue.reference, running.reference, closed.reference]
    assert 'class="overdue-row"' in row(html, overdue.reference)
    assert "dagen te laat" in row(html, overdue.reference)
    assert "nog " in row(html, running.reference)
    assert "te laat" not in row(html, running.reference)


def test_english_is_selectable(desk, three):
    html = desk.get("/en/staff/next/complaints/").content.decode()

    overdue, _running, _closed = three
    assert "te laat" not in html
    assert "overdue by" in row(html, overdue.reference)
    assert 'lang="en"' in html


def test_filter_on_state_step_procedure_category_and_location(desk, three, next_org):
    overdue, running, closed = three
    category = Category.objects.create(
        organisation=next_org, code="bejegening", name_nl="Bejegening", name_en="Attitude"
    )
    running.categories.add(category)
    Complaint.objects.filter(pk=overdue.pk).update(location="De Linde")

    def shown(query: str) -> list[str]:
        return references(desk.get(f"/staff/next/complaints/?{query}").content.decode())

    assert shown("state=closed") == [closed.reference]
    assert shown(f"category={category.pk}") == [running.reference]
    assert shown("location=De+Linde") == [overdue.reference]
    assert shown(f"step={running.step}") == [c.reference for c in three if c.step == running.step]
    assert shown(f"procedure={running.procedure_id}") == [c.reference for c in three]
    assert shown("procedure=999999") == []
    assert shown("state=nonsense") == [c.reference for c in three]


def test_only_mine_shows_what_the_officer_handles(desk, three, officer):
    _overdue, running, _closed = three
    Complaint.objects.filter(pk=running.pk).update(handler=officer)

    html = desk.get("/staff/next/complaints/?mine=1").content.decode()

    assert references(html) == [running.reference]


def test_search_finds_words_in_the_complaint_on_either_database(desk, three):
    overdue, running, _closed = three
    Complaint.objects.filter(pk=running.pk).update(
        description="De maaltijden waren drie avonden koud."
    )

    assert references(desk.get("/staff/next/complaints/?q=maaltijden").content.decode()) == [
        running.reference
    ]
    assert references(
        desk.get(f"/staff/next/complaints/?q={overdue.reference}").content.decode()
    ) == [overdue.reference]
    html = desk.get("/staff/next/complaints/?q=fietsenstalling").content.decode()
    assert references(html) == []
    assert "Geen klachten gevonden." in html


def test_htmx_gets_only_the_table(desk, three):
    response = desk.get("/staff/next/complaints/?state=closed", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="worklist">')
    assert "<html" not in html
    # A cache keeps the page and the fragment apart.
    assert "HX-Request" in response["Vary"]
    assert "HX-Request" in desk.get("/staff/next/complaints/")["Vary"]


def test_the_filters_name_categories_in_the_readers_language(desk, three, next_org):
    Category.objects.create(
        organisation=next_org, code="bejegening", name_nl="Bejegening", name_en="Attitude"
    )
    dutch = desk.get("/staff/next/complaints/").content.decode()
    english = desk.get("/en/staff/next/complaints/").content.decode()

    assert ">Bejegening</option>" in dutch and "Attitude" not in dutch
    assert ">Attitude</option>" in english and "Bejegening" not in english


def test_search_finds_part_of_a_reference_and_a_word_in_another_form(desk, three):
    overdue, running, _closed = three
    Complaint.objects.filter(pk=running.pk).update(summary="De maaltijden waren koud")
    Complaint.objects.filter(pk=overdue.pk).update(summary="Niemand belde terug")

    def found(text: str) -> list[str]:
        return references(desk.get(f"/staff/next/complaints/?q={text}").content.decode())

    number = overdue.reference.split("-")[1]  # "2026-0001": the officer types "0001"
    assert found(number) == [overdue.reference]
    assert found("maaltijd") == [running.reference]
    # A changed file is found by its new words, no longer by the old ones.
    Complaint.objects.filter(pk=running.pk).update(summary="Het eten was koud")
    assert found("maaltijd") == []
    assert found("eten+koud") == [running.reference]
    assert found("eten+fiets") == []


def test_a_whole_reference_finds_that_file_and_those_it_begins(desk, three):
    """Typed whole, a reference finds its file, and (as any part of a reference does)
    those whose reference begins with it; a reference of another year finds none."""
    overdue, running, _closed = three
    Complaint.objects.filter(pk=running.pk).update(reference=f"{overdue.reference}0")

    def found(text: str) -> list[str]:
        return references(desk.get(f"/staff/next/complaints/?q={text}").content.decode())

    assert sorted(found(overdue.reference)) == sorted([overdue.reference, f"{overdue.reference}0"])
    assert found(f"{overdue.reference}0") == [f"{overdue.reference}0"]
    assert found(f"+{overdue.reference}+") == found(overdue.reference)
    assert found("1999-0001") == []


def test_a_long_list_says_more_than_and_keeps_its_order(desk, three, monkeypatch):
    from klachtpad.staff.worklist import WorklistPaginator

    monkeypatch.setattr(WorklistPaginator, "LIMIT", 2)
    html = desk.get("/staff/next/complaints/").content.decode()

    assert "Meer dan 2 klachten" in html
    assert references(html) == [c.reference for c in three]
    assert "2 klachten" not in desk.get("/staff/next/complaints/?state=closed").content.decode()


def test_each_row_names_its_state_handling_step_term_and_handler(desk, three, officer):
    _overdue, running, closed = three
    Complaint.objects.filter(pk=running.pk).update(
        handler=officer, summary="Zorgplan <script>alert(1)</script> & meer"
    )
    html = desk.get("/staff/next/complaints/").content.decode()

    shown = row(html, running.reference)
    assert "Zorgplan &lt;script&gt;alert(1)&lt;/script&gt; &amp; meer" in shown
    assert "<script>" not in html
    assert '<td data-label="Behandelaar">Olga Officier</td>' in shown
    assert '<td data-label="Stand van zaken">in behandeling</td>' in shown
    assert '<span class="muted">formele klacht</span>' in shown
    assert "Praat met onze klachtenfunctionaris" in shown
    # A closed file has no running term and nobody handling it.
    assert '<td data-label="Eerstvolgende termijn">—' in row(html, closed.reference)
    assert '<td data-label="Behandelaar">—</td>' in row(html, closed.reference)
