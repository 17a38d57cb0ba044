"""A report: its figures for two periods, the recorded explanations with what identifies
people removed, the improvement actions, and the labels to show them with.

``report_build`` is the one place a report is put together; the page, the PDF, CSV and
XLSX downloads and the platform report all read what it returns, through ``sections``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from klachtpad.complaints.models import (
    ChannelChoices,
    Complaint,
    OutcomeChoices,
    TermExtension,
    VerdictChoices,
)
from klachtpad.domain.anonymising import Redactions, Redactor
from klachtpad.domain.reporting import Period
from klachtpad.domain.schemes.vocabulary import LateAgainst, ReportCovers
from klachtpad.domain.workflow import Closure
from klachtpad.organisations.models import Category, Organisation, Procedure
from klachtpad.organisations.selectors import organisation_members, scheme_texts, step_names
from klachtpad.reports.figures import PENDING, Figures, Scope, figures_for
from klachtpad.reports.identifiers import complaint_identifiers, organisation_identifiers
from klachtpad.reports.models import ImprovementAction, ImprovementStatusChoices
from klachtpad.reports.selectors import improvement_overdue


@dataclass(frozen=True)
class Explained:
    """A recorded explanation (why late, why declined), with people removed."""

    reference: str
    text: str


@dataclass
class Improvements:
    created: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    done_on_time: int = 0
    open_overdue: int = 0


@dataclass
class Report:
    organisations: list[Organisation]
    procedure: Procedure | None
    member: str
    covers: ReportCovers
    period: Period
    as_of: date
    current: Figures
    before: Figures
    late: list[Explained]
    late_against_base: bool
    declined: list[Explained]
    improvements: Improvements
    labels: dict[str, dict[str, str]]

    @property
    def previous(self) -> Period:
        return self.period.previous()


def redactions() -> Redactions:
    return Redactions(
        name=_("name"),
        number=_("client number"),
        contact=_("contact details"),
        address=_("address"),
        birth_date=_("date of birth"),
        bsn=_("BSN"),
        account=_("bank account"),
        health=_("health information"),
        file=_("file"),
    )


def report_procedures(
    organisations: Sequence[Organisation], procedure: Procedure | None
) -> list[Procedure]:
    """The procedures a report covers, with their scheme versions; a version's text and
    data are only read when its scheme was not read before."""
    if procedure is not None:
        return [procedure]
    return list(
        Procedure.objects.filter(organisation__in=organisations)
        .select_related("scheme_version")
        .defer(*scheme_texts("scheme_version"))
    )


def late_against_base(procedures: Sequence[Procedure]) -> bool:
    """Whether a scheme in scope counts late decisions against the first term
    (``reports: late_against: base_term``), as IederZijnWerk's yearly report does."""
    return any(
        spec.late_against is LateAgainst.BASE_TERM
        for one in procedures
        for spec in one.spec().reports
    )


def _explanations(
    organisations: Sequence[Organisation],
    period: Period,
    procedure: Procedure | None,
    *,
    member: str = "",
    covers: ReportCovers = ReportCovers.RECEIVED,
    against_base: bool = False,
) -> tuple[list[Explained], list[Explained]]:
    """Why decisions came late and why complaints were declined. Counted against the
    first term, a decision after it is explained by the extension's reason."""
    received = Scope(organisations, period, procedure, member, covers).filters(before=False)
    late_filter = Q(decided_within_base=False) if against_base else Q(decided_in_time=False)
    listed = Complaint.objects.filter(
        late_filter | Q(closure=Closure.DECLINED.value), **received
    ).annotate(
        extension_reason=Subquery(
            TermExtension.objects.filter(term__complaint=OuterRef("pk"))
            .order_by("id")
            .values("reason")[:1]
        )
    )
    rows = [
        (pk, reference, within_base if against_base else in_time, late_text or reason or "", text)
        for pk, reference, in_time, within_base, late_text, reason, text in listed.order_by(
            "received_on", "id"
        ).values_list(
            "pk",
            "reference",
            "decided_in_time",
            "decided_within_base",
            "late_explanation",
            "extension_reason",
            "declined_reason",
        )
    ]
    if not rows:
        return [], []
    # One set for all the listed complaints: a name from one file is removed from every
    # explanation, which only removes more.
    identifiers = organisation_identifiers(organisations)
    for one in complaint_identifiers(listed).values():
        identifiers.merge(one)
    clean = Redactor(identifiers, redactions())
    late, declined = [], []
    for _pk, reference, in_time, late_text, declined_text in rows:
        if in_time is False:
            late.append(Explained(reference, clean(late_text)))
        if declined_text:
            declined.append(Explained(reference, clean(declined_text)))
    return late, declined


