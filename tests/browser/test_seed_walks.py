"""Each example procedure walked in the browser by the people its seed names, from the
public form and the staff pages, asserting what each person sees."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from klachtpad.complaints.models import Complaint
from klachtpad.letters.models import Letter
from klachtpad.organisations.models import Organisation
from tests.browser.conftest import act, axe_clean, form_walk, open_action, sign_in_as, staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def load(slug: str) -> Organisation:
    call_command("scheme_load", f"schemes/{slug}.yaml", verbosity=0)
    return Organisation.objects.get(slug=slug)


def file_complaint(page, live_server, path, answers, ticks=()):
    """The complainant fills in the public form and sends it."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{path}")
    form_walk(page, answers, ticks)
    assert "ontvangen" in page.content().lower()
    found = Complaint.objects.order_by("-id").first()
    assert found is not None
    return found


def open_complaint(page, live_server, complaint):
    """From the worklist, as the person signed in sees it."""
    page.goto(f"{live_server.url}/staff/{complaint.organisation.slug}/complaints/")
    page.get_by_role("link", name=complaint.reference).first.click()
    page.wait_for_url(f"**/complaints/{complaint.reference}/")


def today() -> str:
    return timezone.localdate().isoformat()


def test_permens_the_coordinator_talks_and_the_quality_coordinator_extends(
    browser_page, live_server
):
    """perMens: the coordinator contacts the complainant within two working days; the
    complaint goes to the committee; "de kwaliteitscoördinator" acknowledges it and "kan
    de termijn van zes weken één keer met vier weken verlengen"."""
    permens = load("permens")
    coordinator = staff_member(permens, "cor", "line_manager", name="Cor Coördinator")
    quality = staff_member(permens, "daan", "quality_coordinator", name="Daan Kuipers")
    page = browser_page
    complaint = file_complaint(
        page,
        live_server,
        "/permens/klacht/care/",
        {
            "Je naam": "Sanne Visser",
            "Je e-mailadres": "sanne@example.org",
            "Wat is er gebeurd?": "Het dak van mijn kamer lekt al drie weken.",
        },
        ticks=["Ik ben zelf de cliënt"],
    )

    sign_in_as(page, live_server, coordinator)
    open_complaint(page, live_server, complaint)
    axe_clean(page, "coordinator's complaint page")
    act(page, "contact", {"Contact op": today(), "Wat is besproken": "Gebeld, geen oplossing."})
    act(
        page,
        "refer",
        {"Instantie": "committee", "Wat is overgedragen": "Het klachtenformulier."},
    )
    # The complaint moved on to the committee: back to the worklist, told so.
    assert "niet meer in je werklijst" in page.content()
    complaint.refresh_from_db()
    assert (complaint.state, complaint.step) == ("referred", "committee")

    sign_in_as(page, live_server, quality)
    open_complaint(page, live_server, complaint)
    html = page.content()
    # The quality coordinator's tasks, and no more: no judgement, no closing.
    assert page.locator("#action-acknowledge").count() == 1
    assert page.locator("#action-judgement").count() == 0
    assert page.locator("#action-close").count() == 0
    assert "Het dak van mijn kamer lekt" in html
    act(page, "acknowledge", {"Bevestigd op": today()})
    decision = complaint.terms.get(kind="decision")
    new_end = decision.end_on + timedelta(weeks=4)
    act(
        page,
        "extend",
        {
            "Nieuwe einddatum": new_end.isoformat(),
            "Klager schriftelijk bericht op": today(),
            "Reden (de klager leest dit)": "De commissie vergadert pas over zes weken.",
        },
    )
    axe_clean(page, "after the extension")
    decision.refresh_from_db()
    assert decision.end_on == new_end
    kinds = set(Letter.objects.filter(complaint=complaint).values_list("kind", flat=True))
    assert {"acknowledgement", "extension_notice"} <= kinds
    assert page.locator("#action-extend").count() == 0  # the one extension is used


