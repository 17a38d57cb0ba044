"""The report pages: what a complaints officer, a quality coordinator and an external
complaints service see and download."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from klachtpad.audit.models import AccessLogEntry
from klachtpad.complaints import services
from klachtpad.domain.schemes.vocabulary import Verdict
from klachtpad.notifications.models import StaffNotification
from klachtpad.organisations.models import Membership, Organisation
from klachtpad.reports.models import BuildStatusChoices, EmployeeFeedback, ReportBuild
from tests.complaints.factories import UserFactory
from tests.staff.conftest import member
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_complaints(builder):
    """One judged in time in 2026 (30 days), one received in 2025."""
    complaint = builder.complaint("2026-02-02", categories=("support",), location="Utrecht")
    builder.on("2026-03-04")
    services.complaint_judgement_record(
        complaint,
        actor=builder.actor,
        verdict=Verdict.UPHELD,
        reasons="Terecht: de begeleiding is drie weken niet gekomen.",
        decisions="Het rooster wordt herzien.",
        no_measures_reason="Het rooster is al herzien.",
    )
    builder.complaint("2025-05-01")
    builder.on("2026-11-22")
    return complaint


def test_the_report_page_shows_figures_charts_and_the_period_before(
    two_complaints, quality, sign_in, client
):
    sign_in(quality)
    page = client.get("/staff/iederzijnwerk/reports/?start=2026-01-01&end=2026-12-31")
    assert page.status_code == 200
    text = page.content.decode()
    assert "1 januari 2026 – 31 december 2026" in text
    assert "1 januari 2025 – 31 december 2025" in text
    assert text.count("<svg") >= 3  # channels, categories, locations ...
    assert 'role="img"' in text and "hatch-channels" in text  # a pattern, not only colour
    # The legend is text above each chart, so that it wraps instead of running off it.
    legend = text[
        text.index('<ul class="chart-legend"') : text.index(
            "</ul>", text.index('<ul class="chart-legend"')
        )
    ]
    assert "1 januari 2026 – 31 december 2026" in legend
    assert "Ondersteuning" in text  # the category's Dutch name
    received = page.context["sections"][0][0].rows[0]
    assert (received.current, received.previous, received.change) == (1, 1, 0)


def test_downloads_hold_the_same_numbers(two_complaints, quality, sign_in, client):
    sign_in(quality)
    base = "/staff/iederzijnwerk/reports/?start=2026-01-01&end=2026-12-31&as="
    pdf = client.get(base + "pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    rows = list(
        csv.reader(io.StringIO(client.get(base + "csv").content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][2:] == ["1 januari 2026 – 31 december 2026", "1 januari 2025 – 31 december 2025"]
    by_label = {row[1]: row[2:] for row in rows[1:]}
    assert by_label["Ontvangen in de periode"] == ["1", "1"]
    assert by_label["Binnen de termijn beslist"] == ["1", "0"]
    assert by_label["Behandeltijd in dagen, mediaan"] == ["30.0", ""]
    book = load_workbook(io.BytesIO(client.get(base + "xlsx").content))
    sheet = book.worksheets[0]
    values = {row[0]: row[1:3] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert values["Ontvangen in de periode"] == (1, 1)
    assert values["gegrond"] == (1, 0)
    exports = AccessLogEntry.objects.filter(action="export", user_name__contains="Karin")
    assert exports.count() == 3


def test_a_bad_period_is_refused_with_a_message(quality, sign_in, client):
    sign_in(quality)
    page = client.get("/staff/iederzijnwerk/reports/?start=2026-12-31&end=2026-01-01")
    assert page.status_code == 400
    assert "De einddatum ligt vóór de begindatum." in page.content.decode()
    page = client.get("/en/staff/iederzijnwerk/reports/?start=2026-31-12&end=2026-01-01")
    assert page.status_code == 400
    assert "Enter a valid date." in page.content.decode()


def test_a_key_worker_sees_no_reports(iederzijnwerk, sign_in, client):
    sign_in(member(iederzijnwerk, "key_worker", "begeleider"))
    assert client.get("/staff/iederzijnwerk/reports/").status_code == 403
    assert client.get("/staff/iederzijnwerk/improvements/").status_code == 403


def test_an_improvement_action_from_complaints_is_tracked(
    two_complaints, iederzijnwerk, sign_in, client, travel
):
    officer = member(iederzijnwerk, "complaints_officer", "functionaris")
    sign_in(officer)
    new = "/staff/iederzijnwerk/improvements/new/"
    form = client.get(new + f"?from={two_complaints.reference}")
    assert two_complaints.reference in form.content.decode()
    data = {
        "title": "Roosters op tijd delen",
        "owner": "teamleider Oost",
        "due_on": "2027-01-31",
        "references": f"{two_complaints.reference}, K-404",
    }
    refused = client.post(new, data)
    assert refused.status_code == 400
    assert "Niet gevonden: K-404." in refused.content.decode()
    assert "Roosters op tijd delen" in refused.content.decode()  # the typed text stays
    data["references"] = two_complaints.reference
    made = client.post(new, data)
    assert made.status_code == 302
    page = client.post(made["Location"], {"status": "done", "note": "Rooster staat online."})
    assert page.status_code == 302
    listing = client.get("/staff/iederzijnwerk/improvements/").content.decode()
    assert "Roosters op tijd delen" in listing and "klaar" in listing
    report = client.get("/staff/iederzijnwerk/reports/?start=2026-01-01&end=2026-12-31")
    improvements = {row.label: row.current for row in report.context["sections"][-1][0].rows}
    assert improvements["Gemaakt"] == 1 and improvements["Klaar vóór de gestelde datum"] == 1
    file = client.get(f"/staff/iederzijnwerk/complaints/{two_complaints.reference}/")
    assert "Roosters op tijd delen" in file.content.decode()
    data |= {"title": "Overdracht bij ziekte", "due_on": "2026-12-01"}
    assert client.post(new, data).status_code == 302
    assert (
        "datum verstreken" not in client.get("/staff/iederzijnwerk/improvements/").content.decode()
    )
    travel("2026-12-02")
    sign_in(officer)  # the session of ten days ago has ended
    listing = client.get("/staff/iederzijnwerk/improvements/").content.decode()
    assert listing.count("datum verstreken") == 1  # the done one is not overdue


def test_feedback_to_the_employee_concerned_is_recorded(builder, iederzijnwerk, sign_in, client):
    complaint = builder.complaint("2026-11-02", employees=("Bram Begeleider",))
    builder.on("2026-11-22")
    sign_in(member(iederzijnwerk, "complaints_officer", "functionaris"))
    url = f"/staff/iederzijnwerk/complaints/{complaint.reference}/feedback/"
    employee = complaint.employees.get()
    future = client.post(url, {"employee": employee.pk, "given_on": "2026-12-01", "summary": "x"})
    assert future.status_code == 400
    assert "De datum 1 december 2026 ligt in de toekomst." in future.content.decode()
    done = client.post(
        url, {"employee": employee.pk, "given_on": "2026-11-20", "summary": "Besproken."}
    )
    assert done.status_code == 302
    assert EmployeeFeedback.objects.get().summary == "Besproken."
    file = client.get(f"/staff/iederzijnwerk/complaints/{complaint.reference}/").content.decode()
    assert "Besproken." in file


def test_the_platform_report_is_built_as_a_task_with_progress(seeded, sign_in, client, travel):
    travel("2026-11-22")
    service = UserFactory.create(username="extern-bureau", email="bureau@example.org")
    for organisation in Organisation.objects.all():
        Membership.objects.create(
            user=service, organisation=organisation, role="complaints_officer"
        )
    sign_in(service)
    home = client.get("/staff/?choose=1").content.decode()
    assert "/staff/platform/" in home
    asked = client.post("/staff/platform/", {"start": "2026-01-01", "end": "2026-12-31"})
    build = ReportBuild.objects.get()
    assert asked["Location"] == f"/staff/platform/{build.pk}/"
    waiting = client.get(asked["Location"]).content.decode()
    assert "0 van 2 delen geteld" in waiting and 'hx-trigger="every 2s"' in waiting
    assert 'http-equiv="refresh"' not in waiting  # without script: a link to look again
    assert f'href="/staff/platform/{build.pk}/">Toon de voortgang opnieuw' in waiting
    run_tasks()
    build.refresh_from_db()
    assert build.status == BuildStatusChoices.DONE and build.percent == 100
    ready = StaffNotification.objects.get(user=service, kind="report_ready")
    assert f"/staff/platform/{build.pk}/" in ready.params["address"]
    page = client.get(asked["Location"])
    names = [row["name"] for row in page.context["rows"]]
    assert names[0] == "Alle organisaties samen" and len(names) == 6
    assert client.get(asked["Location"] + "?as=xlsx").status_code == 200
    from klachtpad.audit.models import AccessLogEntry

    exported = AccessLogEntry.objects.filter(user=service, action="export")
    assert exported.count() == 5  # one line in each organisation's own log
    assert all("platform report 2026-01-01..2026-12-31 xlsx" in e.detail for e in exported)
    # No longer serving one organisation: its row and the total that counted it go.
    Membership.objects.filter(user=service, organisation__slug="next").delete()
    after = client.get(asked["Location"])
    names = [row["name"] for row in after.context["rows"]]
    assert "Next" not in names and "Alle organisaties samen" not in names and len(names) == 4
    assert "totaal" in after.content.decode().lower()
    # Someone else's build is not theirs to see.
    sign_in(UserFactory.create(username="ander"))
    assert client.get(asked["Location"]).status_code == 404


def test_the_platform_shows_only_organisations_where_figures_are_allowed(seeded, sign_in, client):
    user = UserFactory.create(username="half")
    next_org = Organisation.objects.get(slug="next")
    Membership.objects.create(user=user, organisation=next_org, role="management")
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get(slug="nexxtep"), role="key_worker"
    )
    sign_in(user)
    page = client.get("/staff/platform/")
    assert [o.slug for o in page.context["organisations"]] == ["next"]


def test_the_anonymised_view_is_for_closed_complaints_and_not_for_the_employee_concerned(
    builder, iederzijnwerk, quality, sign_in, client
):
    employee = member(iederzijnwerk, "management", "bram")
    complaint = builder.complaint("2026-10-01", employees=("Bram Begeleider",))
    complaint.employees.update(user=employee)
    url = f"/staff/iederzijnwerk/complaints/{complaint.reference}/anonymised/"
    builder.on("2026-11-22")
    sign_in(quality)
    assert client.get(url).status_code == 404  # still open
    builder.on("2026-10-05")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=builder.actor,
        verdict=Verdict.NOT_UPHELD,
        reasons="Niet terecht: de afspraak is wel nagekomen volgens het dossier.",
        decisions="Geen verdere stappen.",
        no_measures_reason="Er is niets misgegaan.",
    )
    services.complaint_close(complaint, actor=builder.actor)
    builder.on("2026-11-22")
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Klacht ontvangen in oktober 2026" in text
    assert complaint.reference not in str(page.context["file"])
    assert "Bram" not in text and "medewerker 1" in text
    assert "Ingrid" not in text and "Bakker" not in text  # who handled it
    logged = AccessLogEntry.objects.filter(complaint_reference=complaint.reference, action="view")
    assert logged.filter(outcome="allowed").count() == 1
    assert logged.filter(outcome="refused").count() == 1
    sign_in(employee)
    assert client.get(url).status_code == 404


def test_the_public_report_shows_small_numbers_as_under_five(seeded, sign_in, client, travel):
    from klachtpad.organisations.models import Procedure
    from tests.reports.build import Builder

    organisation = Organisation.objects.get(slug="zorgkracht12")
    build = Builder(Procedure.objects.get(organisation=organisation, key="youth"), travel)
    for day in ("2025-03-03", "2025-04-07"):
        build.complaint(day, categories=("youth_care",))
    build.on("2026-02-02")
    sign_in(member(organisation, "quality_coordinator", "kwaliteit"))
    page = client.get("/staff/zorgkracht12/reports/public/youth/?year=2025")
    assert page.status_code == 200
    public = page.context["public"]
    totals = {row.label: (row.current, row.previous) for row in public.totals}
    assert totals["Ontvangen klachten"] == ("< 5", "0")
    assert [(row.label, row.current) for row in public.categories] == [("Jeugdhulp", "< 5")]
    assert public.texts_withheld
    assert "minder dan 5 beslissingen" in page.content.decode()
    assert "Klachtencommissie jeugdzorg van Klachtenportaal Zorg" in page.content.decode()
    other = member(Organisation.objects.get(slug="next"), "quality_coordinator", "ander")
    sign_in(other)
    assert client.get("/staff/zorgkracht12/reports/public/youth/").status_code == 404
