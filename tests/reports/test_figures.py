"""A report over complaints whose figures are known: every number is checked."""

from __future__ import annotations

from datetime import date

import pytest

from klachtpad.complaints import services
from klachtpad.complaints.models import Complaint
from klachtpad.complaints.services.judgements import MeasureInput
from klachtpad.domain.reporting import Period, describable, median_of_counts
from klachtpad.domain.schemes.vocabulary import Channel, Handling, StepOutcome, Verdict
from klachtpad.organisations.models import Procedure
from klachtpad.reports.figures import Figures, figures_by_organisation, figures_for
from klachtpad.reports.models import ImprovementAction
from klachtpad.reports.report import report_build
from klachtpad.reports.sections import sections
from tests.reports.build import Builder

pytestmark = pytest.mark.django_db

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))
AS_OF = "2026-07-01"


@pytest.fixture
def known(seeded, travel):
    """Seven complaints in the first half of 2026 and two in the half before."""
    procedure = Procedure.objects.get(organisation__slug="iederzijnwerk", key="ambulant")
    build = Builder(procedure, travel)
    actor = build.actor

    # In time, partly upheld, closed; satisfied (4). 2 Feb to 9 Mar: 35 days.
    a = build.complaint(
        "2026-02-02", categories=("support", "agreements"), location="Utrecht", care_type="WMO"
    )
    build.on("2026-03-09")
    a = services.complaint_judgement_record(
        a,
        actor=actor,
        verdict=Verdict.PARTLY_UPHELD,
        reasons="Deels terecht: de afspraak is twee keer verzet.",
        decisions="Excuses aangeboden.",
        no_measures_reason="De begeleider is al vervangen.",
    )
    a = services.complaint_close(a, actor=actor)
    services.complaint_satisfaction_record(a, actor=actor, score=4)

    # Late (term ends 16 Feb), upheld with four measures. 5 Jan to 20 Mar: 74 days.
    b = build.complaint(
        "2026-01-05", channel=Channel.LETTER, categories=("support",), location="Utrecht"
    )
    build.on("2026-03-20")
    b = services.complaint_judgement_record(
        b,
        actor=actor,
        verdict=Verdict.UPHELD,
        reasons="Terecht: de begeleiding is drie weken niet gekomen.",
        decisions="Het rooster wordt herzien.",
        late_explanation="Vertraagd: de coördinator was ziek.",
        measures=[
            MeasureInput("Rooster aanpassen", "teamleider", date(2026, 4, 1)),
            MeasureInput("Scholing", "teamleider", date(2026, 4, 1)),
            MeasureInput("Nieuwe afspraken", "teamleider", date(2026, 5, 1)),
            MeasureInput("Evaluatie", "teamleider", date(2026, 12, 1)),
        ],
    )
    measures = list(b.judgements.get().measures.order_by("id"))
    measures[0].realised_on = date(2026, 3, 30)  # in time
    measures[1].realised_on = date(2026, 4, 10)  # late
    for measure in measures[:2]:
        measure.save()
    # measures[2]: not realised, date passed; measures[3]: not yet due
    b = services.complaint_close(b, actor=actor)
    services.complaint_satisfaction_record(b, actor=actor, score=2)

    # Declined on 3 March: 9 days after 22 February.
    c = build.complaint("2026-02-22", channel=Channel.FORM, location="Zeist")
    build.on("2026-03-03")
    services.complaint_decline(c, actor=actor, motivation="Gaat niet over onze zorg.")

    # A concern, withdrawn.
    d = build.complaint("2026-03-10", handling=Handling.INFORMAL, channel=Channel.IN_PERSON)
    build.on("2026-03-11")
    services.complaint_withdraw(d, actor=actor)

    # Referred to the complaints committee, which did not resolve it: still open.
    e = build.complaint("2026-04-01", care_type="WMO")
    build.on("2026-04-02")
    e = services.complaint_refer(e, actor=actor, body="kpz", handed_over="Het dossier.")
    build.on("2026-04-20")
    services.complaint_referral_outcome(
        e, actor=actor, outcome=StepOutcome.NOT_RESOLVED, summary="Niet opgelost."
    )

    # Open, its term (6 weeks from 2 March) long passed.
    build.complaint("2026-03-02", categories=("agreements",))

    # Open, received in June: its term still runs.
    build.complaint("2026-06-15", channel=Channel.LETTER)

    # The period before: one in time and closed, one concern resolved.
    g = build.complaint("2025-09-01")
    build.on("2025-09-15")
    g = services.complaint_judgement_record(
        g,
        actor=actor,
        verdict=Verdict.NOT_UPHELD,
        reasons="Niet terecht: de afspraak is wel nagekomen volgens het dossier.",
        decisions="Geen verdere stappen.",
        no_measures_reason="Er is niets misgegaan.",
    )
    services.complaint_close(g, actor=actor)
    build.complaint("2025-12-01", handling=Handling.INFORMAL, channel=Channel.PHONE)
    # Outside both periods: not counted.
    build.complaint("2025-06-30")

    build.on(AS_OF)
    ImprovementAction.objects.create(
        organisation=procedure.organisation,
        title="Roosters",
        owner="teamleider",
        due_on=date(2026, 5, 1),
        created_by="x",
        created_on=date(2026, 3, 1),
    )
    return procedure


