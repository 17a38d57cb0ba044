"""Every kind of letter for every seed organisation, in Dutch and English: the facts a
reader relies on are in it (dates, terms, reasons, measures, the disputes body)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from klachtpad.complaints import services
from klachtpad.domain.schemes.vocabulary import DocumentKind, Verdict
from klachtpad.letters.facts import contact_lines, disputes_route, facts_for
from klachtpad.letters.rendering import pdf_from_html
from klachtpad.letters.services import letter_render
from klachtpad.organisations.models import Procedure
from tests.complaints.factories import ComplaintFactory, staff

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
SEEDS = ["iederzijnwerk", "next", "nexxtep", "permens", "zorgkracht12"]
MONTH = {"nl": "maart", "en": "March"}


def words(day, language):
    with translation.override(language):
        return date_format(day, "j F Y")


def render(complaint, kind, language):
    facts = facts_for(
        complaint, kind, at=timezone.now(), signer="Fatima de Vries", language=language
    )
    return facts, letter_render(complaint.organisation, facts)


@pytest.fixture
def rich(seeded, travel):
    """Per organisation: a complaint acknowledged, with a meeting, an extension where the
    scheme has a decision term, and a judgement with a measure."""
    travel("2026-03-02")

    def make(slug):
        procedure = Procedure.objects.filter(organisation__slug=slug).order_by("id").first()
        officer = staff()
        complaint = ComplaintFactory.create(procedure=procedure, acknowledged=True)
        complaint.complainant_address = "Kerkstraat 12\n9711 AB Groningen"
        complaint.save(update_fields=["complainant_address"])
        if complaint.state == "open":  # Zorgkracht 12 starts with an outside body
            complaint = services.complaint_meeting_plan(
                complaint,
                actor=officer,
                planned_for=datetime(2026, 3, 9, 14, 30, tzinfo=AMS),
                place="Kantoor Oosterstraat",
                participants="Fatima de Vries en woonbegeleider Sanne Bakker",
            )
        decision = complaint.terms.filter(kind="decision", status="running").first()
        if decision is not None:
            complaint = services.complaint_term_extend(
                complaint,
                actor=officer,
                new_end=decision.end_on + timedelta(weeks=3),
                notified_on=timezone.localdate(),
                reason="De betrokken medewerker is met verlof.",
            )
        return services.complaint_judgement_record(
            complaint,
            actor=officer,
            verdict=Verdict.PARTLY_UPHELD,
            reasons="De afspraken zijn twee keer niet nagekomen, zo blijkt uit het rooster.",
            decisions="Wij bieden excuses aan.",
            recommendations="Afspraken schriftelijk bevestigen.",
            measures=[
                services.MeasureInput(
                    description="Nieuwe vaste begeleider", owner="Teamleider", due_on=_due()
                )
            ],
            late_explanation="Vertraagd door ziekte.",
        )

    return make


def _due():
    return timezone.localdate() + timedelta(days=30)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("slug", SEEDS)
def test_every_letter_kind_says_what_the_reader_needs(rich, slug, language):
    complaint = rich(slug)
    received = words(complaint.formal_received_on or complaint.received_on, language)
    scheme = complaint.procedure.scheme_version.scheme()
    route = disputes_route(scheme, scheme.procedure(complaint.procedure.key), language)

    for kind in DocumentKind:
        facts, letter = render(complaint, kind, language)
        text = letter.text
        assert complaint.reference in letter.subject
        assert complaint.complainant_name in text
        assert "Kerkstraat 12" in text
        assert words(timezone.localdate(), language) in text  # the letter's date
        assert "Fatima de Vries" in text
        if kind is DocumentKind.ACKNOWLEDGEMENT:
            assert received in text
            assert facts.procedure in text
            for term in complaint.terms.filter(status="running"):
                assert words(term.end_on, language) in text
        elif kind is DocumentKind.MEETING_INVITATION and complaint.meetings.exists():
            assert ("maandag 9 maart 2026, 14:30" if language == "nl" else "March 2026") in text
            assert "Kantoor Oosterstraat" in text
            assert "woonbegeleider Sanne Bakker" in text  # who will be there, as typed
        elif kind is DocumentKind.EXTENSION_NOTICE and facts.new_end:
            term = complaint.terms.get(kind="decision")
            assert words(term.end_on, language) in text
            assert words(term.original_end_on, language) in text
            assert "met verlof" in text
        elif kind in (DocumentKind.DECISION, DocumentKind.JUDGEMENT):
            assert ("deels gegrond" if language == "nl" else "partly upheld") in text
            assert "twee keer niet nagekomen" in text
            assert "Wij bieden excuses aan." in text
            assert "Nieuwe vaste begeleider" in text
            assert words(_due(), language) in text
            assert "Afspraken schriftelijk bevestigen." in text
            assert route, f"{slug} names no body to go to after the decision"
            assert route[0].name in text
            assert not route[0].contact or any(line in text for line in route[0].contact)
        elif kind is DocumentKind.PROCEDURE_REPORT:
            assert ("dagen" if language == "nl" else "days") in text
    assert MONTH[language] in text


def test_the_footer_of_every_page_carries_the_reference(rich):
    """The reference at the foot of each page, as written (not an escape code)."""
    from io import BytesIO

    from pypdf import PdfReader

    complaint = rich("next")
    _facts, letter = render(complaint, DocumentKind.DECISION, "nl")
    pages = PdfReader(BytesIO(pdf_from_html(letter.html))).pages
    for page in pages:
        footer = page.extract_text().splitlines()
        assert any(line.startswith(complaint.reference) for line in footer[-3:]), footer[-3:]
    assert "u002D" not in "".join(page.extract_text() for page in pages)


@pytest.mark.parametrize("slug", SEEDS)
def test_decline_and_referral_letters(seeded, travel, slug):
    travel("2026-03-02")
    procedure = Procedure.objects.filter(organisation__slug=slug).order_by("id").first()
    assert procedure is not None
    complaint = ComplaintFactory.create(procedure=procedure)
    if complaint.state == "open":
        declined = ComplaintFactory.create(procedure=procedure, declined=True)
    else:
        # Zorgkracht 12's formal complaints start with an outside body, which cannot be
        # declined by the organisation; the letter is rendered with a reason all the same.
        declined = complaint
        declined.declined_reason = "De klacht gaat niet over onze zorg."
    _facts, letter = render(declined, DocumentKind.DECLINE_NOTICE, "nl")
    assert "De klacht gaat niet over onze zorg." in letter.text
    assert "Waarom niet?" in letter.text

    scheme = procedure.scheme_version.scheme()
    if complaint.state == "open":
        body = scheme.bodies[0]
        complaint = services.complaint_refer(
            complaint, actor=staff(), body=body.id, handed_over="Het klachtformulier."
        )
    else:
        body = scheme.body(complaint.referrals.get().body)
    _facts, letter = render(complaint, DocumentKind.REFERRAL, "en")
    assert body.name.en in letter.text
    assert "continues at" in letter.text
    for line in contact_lines(list(body.contact)):
        assert line in letter.text


def test_a_judgement_for_signature_has_a_line_per_signer(seeded, travel):
    """Nexxtep's judgement is signed by complainant, officer and employee when resolved."""
    travel("2026-03-02")
    procedure = Procedure.objects.get(organisation__slug="nexxtep")
    complaint = ComplaintFactory.create(procedure=procedure, acknowledged=True)
    complaint = services.complaint_judgement_record(
        complaint,
        actor=staff(),
        verdict=Verdict.UPHELD,
        reasons="Terecht: de afspraken zijn twee keer niet nagekomen.",
        resolved=True,
    )
    kinds = set(complaint.letters.values_list("kind", flat=True))
    assert kinds & {"decision", "judgement"}
    letter = complaint.letters.get(kind__in=["decision", "judgement"])
    assert "Voor akkoord getekend" in letter.text
    assert letter.html.count('class="signature"') == 3
    pdf = pdf_from_html(letter.html)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_iederzijnwerk_writes_the_closing_report_again_with_the_satisfaction(seeded):
    """ "De klager ontvangt schriftelijke informatie van de directie over ... de mate van
    tevredenheid over de afhandeling": the report at closure cannot know it yet."""
    procedure = Procedure.objects.get(organisation__slug="iederzijnwerk")
    complaint = ComplaintFactory.create(procedure=procedure, step="management", closed=True)
    first = complaint.letters.get(kind="procedure_report")
    assert "dan krijgt u dit overzicht opnieuw, met uw antwoord" in first.text
    complaint = services.complaint_satisfaction_record(
        complaint, actor=services.Actor(name="De klager", complainant=True), score=4
    )
    again = complaint.letters.filter(kind="procedure_report").exclude(pk=first.pk).get()
    assert "4 / 5" in again.text


def test_a_closing_report_without_satisfaction_is_not_written_again(seeded):
    procedure = Procedure.objects.get(organisation__slug="permens")
    complaint = ComplaintFactory.create(procedure=procedure, step="committee", closed=True)
    before = complaint.letters.count()
    complaint = services.complaint_satisfaction_record(
        complaint, actor=services.Actor(name="De klager", complainant=True), score=2
    )
    assert complaint.letters.count() == before
