"""The judgement's legal contents (Wkkgz art. 17(1)) and its measures carried out: from
the page, with a letter to the complainant where the scheme asks for one, reminders to
the owner before the date and escalation after it, and the report's figures."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from klachtpad.complaints import services
from klachtpad.complaints.models import Complaint, Measure
from klachtpad.domain.judgements import JudgementContents, judgement_problems
from klachtpad.domain.reporting import Period
from klachtpad.domain.schemes.vocabulary import Regime, Verdict
from klachtpad.notifications.models import StaffNotification
from klachtpad.notifications.reminders import reminders_send
from klachtpad.organisations.models import Organisation, Procedure
from klachtpad.organisations.services import scheme_load
from klachtpad.reports.figures import figures_for
from tests.complaints.factories import ComplaintFactory
from tests.staff.conftest import member

pytestmark = pytest.mark.django_db

REASONS = "De begeleider kwam drie keer te laat, zo blijkt uit het rooster."


@pytest.mark.parametrize(
    ("regime", "contents", "problems"),
    [
        # "Klopt." explains nothing; under the Wkkgz decisions and measures are missing too.
        (Regime.WKKGZ, JudgementContents("Klopt."), 3),
        (Regime.WKKGZ, JudgementContents(REASONS, "Excuses.", measures=1), 0),
        (
            Regime.WKKGZ,
            JudgementContents(REASONS, "Excuses.", no_measures_reason="Al opgelost."),
            0,
        ),
        # Measures and "no measures, because" contradict each other.
        (Regime.WKKGZ, JudgementContents(REASONS, "Excuses.", 1, "Geen nodig."), 1),
        # A contract scheme (Nexxtep) asks for reasons only.
        (Regime.CONTRACT, JudgementContents(REASONS), 0),
        (Regime.CONTRACT, JudgementContents("Klopt."), 1),
        (Regime.JEUGDWET, JudgementContents(REASONS), 0),
    ],
)
def test_what_a_judgement_must_contain(regime, contents, problems):
    assert len(judgement_problems(regime, contents)) == problems


def page(complaint: Complaint) -> str:
    return f"/staff/{complaint.organisation.slug}/complaints/{complaint.reference}/"


def post(client, complaint, action, **fields):
    data = {f"{action}-{name}": value for name, value in fields.items()}
    data["version"] = str(complaint.version)
    return client.post(f"{page(complaint)}do/{action}/", data)


def test_a_wkkgz_judgement_without_its_contents_is_refused_on_the_page(sign_in, seeded):
    next_org = Organisation.objects.get(slug="next")
    complaint = ComplaintFactory.create(procedure=next_org.procedures.get(), acknowledged=True)
    client = sign_in(member(next_org, "complaints_officer", "klachten"))
    answer = post(client, complaint, "judgement", verdict="upheld", reasons="Klopt.")
    assert answer.status_code == 422
    html = answer.content.decode()
    assert "Geef de redenen voor het oordeel" in html
    assert "Wkkgz art. 17 lid 1 onder b" in html
    assert "Wkkgz art. 17 lid 1 onder c" in html
    assert "Klopt." in html  # what was typed is kept
    complaint.refresh_from_db()
    assert complaint.state == "open"
    accepted = post(
        client,
        complaint,
        "judgement",
        verdict="upheld",
        reasons=REASONS,
        decisions="Wij bieden excuses aan.",
        no_measures_reason="De begeleider is al vervangen.",
    )
    assert accepted.status_code == 302
    assert "De begeleider is al vervangen." in client.get(page(complaint)).content.decode()


@pytest.fixture
def judged(seeded):
    next_org = Organisation.objects.get(slug="next")
    officer = member(next_org, "complaints_officer", "klachten")
    owner = member(next_org, "line_manager", "teamleider")
    complaint = ComplaintFactory.create(procedure=next_org.procedures.get(), acknowledged=True)
    due = timezone.localdate() + timedelta(days=30)
    complaint = services.complaint_judgement_record(
        complaint,
        actor=services.Actor.staff(officer),
        verdict=Verdict.UPHELD,
        reasons=REASONS,
        decisions="Een vaste begeleider.",
        measures=[services.MeasureInput("Vaste begeleider toewijzen", "", due, owner)],
    )
    return complaint, officer, owner


def test_the_officer_records_a_measure_realised_and_the_report_counts_it(sign_in, judged):
    complaint, officer, owner = judged
    measure = Measure.objects.get(judgement__complaint=complaint)
    assert measure.owner == owner.get_full_name()  # named after the colleague chosen
    client = sign_in(officer)
    assert 'id="action-measurerealise"' in client.get(page(complaint)).content.decode()
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    refused = post(
        client,
        complaint,
        "measurerealise",
        measure=str(measure.pk),
        realised_on=future,
        note="Gedaan.",
    )
    assert refused.status_code == 422 and "in de toekomst" in refused.content.decode()
    today = timezone.localdate()
    done = post(
        client,
        complaint,
        "measurerealise",
        measure=str(measure.pk),
        realised_on=today.isoformat(),
        note="Sanne is de vaste begeleider sinds vandaag.",
    )
    assert done.status_code == 302
    html = client.get(page(complaint)).content.decode()
    assert "Sanne is de vaste begeleider sinds vandaag." in html
    assert 'id="action-measurerealise"' not in html  # nothing left to realise
    measure.refresh_from_db()
    assert measure.realised_on == today
    this, _before = figures_for(
        [complaint.organisation], Period.year(complaint.received_on.year), as_of=today
    )
    assert this.measures.get("on_time") == 1


def test_the_complainant_gets_a_letter_where_the_scheme_asks(seeded):
    text = (Path(__file__).resolve().parents[2] / "schemes" / "permens.yaml").read_text()
    text = text.replace("slug: permens", "slug: permens-brief").replace(
        "      - kind: decision\n",
        "      - kind: measure_notice\n      - kind: decision\n",
    )
    scheme_load(text=text, source="test")
    procedure = Procedure.objects.get(organisation__slug="permens-brief")
    officer = services.Actor.staff(member(procedure.organisation, "complaints_officer", "k"))
    complaint = ComplaintFactory.create(procedure=procedure, step="committee", acknowledged=True)
    complaint = services.complaint_judgement_record(
        complaint,
        actor=officer,
        verdict=Verdict.UPHELD,
        reasons=REASONS,
        decisions="Het dak wordt gerepareerd.",
        measures=[
            services.MeasureInput("Dak repareren", "Vastgoed", timezone.localdate() + timedelta(9))
        ],
    )
    measure = Measure.objects.get(judgement__complaint=complaint)
    complaint = services.complaint_measure_realise(
        complaint, actor=officer, measure_id=measure.pk, note="Het dak is gerepareerd."
    )
    letter = complaint.letters.get(kind="measure_notice")
    assert "Dak repareren" in letter.text and "Het dak is gerepareerd." in letter.text
    assert "Gedaan op" in letter.text


def test_without_that_document_the_complainant_gets_no_letter(judged):
    complaint, officer, _owner = judged
    measure = Measure.objects.get(judgement__complaint=complaint)
    complaint = services.complaint_measure_realise(
        complaint, actor=services.Actor.staff(officer), measure_id=measure.pk, note="Gedaan."
    )
    assert not complaint.letters.filter(kind="measure_notice").exists()


def test_the_owner_is_reminded_before_the_date_and_management_after_it(judged, travel):
    complaint, officer, owner = judged
    manager = member(complaint.organisation, "management", "directie")
    measure = Measure.objects.get(judgement__complaint=complaint)
    StaffNotification.objects.all().delete()

    def mine(user, word):
        return StaffNotification.objects.filter(
            user=user, kind="measure_reminder", template__contains=word
        ).count()

    travel(str(measure.due_on - timedelta(days=1)), hour=8)
    reminders_send(timezone.now())
    reminders_send(timezone.now())
    assert mine(owner, "is due on") == 1 and mine(officer, "is due") == 0
    travel(str(measure.due_on + timedelta(days=1)), hour=8)
    reminders_send(timezone.now())
    travel(str(measure.due_on + timedelta(days=2)), hour=8)
    reminders_send(timezone.now())
    assert mine(owner, "is not realised") == 2
    assert mine(manager, "answers for its measures") == 1
    services.complaint_measure_realise(
        complaint, actor=services.Actor.staff(officer), measure_id=measure.pk, note="Gedaan."
    )
    travel(str(measure.due_on + timedelta(days=3)), hour=8)
    reminders_send(timezone.now())
    assert mine(owner, "is not realised") == 2  # realised: no more reminders