def test_nexxtep_the_employee_concerned_gives_their_side_receives_and_signs(
    browser_page, live_server
):
    """Nexxtep art. 5.2-5.6 and 7.2: the complaints officer informs the employee
    concerned, who tells of contacts and solutions; the employee receives the judgement
    in writing and, when the complaint is resolved, signs it."""
    nexxtep = load("nexxtep")
    officer = staff_member(nexxtep, "pieter", "complaints_officer", name="Pieter Smit")
    employee = staff_member(nexxtep, "sanne", "key_worker", name="Sanne de Wit")
    page = browser_page
    sign_in_as(page, live_server, officer)
    page.goto(f"{live_server.url}/staff/nexxtep/complaints/new/")
    page.locator("[name=handling][value=formal]").check()
    page.locator("select[name=channel]").select_option("letter")
    page.locator("[name=complainant_name]").fill("Joris Meijer")
    page.locator("select[name=complainant_relation]").select_option("client")
    page.locator("[name=summary]").fill("Mails niet beantwoord")
    page.locator("[name=description]").fill(
        "Mijn mails aan mijn trajectbegeleider bleven onbeantwoord."
    )
    page.get_by_label("Sanne de Wit").check()
    page.get_by_role("button", name="Vastleggen").click()
    complaint = Complaint.objects.get(organisation=nexxtep)
    assert "gekoppeld aan het account van Sanne de Wit" in page.content()

    sign_in_as(page, live_server, employee)
    page.get_by_role("link", name="Klachten over mij").click()
    page.get_by_role("link", name=f"{complaint.reference}: Mails niet beantwoord").click()
    axe_clean(page, "the employee's part")
    assert "onbeantwoord" in page.content()
    page.get_by_label("contact met de klager").check()
    page.get_by_label("Je tekst").fill("Ik heb Joris gebeld; de doorstuurregel stond verkeerd.")
    page.get_by_role("button", name="Naar de klachtenfunctionaris sturen").click()
    assert "Naar de klachtenfunctionaris gestuurd" in page.content()
    # The file itself stays closed to them.
    page.goto(f"{live_server.url}/staff/nexxtep/complaints/{complaint.reference}/")
    assert "/about-me/" in page.url

    sign_in_as(page, live_server, officer)
    open_complaint(page, live_server, complaint)
    assert "de doorstuurregel stond verkeerd" in page.content()
    act(
        page,
        "judgement",
        {
            "Oordeel": "upheld",
            "Onderbouwing": "De mails zijn niet beantwoord door een fout in de doorstuurregel.",
            "Genomen beslissingen": "Een vervangend aanspreekpunt bij afwezigheid.",
            "De klager gaat akkoord met de oplossing": "on",
        },
    )

    sign_in_as(page, live_server, employee)
    page.goto(f"{live_server.url}/staff/nexxtep/about-me/{complaint.reference}/")
    assert "Brieven aan jou" in page.content() or "Letters to you" in page.content()
    page.get_by_role("button", name="Het oordeel ondertekenen").click()
    assert "Je hebt het oordeel ondertekend" in page.content()
    judgement = complaint.judgements.get()
    assert judgement.signatures.filter(party="employee_concerned", name="Sanne de Wit").exists()
    assert Letter.objects.filter(complaint=complaint, employee__user=employee).exists()


def test_next_a_registered_family_member_complains_and_the_officer_extends(
    browser_page, live_server
):
    """Next step 3: "Iemand die bij jou betrokken is mag ook zelf een klacht indienen,
    bijvoorbeeld een familielid of mentor. Deze persoon moet dan wel als contactpersoon in
    je dossier staan." The management team is kept informed; six weeks, extended by at
    most four with notice."""
    next_org = load("next")
    officer = staff_member(next_org, "kim", "complaints_officer", name="Kim Klachten")
    director = staff_member(next_org, "dirk", "management", name="Dirk Directeur")
    page = browser_page
    sign_in_as(page, live_server, officer)
    page.goto(f"{live_server.url}/staff/next/clients/")
    page.locator("[name=client_number]").fill("N-17")
    page.locator("[name=name]").fill("Sem Jansen")
    page.get_by_role("button", name="Cliënt vastleggen").click()
    page.locator("#id_name").fill("Ilse Jansen")
    page.locator("select[name=relation]").select_option("family_member")
    page.get_by_role("button", name="Registreren").click()
    assert "Contactpersoon geregistreerd" in page.content()
    axe_clean(page, "client page")

    complaint = file_complaint(
        page,
        live_server,
        "/next/klacht/care/",
        {
            "Naam van de cliënt": "Sem Jansen",
            "Je naam": "Ilse Jansen",
            "Je e-mailadres": "ilse@example.org",
            "Wat is er gebeurd?": "Sem kreeg zijn medicijnen drie keer te laat.",
        },
        ticks=["Een klacht indienen", "Ik ben familie", "Ik sta als contactpersoon"],
    )
    assert (complaint.handling, complaint.complainant_relation) == ("formal", "family_member")

    sign_in_as(page, live_server, officer)
    open_complaint(page, live_server, complaint)
    assert "familielid" in page.content()
    act(page, "acknowledge", {"Bevestigd op": today()})
    when = (timezone.localtime() + timedelta(days=3)).replace(hour=14, minute=0)
    act(
        page,
        "meetingplan",
        {
            "Datum en tijd": when.strftime("%Y-%m-%dT%H:%M"),
            "Plaats": "Kantoor Arnhem",
            "Wie is uitgenodigd": "Ilse Jansen en de begeleider van Sem",
        },
    )
    decision = complaint.terms.get(kind="decision")
    act(
        page,
        "extend",
        {
            "Nieuwe einddatum": (decision.end_on + timedelta(weeks=4)).isoformat(),
            "Klager schriftelijk bericht op": today(),
            "Reden (de klager leest dit)": "We willen eerst met de apotheek praten.",
        },
    )
    decision.refresh_from_db()
    assert decision.end_on == decision.original_end_on + timedelta(weeks=4)

    # The management team is kept informed and can read the formal complaint.
    sign_in_as(page, live_server, director)
    open_complaint(page, live_server, complaint)
    assert "drie keer te laat" in page.content()
    assert page.locator("#action-extend").count() == 0
    assert complaint.notifications.filter(user=director).exists()