def _improvements(
    organisations: Sequence[Organisation], period: Period, as_of: date
) -> Improvements:
    actions = ImprovementAction.objects.filter(
        organisation__in=organisations, created_on__range=(period.start, period.end)
    )
    found = Improvements()
    rows = actions.values("status").annotate(
        n=Count("id"),
        on_time=Count("id", filter=Q(done_on__isnull=False, done_on__lte=F("due_on"))),
        overdue=Count("id", filter=improvement_overdue(as_of)),
    )
    for row in rows.order_by():
        found.created += row["n"]
        found.by_status[row["status"]] = row["n"]
        found.done_on_time += row["on_time"]
        found.open_overdue += row["overdue"]
    return found


def labels_for(
    organisations: Sequence[Organisation], procedures: Sequence[Procedure]
) -> dict[str, dict[str, str]]:
    english = (get_language() or "nl").startswith("en")
    categories = Category.objects.filter(organisation__in=organisations)
    steps: dict[str, str] = {}
    verdicts = {str(value): str(label) for value, label in VerdictChoices.choices}
    for procedure in procedures:
        names = step_names(procedure.scheme_version_id, procedure.key, "en" if english else "nl")
        for step, name in names.items():
            steps.setdefault(step, name)
        for word in procedure.spec().vocabulary.verdicts:
            verdicts.setdefault(word.id, word.label.get("en" if english else "nl"))
    return {
        "channels": {str(value): str(label) for value, label in ChannelChoices.choices},
        "categories": {
            category.code: category.name_en if english else category.name_nl
            for category in categories
        },
        "ended_at_step": steps,
        "members": {
            member.id: member.name
            for organisation in organisations
            for member in organisation_members(organisation)
        },
        "verdicts": verdicts,
        "measures": {
            "on_time": _("realised in time"),
            "late": _("realised late"),
            "open_overdue": _("not realised, date passed"),
            "open": _("not yet realised, date not passed"),
        },
        "outcomes": {
            **{str(value): str(label) for value, label in OutcomeChoices.choices},
            PENDING: _("no outcome yet"),
        },
        "improvements": {
            str(value): str(label) for value, label in ImprovementStatusChoices.choices
        },
    }


def report_build(
    organisations: Sequence[Organisation],
    period: Period,
    *,
    procedure: Procedure | None = None,
    member: str = "",
    covers: ReportCovers = ReportCovers.RECEIVED,
    as_of: date,
) -> Report:
    """The report of a period; ``member``: only one member provider's complaints;
    ``covers``: the complaints received in the period, or those closed in it."""
    current, before = figures_for(
        organisations, period, procedure=procedure, member=member, covers=covers, as_of=as_of
    )
    procedures = report_procedures(organisations, procedure)
    against_base = late_against_base(procedures)
    late, declined = _explanations(
        organisations,
        period,
        procedure,
        member=member,
        covers=covers,
        against_base=against_base,
    )
    return Report(
        organisations=list(organisations),
        procedure=procedure,
        member=member,
        covers=covers,
        period=period,
        as_of=as_of,
        current=current,
        before=before,
        late=late,
        late_against_base=against_base,
        declined=declined,
        improvements=_improvements(organisations, period, as_of),
        labels=labels_for(organisations, procedures),
    )