def test_every_figure_of_the_period(known):
    report = report_build([known.organisation], PERIOD, as_of=date.fromisoformat(AS_OF))
    assert report.current == Figures(
        received=7,
        concerns=1,
        formal=6,
        still_open=3,
        open_past_term=2,  # the referred one and the one of 2 March
        decided=3,
        in_time=2,
        late=1,
        late_base=1,  # b: after the six weeks, and never extended
        declined=1,
        withdrawn=1,
        resolved=0,
        judged=2,
        referred=1,
        handled=4,
        handling_days_median=22.0,  # 1, 9, 35, 74 days
        handling_days_longest=74,
        satisfaction_answers=2,
        satisfaction_average=3.0,
        satisfaction={"4": 1, "2": 1},
        channels={"email": 3, "letter": 2, "form": 1, "in_person": 1},
        categories={"support": 2, "agreements": 2},
        locations={"Utrecht": 2, "Zeist": 1, "": 4},
        care_types={"WMO": 2, "": 5},
        ended_at_step={"management": 3, "employee": 1},
        verdicts={"partly_upheld": 1, "upheld": 1},
        measures={"on_time": 1, "late": 1, "open_overdue": 1, "open": 1},
        referrals={"Klachtenportaal Zorg": {"not_resolved": 1}},
        handling_days={"1": 1, "9": 1, "35": 1, "74": 1},
    )
    assert len(report.late) == 1
    assert len(report.declined) == 1
    assert report.late[0].text == "Vertraagd: de coördinator was ziek."
    assert report.declined[0].text == "Gaat niet over onze zorg."
    assert report.improvements.created == 1
    assert report.improvements.open_overdue == 1


def test_the_period_before_is_counted_alongside(known):
    report = report_build([known.organisation], PERIOD, as_of=date.fromisoformat(AS_OF))
    assert report.previous == Period(date(2025, 7, 1), date(2025, 12, 31))
    before = report.before
    assert (before.received, before.formal, before.concerns) == (2, 1, 1)
    assert (before.decided, before.in_time, before.judged) == (1, 1, 1)
    assert before.verdicts == {"not_upheld": 1}
    assert before.handling_days_median == 14.0
    assert before.channels == {"email": 1, "phone": 1}
    totals = {
        row.label: (row.current, row.previous, row.change) for row in sections(report)[0].rows
    }
    assert totals["Ontvangen in de periode"] == (7, 2, 5)