def test_iederzijnwerk_management_handles_with_consent_and_reports_the_satisfaction(
    browser_page, live_server
):
    """IederZijnWerk: management acknowledges within five working days, contacts others
    only with consent, judges in writing, and informs the complainant of the procedure,
    the outcome, the duration "en de mate van tevredenheid over de afhandeling"."""
    izw = load("iederzijnwerk")
    director = staff_member(izw, "dirk", "management", name="Dirk Directeur")
    page = browser_page
    complaint = file_complaint(
        page,
        live_server,
        "/iederzijnwerk/klacht/ambulant/",
        {  # IederZijnWerk addresses its complainants with "u"
            "Uw naam": "Anja Mol",
            "Uw e-mailadres": "anja@example.org",
            "Wat is er gebeurd?": "Mijn huishoudelijke hulp kwam drie weken niet.",
        },
        ticks=["Een klacht indienen", "Ik ben zelf de cliënt"],
    )
    status_link = page.locator("a.button").first.get_attribute("href")

    sign_in_as(page, live_server, director)
    open_complaint(page, live_server, complaint)
    act(page, "acknowledge", {"Bevestigd op": today()})
    open_action(page, "othercontact")
    assert "alleen met toestemming" in page.locator("#action-othercontact").inner_text()
    act(
        page,
        "consent",
        {
            "Wie mag worden benaderd": "De planner van HuishoudenPlus",
            "Toestemming gegeven door": "Anja Mol",
            "mondeling": "on",
            "Gegeven op": today(),
        },
    )
    act(
        page,
        "othercontact",
        {"Wie is benaderd": "De planner van HuishoudenPlus", "Benaderd op": today()},
    )
    act(
        page,
        "judgement",
        {
            "Oordeel": "upheld",
            "Onderbouwing": "De vervanging tijdens de vakantie is niet geregeld door de planning.",
            "Genomen beslissingen": "Een vaste vervanger per wijk.",
            "Er komen geen maatregelen": "De vervanger is al aangesteld.",
        },
    )
    act(page, "close", {"Hoe het is afgelopen": "Oordeel gegeven."}, button="Afsluiten")
    reports = Letter.objects.filter(complaint=complaint, kind="procedure_report")
    assert reports.count() == 1 and "krijgt u dit overzicht opnieuw" in reports.get().text

    page.context.clear_cookies()
    page.goto(status_link)
    page.get_by_label("Tevreden", exact=True).check()
    page.get_by_role("button", name="Stuur mijn antwoord").click()
    assert reports.count() == 2
    assert "4 / 5" in reports.latest("id").text


def test_zorgkracht12_a_complaint_about_a_member_provider_with_its_own_figures(
    browser_page, live_server
):
    """Zorgkracht 12: "Iedereen die met een zorgaanbieder van Zorgkracht 12 te maken
    heeft" may complain; each provider has its own confidant, and its own figures."""
    zk = load("zorgkracht12")
    officer = staff_member(zk, "eva", "complaints_officer", name="Eva Extern")
    page = browser_page
    page.goto(f"{live_server.url}/zorgkracht12/")
    assert "Thuisbegeleiding Hunze" in page.content() and "Ineke Bos" in page.content()
    complaint = file_complaint(
        page,
        live_server,
        "/zorgkracht12/klacht/adult/",
        {
            "Je naam": "Henk Dijkstra",
            "Je e-mailadres": "henk@example.org",
            "Wat is er gebeurd?": "Mijn dagbesteding is zonder overleg gestopt.",
        },
        ticks=["Eerst erover praten", "Ik ben zelf de cliënt", "Thuisbegeleiding Hunze"],
    )
    assert complaint.member == "hunze"

    sign_in_as(page, live_server, officer)
    open_complaint(page, live_server, complaint)
    assert "Thuisbegeleiding Hunze" in page.content()
    year = timezone.localdate().year
    page.goto(
        f"{live_server.url}/staff/zorgkracht12/reports/?start={year}-01-01&end={year}-12-31"
        "&member=hunze"
    )
    axe_clean(page, "report for one provider")
    assert "Thuisbegeleiding Hunze" in page.locator("h1").inner_text()
