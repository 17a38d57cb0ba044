"""The public annual report of a youth procedure (Jeugdwet art. 4.3.1): the procedure and
how it is made known, the committee, the number and nature of the complaints, the
thrust of the judgements and recommendations, and the measures taken.

It is meant to be published, so it holds no personal data: counts under
``SMALL_NUMBER`` read "< 5", and the texts of recommendations and measures are shown,
with people removed, only when there were at least that many judgements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from klachtpad.complaints.models import Complaint, Judgement, Measure
from klachtpad.domain.anonymising import Redactor
from klachtpad.domain.reporting import SMALL_NUMBER, Period, describable, public_count
from klachtpad.domain.schemes.vocabulary import BodyKind, Handling
from klachtpad.organisations.models import Procedure
from klachtpad.reports.figures import MEASURE_STATES, Figures, Scope, figures_for
from klachtpad.reports.identifiers import complaint_identifiers, organisation_identifiers
from klachtpad.reports.report import labels_for, redactions


@dataclass(frozen=True)
class PublicRow:
    label: str
    current: str
    previous: str


@dataclass(frozen=True)
class PublicReport:
    organisation: str
    procedure: str
    year: int
    about: str
    steps: list[str]
    committees: list[str]
    totals: list[PublicRow]
    categories: list[PublicRow]
    verdicts: list[PublicRow]
    measures: list[PublicRow]
    recommendations: list[str]
    measure_texts: list[str]
    texts_withheld: bool
    threshold: int


def _rows(
    labels: dict[str, str], current: dict[str, int], before: dict[str, int]
) -> list[PublicRow]:
    keys = sorted(set(current) | set(before), key=lambda key: labels.get(key, key))
    return [
        PublicRow(
            labels.get(key, key) or _("not recorded"),
            public_count(current.get(key, 0)),
            public_count(before.get(key, 0)),
        )
        for key in keys
    ]


def _totals(current: Figures, before: Figures) -> list[PublicRow]:
    lines = [
        (_("Complaints received"), "received"),
        (_("of which formal complaints"), "formal"),
        (_("Complaints with a judgement"), "judged"),
        (_("Decided within the term"), "in_time"),
        (_("Decided after the term"), "late"),
        (_("Declined"), "declined"),
        (_("Withdrawn"), "withdrawn"),
        (_("Resolved"), "resolved"),
        (_("Still being handled"), "still_open"),
    ]
    return [
        PublicRow(label, public_count(getattr(current, key)), public_count(getattr(before, key)))
        for label, key in lines
    ]


def _all_verdicts(figures: Figures) -> dict[str, int]:
    found = dict(figures.verdicts)
    for per_verdict in figures.rulings.values():
        for verdict, n in per_verdict.items():
            found[verdict] = found.get(verdict, 0) + n
    return found


def _texts(procedure: Procedure, period: Period) -> tuple[list[str], list[str]]:
    received = Scope([procedure.organisation], period, procedure).filters("complaint", before=False)
    judgements = Judgement.objects.filter(complaint__handling=Handling.FORMAL.value, **received)
    recommendations = list(
        judgements.exclude(recommendations="").values_list("complaint_id", "recommendations")
    )
    measures = list(
        Measure.objects.filter(judgement__in=judgements).values_list(
            "judgement__complaint_id", "description"
        )
    )
    identifiers = organisation_identifiers([procedure.organisation])
    named = Complaint.objects.filter(pk__in=judgements.values("complaint_id"))
    for one in complaint_identifiers(named).values():
        identifiers.merge(one)
    clean = Redactor(identifiers, redactions())
    return (
        sorted({clean(text.strip()) for _pk, text in recommendations}),
        sorted({clean(text.strip()) for _pk, text in measures}),
    )


def public_report(procedure: Procedure, year: int, *, as_of: date) -> PublicReport:
    period = Period.year(year)
    current, before = figures_for(
        [procedure.organisation], period, procedure=procedure, as_of=as_of
    )
    labels = labels_for([procedure.organisation], [procedure])
    language = "en" if (get_language() or "nl").startswith("en") else "nl"
    spec = procedure.spec()
    scheme = procedure.scheme_version.scheme()
    committees = [
        body.name.get(language)
        for body in scheme.bodies
        if body.kind is BodyKind.COMPLAINTS_COMMITTEE
        and (
            any(step.handler.body == body.id for step in spec.steps)
            or any(outside.body == body.id for outside in spec.outside_bodies)
        )
    ]
    withheld = not describable(current.judged + current.declined)
    recommendations, measure_texts = ([], []) if withheld else _texts(procedure, period)
    return PublicReport(
        organisation=procedure.organisation.name,
        procedure=procedure.name_en if language == "en" else procedure.name_nl,
        year=year,
        about=(spec.about or spec.applies_to).get(language),
        steps=[step.name.get(language) for step in spec.steps],
        committees=committees,
        totals=_totals(current, before),
        categories=_rows(labels["categories"], current.categories, before.categories),
        # The judgements of the year, the organisation's and its committees' alike.
        verdicts=_rows(labels["verdicts"], _all_verdicts(current), _all_verdicts(before)),
        measures=[
            PublicRow(
                labels["measures"][state],
                public_count(current.measures.get(state, 0)),
                public_count(before.measures.get(state, 0)),
            )
            for state in MEASURE_STATES
        ],
        recommendations=recommendations,
        measure_texts=measure_texts,
        texts_withheld=withheld,
        threshold=SMALL_NUMBER,
    )