def test_another_organisations_report_counts_none_of_them(known):
    mine = report_build(
        [known.organisation], PERIOD, procedure=known, as_of=date.fromisoformat(AS_OF)
    )
    assert mine.current.received == 7
    other = Procedure.objects.exclude(organisation=known.organisation).first()
    assert other is not None
    report = report_build([other.organisation], PERIOD, as_of=date.fromisoformat(AS_OF))
    assert report.current == Figures()
    assert report.late == report.declined == []


def test_the_median_of_counted_values():
    assert median_of_counts({}) is None
    assert median_of_counts({5: 1}) == 5.0
    assert median_of_counts({1: 1, 9: 1, 35: 1, 74: 1}) == 22.0
    assert median_of_counts({3: 2, 10: 1}) == 3.0
    assert median_of_counts({3: 2, 10: 2}) == 6.5


def test_recommendations_are_described_from_five_decisions():
    assert not describable(4)
    assert describable(5)


def test_whole_months_compare_with_as_many_months_before():
    assert Period.year(2026).previous() == Period.year(2025)
    assert Period(date(2026, 3, 1), date(2026, 3, 31)).previous() == Period(
        date(2026, 2, 1), date(2026, 2, 28)
    )
    assert Period(date(2026, 4, 1), date(2026, 6, 30)).previous() == Period(
        date(2026, 1, 1), date(2026, 3, 31)
    )
    assert Period(date(2026, 3, 5), date(2026, 3, 14)).previous() == Period(
        date(2026, 2, 23), date(2026, 3, 4)
    )
    assert Period(date(2026, 3, 1), date(2026, 3, 1)).days == 1
    with pytest.raises(ValueError):
        Period(date(2026, 3, 2), date(2026, 3, 1))


def test_iederzijnwerk_counts_late_against_the_six_weeks_with_the_extensions_reason(seeded, travel):
    """ "Het aantal ingediende klachten dat niet binnen de gestelde termijn van 6 weken is
    afgehandeld, met toelichting": extended to 10 weeks and decided in week 8 is in time
    against the extended end, and late against the six weeks, explained by the extension."""

    procedure = Procedure.objects.get(organisation__slug="iederzijnwerk", key="ambulant")
    build = Builder(procedure, travel)
    complaint = build.complaint("2026-03-02")
    build.on("2026-04-10")
    complaint = services.complaint_term_extend(
        complaint,
        actor=build.actor,
        new_end=date(2026, 5, 11),
        notified_on=date(2026, 4, 10),
        reason="De betrokken medewerker is drie weken met verlof.",
    )
    build.on("2026-04-27")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=build.actor,
        verdict=Verdict.UPHELD,
        reasons="Terecht: de vervanging tijdens het verlof was niet geregeld.",
        decisions="Een vaste vervanger.",
        no_measures_reason="De vervanger is er al.",
    )
    assert (complaint.decided_in_time, complaint.decided_within_base) == (True, False)
    report = report_build([procedure.organisation], Period.year(2026), as_of=date(2026, 11, 1))
    assert (report.current.late, report.current.late_base) == (0, 1)
    assert report.late_against_base
    assert [item.text for item in report.late] == [
        "De betrokken medewerker is drie weken met verlof."
    ]


def test_a_verdict_of_the_schemes_own_is_counted_by_its_name(known):
    """A complaint judged with a verdict the scheme defines itself is counted under that
    verdict, in an organisation's report and in the figures per organisation."""
    procedure = Procedure.objects.get(organisation__slug="iederzijnwerk", key="ambulant")
    Complaint.objects.filter(
        procedure=procedure, verdict=Verdict.UPHELD.value, received_on__gte=PERIOD.start
    ).update(verdict="referred_elsewhere")
    as_of = date(2026, 7, 1)

    together, _before = figures_for([procedure.organisation], PERIOD, as_of=as_of)
    apart = figures_by_organisation([procedure.organisation], PERIOD, as_of=as_of)

    assert together.verdicts == {"partly_upheld": 1, "referred_elsewhere": 1}
    assert apart[procedure.organisation_id][0].verdicts == together.verdicts
