"""The public procedure page of each organisation, in Dutch and English."""

import pytest
from django.urls import reverse
from django.utils import translation

PAGES = {
    # slug: (a Dutch phrase from the generated text, an English one)
    "next": ("Binnen 6 weken", "Within 6 weeks"),
    "iederzijnwerk": ("binnen 5 werkdagen", "within 5 working days"),
    "permens": ("binnen 2 werkdagen", "within 2 working days"),
    "zorgkracht12": ("Klachtenregeling jeugdigen (Jeugdwet)", "Complaint scheme for young people"),
    "nexxtep": ("Een klacht indienen kost u niets.", "Making a complaint costs you nothing."),
}


def _get(client, slug, language):
    with translation.override(language):
        url = reverse("procedure_page", args=[slug])
    return client.get(url), url


@pytest.mark.parametrize("slug", PAGES)
def test_dutch_page(client, seeded, slug):
    response, url = _get(client, slug, "nl")
    assert url == f"/{slug}/"
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert PAGES[slug][0] in html
    assert "Stap 1" in html


@pytest.mark.parametrize("slug", PAGES)
def test_english_page(client, seeded, slug):
    response, url = _get(client, slug, "en")
    assert url == f"/en/{slug}/"
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert PAGES[slug][1] in html
    assert "Step 1" in html


def test_next_page_explains_the_ladder_and_kpz(client, seeded):
    html = _get(client, "next", "nl")[0].content.decode()
    for text in [
        "Praat met je begeleider(s)",
        "Praat met onze klachtenfunctionaris",
        "Deze stap mag je overslaan.",
        "Je mag ook meteen met deze stap beginnen.",
        "alleen als deze persoon als contactpersoon in het dossier van de cliënt staat",
        "Op werkdagen van 9:00 tot 12:00 uur",
        'href="tel:0228322205"',
        "We mogen deze tijd één keer verlengen, met hoogstens 4 weken.",
    ]:
        assert text in html, text


def test_zorgkracht_youth_confidant_hours_and_age(client, seeded):
    html = _get(client, "zorgkracht12", "nl")[0].content.decode()
    assert "Alleen voor cliënten onder de 18 jaar" in html
    assert "vr van 15:00" in html or "vrijdag van 15:00 tot 17:00 uur" in html


def test_nexxtep_signatures(client, seeded):
    html = _get(client, "nexxtep", "en")[0].content.decode()
    assert "If the complaint is resolved to your satisfaction, it is signed by" in html
    assert "The competent district court" in html


def test_index_lists_every_organisation(client, seeded):
    html = client.get("/").content.decode()
    for name in ["Next", "IederZijnWerk Ambulant", "perMens", "Zorgkracht 12", "Nexxtep"]:
        assert name in html


def test_unknown_organisation_is_a_404(client, seeded):
    assert client.get("/no-such-organisation/").status_code == 404


def test_pages_work_without_javascript(client, seeded):
    html = _get(client, "permens", "nl")[0].content.decode()
    assert "<script" not in html
