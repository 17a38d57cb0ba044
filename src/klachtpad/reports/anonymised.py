"""A closed complaint file without what identifies people, for discussion in the team.

Every text of the file passes through ``redact`` with what the file itself says about
its people and the names of the organisation's staff. Employees concerned become
"employee 1", "employee 2" with their job title; dates are kept to the month; the
reference, which leads back to the file, is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klachtpad.complaints.history import history_lines
from klachtpad.complaints.models import Complaint
from klachtpad.domain.anonymising import Identifiers, Redactor
from klachtpad.reports.identifiers import complaint_identifiers, organisation_identifiers
from klachtpad.reports.report import redactions


@dataclass
class Part:
    title: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (label, text)


@dataclass
class AnonymisedFile:
    heading: str
    parts: list[Part]
    history: list[str]


def _month(day: date | datetime | None) -> str:
    return date_format(day, "F Y") if day else "—"


Clean = Callable[[str], str]


def anonymised_file(complaint: Complaint) -> AnonymisedFile:
    employees = list(complaint.employees.all())
    aliases = {
        employee.name: _("employee %(number)s") % {"number": number}
        for number, employee in enumerate(employees, start=1)
    }
    clean = _cleaner(complaint, aliases)
    people = Part(
        _("Employees concerned"),
        [(aliases[employee.name], clean(employee.job_title) or "—") for employee in employees],
    )
    meetings = Part(
        _("Meetings"),
        [
            (_month(meeting.held_on), clean(f"{meeting.summary}\n{meeting.agreements}".strip()))
            for meeting in complaint.meetings.all()
        ],
    )
    referrals = Part(
        _("Outside bodies"),
        [
            (referral.body_name, clean(referral.outcome_summary) or referral.get_outcome_display())
            for referral in complaint.referrals.all()
        ],
    )
    feedback = Part(
        _("Feedback to the employee concerned"),
        [
            (
                aliases.get(item.employee.name, _("employee")),
                f"{_month(item.given_on)}: {clean(item.summary)}",
            )
            for item in complaint.feedback.select_related("employee")
        ],
    )
    history = [
        f"{_month(line.at)}: {clean(line.text)}"
        + (f" ({clean(line.reason)})" if line.reason else "")
        for line in history_lines(complaint)
    ]
    parts = (_about(complaint, clean), people, meetings, referrals, _outcome(complaint, clean))
    return AnonymisedFile(
        heading=_("Complaint received in %(month)s") % {"month": _month(complaint.received_on)},
        parts=[part for part in (*parts, feedback) if part.lines],
        history=history,
    )


def _cleaner(complaint: Complaint, aliases: dict[str, str]) -> Clean:
    """What the file says about its people and the organisation's staff names, taken out;
    the employees concerned first, as their aliases, so the discussion can tell them apart."""
    identifiers = Identifiers()
    identifiers.merge(organisation_identifiers([complaint.organisation]))
    file = Complaint.objects.filter(pk=complaint.pk)
    identifiers.merge(complaint_identifiers(file)[complaint.pk])
    redactor = Redactor(identifiers, redactions())
    longest_first = sorted(aliases.items(), key=lambda item: -len(item[0]))

    def clean(text: str) -> str:
        for name, alias in longest_first:
            if name:
                text = text.replace(name, f"[{alias}]")
        return redactor(text)

    return clean


def _about(complaint: Complaint, clean: Clean) -> Part:
    return Part(
        _("The complaint"),
        [
            (_("Procedure"), complaint.procedure.local_name),
            (_("Handling"), complaint.get_handling_display()),
            (_("Received by"), complaint.get_channel_display()),
            (_("Complaint made by"), complaint.relation_label()),
            (_("Received in"), _month(complaint.received_on)),
            (_("When it happened"), _month(complaint.event_date)),
            (_("Location"), clean(complaint.location) or "—"),
            (_("Type of care"), clean(complaint.care_type) or "—"),
            (_("Categories"), ", ".join(c.local_name for c in complaint.categories.all()) or "—"),
            (_("Summary"), clean(complaint.summary)),
            (_("What happened"), clean(complaint.description)),
            (_("What the complainant wants"), clean(complaint.desired_outcome) or "—"),
            (_("What was already tried"), clean(complaint.already_tried) or "—"),
        ],
    )


def _outcome(complaint: Complaint, clean: Clean) -> Part:
    outcome = Part(_("Outcome"), [(_("Ended as"), complaint.get_closure_display() or "—")])
    for judgement in complaint.judgements.prefetch_related("measures"):
        outcome.lines += [
            (_("Judgement"), judgement.verdict_label()),
            (_("Reasons"), clean(judgement.reasons)),
            (_("Decisions taken"), clean(judgement.decisions) or "—"),
            (_("Recommendations"), clean(judgement.recommendations) or "—"),
        ]
        for measure in judgement.measures.all():
            state = (
                _("realised in %(month)s") % {"month": _month(measure.realised_on)}
                if measure.realised_on
                else _("not realised")
            )
            outcome.lines.append(
                (
                    _("Measure"),
                    f"{clean(measure.description)} ({_('by')} {_month(measure.due_on)}; {state})",
                )
            )
    if complaint.declined_reason:
        outcome.lines.append((_("Why declined"), clean(complaint.declined_reason)))
    if complaint.late_explanation:
        outcome.lines.append((_("Why late"), clean(complaint.late_explanation)))
    if complaint.satisfaction:
        outcome.lines.append(
            (
                _("Satisfaction (1 to 5)"),
                f"{complaint.satisfaction} {clean(complaint.satisfaction_remark)}".strip(),
            )
        )
    return outcome
