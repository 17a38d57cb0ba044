"""What a letter says, gathered from the complaint file into plain words.

``facts_for`` reads one complaint at the moment a letter is written; ``sample_facts``
builds the same shape from the organisation's scheme and an invented complainant, for
the template preview. Templates see only these facts, never a model, so an edited
template cannot reach further into the database than the letter itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klachtpad.complaints.models import (
    ClosureChoices,
    Complaint,
    Judgement,
    Measure,
    Meeting,
    Referral,
    Term,
    TermExtension,
    TermStatusChoices,
    VerdictChoices,
)
from klachtpad.domain.schemes.model import ContactPoint, DocumentSpec, Procedure, Scheme
from klachtpad.domain.schemes.vocabulary import (
    BodyKind,
    DocumentContent,
    DocumentKind,
    SignatureMoment,
    TermKind,
    built_in,
)
from klachtpad.organisations.models import Organisation
from klachtpad.organisations.presenters import present_scheme, step_handler
from klachtpad.organisations.wording import PARTY_PHRASES, dialect, term_kind_label


@dataclass(frozen=True)
class BodyFacts:
    name: str
    contact: list[str]
    about: str = ""
    when: str = ""
    id: str = ""


@dataclass(frozen=True)
class MeasureFacts:
    description: str
    owner: str
    due: str
    realised: str = ""  # the day it was realised, in words
    realised_note: str = ""  # what was done


@dataclass(frozen=True)
class SignatureFacts:
    party: str
    name: str = ""
    signed_on: str = ""


@dataclass(frozen=True)
class StepFacts:
    name: str
    handler: str
    about: str


@dataclass
class JudgementFacts:
    verdict: str
    given_on: str
    given_by: str
    reasons: str
    decisions: str
    recommendations: str
    measures: list[MeasureFacts]
    resolved: bool
    body: str = ""  # the outside body whose ruling this is; blank: the organisation's own
    binding: bool = False


@dataclass
class LetterFacts:
    """Everything a letter template may use. Dates are words in the letter's language."""

    kind: str
    language: str
    organisation: str
    sender: list[str]
    date: str
    reference: str
    addressee: str
    address: list[str]
    client_name: str
    summary: str
    received_on: str
    procedure: str
    step: str
    handler: str
    signer: str
    contact: list[str]
    steps: list[StepFacts] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    outside: list[BodyFacts] = field(default_factory=list)
    disputes: list[BodyFacts] = field(default_factory=list)
    meeting_at: str = ""
    meeting_place: str = ""
    meeting_with: str = ""  # who will be there, as the officer wrote it
    companions: str = ""
    term_name: str = ""
    old_end: str = ""
    new_end: str = ""
    extension_reason: str = ""
    decline_reason: str = ""
    referral: BodyFacts | None = None
    handed_over: str = ""
    judgement: JudgementFacts | None = None
    ruling: JudgementFacts | None = None  # the ruling an answer answers
    decided_late: bool = False
    late_explanation: str = ""
    signatures: list[SignatureFacts] = field(default_factory=list)
    duration_days: int | None = None
    closure: str = ""
    satisfaction: str = ""
    measure: MeasureFacts | None = None  # the measure a measure notice is about
    satisfaction_follows: bool = False  # the report comes again once they answer
    # The language written in: English, or Dutch in the scheme's register ("nl-je").
    dialect: str = ""
    # A letter of the scheme's own: its subject and its text, as the scheme writes them.
    title: str = ""
    own_text: str = ""


def day_words(value: date) -> str:
    """A date as a letter writes it: "24 december 2026"."""
    return date_format(value, "j F Y")


def contact_lines(points: list[ContactPoint]) -> list[str]:
    lines: list[str] = []
    for point in points:
        for value in (point.name, point.address, point.phone, point.email, point.website):
            if value and value not in lines:
                lines.append(value)
    return lines


def _body(scheme: Scheme, body_id: str, language: str, when: str = "") -> BodyFacts:
    body = scheme.body(body_id)
    return BodyFacts(
        name=body.name.get(language),
        contact=contact_lines(list(body.contact)),
        about=body.about.get(language) if body.about else "",
        when=when,
        id=body.id,
    )


def _outside(scheme: Scheme, procedure: Procedure, language: str) -> list[BodyFacts]:
    return [
        _body(scheme, item.body, language, item.when.get(language))
        for item in procedure.outside_bodies
    ]


def disputes_route(
    scheme: Scheme, procedure: Procedure, language: str, ruled: frozenset[str] = frozenset()
) -> list[BodyFacts]:
    """Where the complainant can go after the decision: the disputes body first.

    The procedure's own outside bodies of kind disputes body, else any disputes body the
    scheme names, else the procedure's other outside bodies; never a body in ``ruled``,
    that has given its ruling on this complaint already.
    """
    outside = [
        (scheme.body(item.body).kind, _body(scheme, item.body, language, item.when.get(language)))
        for item in procedure.outside_bodies
        if item.body not in ruled
    ]
    disputes = [facts for kind, facts in outside if kind is BodyKind.DISPUTES_BODY]
    if disputes:
        return disputes
    named = [
        _body(scheme, body.id, language)
        for body in scheme.bodies
        if body.kind is BodyKind.DISPUTES_BODY and body.id not in ruled
    ]
    return named or [facts for _kind, facts in outside]


def _steps(scheme: Scheme, procedure: Procedure, language: str) -> list[StepFacts]:
    views = next(v for v in present_scheme(scheme, language) if v.procedure.id == procedure.id)
    return [
        StepFacts(
            name=v.step.name.get(language), handler=v.handler, about=v.step.about.get(language)
        )
        for v in views.steps
    ]


TERM_SENTENCES = {
    TermKind.ACKNOWLEDGEMENT: gettext_noop(
        "You receive a written confirmation of receipt by %(day)s."
    ),
    TermKind.FIRST_CONTACT: gettext_noop("We will contact you by %(day)s."),
    TermKind.DECISION: gettext_noop("You receive our written decision by %(day)s."),
    TermKind.RESPONSE: gettext_noop("The response to the judgement follows by %(day)s."),
    TermKind.REPORT: gettext_noop("The outside body reports on your complaint by %(day)s."),
}


def _term_sentence(procedure: Procedure, kind: str, end: date) -> str:
    own = procedure.vocabulary.term(kind)
    if own is not None:
        return _("By %(day)s: %(what)s.") % {
            "day": day_words(end),
            "what": own.label.get(translation.get_language() or "nl"),
        }
    return _(TERM_SENTENCES[TermKind(kind)]) % {"day": day_words(end)}


def letter_spec(
    procedure: Procedure, step_id: str, kind: DocumentKind | str
) -> DocumentSpec | None:
    """The scheme's description of this letter at ``step_id`` or for the whole procedure."""
    specs = list(procedure.step(step_id).documents) + list(procedure.documents)
    return next((spec for spec in specs if spec.kind == kind), None)


def _signatures(
    procedure: Procedure, step_id: str, kind: DocumentKind | str, judgement: Judgement | None
) -> list[SignatureFacts]:
    spec = letter_spec(procedure, step_id, kind)
    if spec is None or spec.signatures is None:
        return []
    if spec.signatures.when is SignatureMoment.WHEN_RESOLVED and not (
        judgement and judgement.resolved
    ):
        return []
    signed = {s.party: s for s in judgement.signatures.all()} if judgement else {}
    found = []
    for party in spec.signatures.by:
        signature = signed.get(party.value)
        found.append(
            SignatureFacts(
                party=capfirst(str(PARTY_PHRASES[party])),
                name=signature.name if signature else "",
                signed_on=day_words(signature.signed_on) if signature else "",
            )
        )
    return found


def _judgement(judgement: Judgement) -> JudgementFacts:
    return JudgementFacts(
        verdict=judgement.verdict_label(),
        given_on=day_words(judgement.given_on),
        given_by=judgement.given_by,
        reasons=judgement.reasons,
        decisions=judgement.decisions,
        recommendations=judgement.recommendations,
        measures=[
            MeasureFacts(m.description, m.owner, day_words(m.due_on))
            for m in judgement.measures.all()
        ],
        resolved=judgement.resolved,
        body=judgement.body_name,
        binding=judgement.binding,
    )


def facts_for(
    complaint: Complaint, kind: DocumentKind | str, *, at: datetime, signer: str, language: str
) -> LetterFacts:
    """The facts of ``kind`` for ``complaint`` as they stand now, in ``language``."""
    kind = built_in(DocumentKind, kind)
    scheme = complaint.procedure.scheme_version.scheme()
    procedure = scheme.procedure(complaint.procedure.key)
    written_in = dialect(scheme, language)
    with translation.override(written_in):
        handler, step_contacts = step_handler(scheme, procedure.step(complaint.step), language)
        facts = LetterFacts(
            kind=str(kind),
            language=language,
            dialect=written_in,
            organisation=scheme.organisation.legal_name or scheme.organisation.name,
            sender=contact_lines(list(scheme.organisation.contact)),
            date=day_words(timezone.localdate(at)),
            reference=complaint.reference,
            addressee=complaint.complainant_name,
            address=[line for line in complaint.complainant_address.splitlines() if line.strip()],
            client_name=complaint.client_name
            or (complaint.client.name if complaint.client else ""),
            summary=complaint.summary,
            received_on=day_words(complaint.formal_received_on or complaint.received_on),
            procedure=procedure.name.get(language),
            step=procedure.step(complaint.step).name.get(language),
            handler=handler,
            signer=signer,
            contact=contact_lines(step_contacts or list(scheme.organisation.contact)),
            steps=_steps(scheme, procedure, language),
            outside=_outside(scheme, procedure, language),
            disputes=disputes_route(
                scheme,
                procedure,
                language,
                frozenset(complaint.judgements.exclude(body="").values_list("body", flat=True)),
            ),
        )
        facts.terms = [
            _term_sentence(procedure, term.kind, term.end_on)
            for term in complaint.terms.filter(status=TermStatusChoices.RUNNING).order_by("end_on")
        ]
        _add_kind_facts(facts, complaint, kind, procedure)
    return facts


def _add_kind_facts(
    facts: LetterFacts, complaint: Complaint, kind: DocumentKind | str, procedure: Procedure
) -> None:
    own = procedure.vocabulary.document(kind)
    if own is not None:
        # The scheme's own letter may speak of the latest judgement or ruling.
        facts.title = own.label.get(facts.language)
        facts.own_text = own.text.get(facts.language)
        judgement = Judgement.objects.filter(complaint=complaint).order_by("-id").first()
        facts.judgement = _judgement(judgement) if judgement else None
    elif kind is DocumentKind.MEETING_INVITATION:
        meeting = Meeting.objects.filter(complaint=complaint).order_by("-id").first()
        if meeting is not None:
            if meeting.planned_for:
                local = timezone.localtime(meeting.planned_for)
                facts.meeting_at = date_format(local, "l j F Y, H:i")
            facts.meeting_place = meeting.place
            facts.meeting_with = meeting.participants
        step = procedure.step(meeting.step if meeting else complaint.step)
        facts.companions = step.companions.get(facts.language) if step.companions else ""
    elif kind is DocumentKind.EXTENSION_NOTICE:
        extension = TermExtension.objects.filter(term__complaint=complaint).order_by("-id").first()
        if extension is not None:
            term: Term = extension.term
            facts.term_name = term.kind_label()
            earlier = term.extensions.filter(id__lt=extension.id).order_by("-id").first()
            facts.old_end = day_words(earlier.new_end_on if earlier else term.original_end_on)
            facts.new_end = day_words(extension.new_end_on)
            facts.extension_reason = extension.reason
    elif kind is DocumentKind.DECLINE_NOTICE:
        facts.decline_reason = complaint.declined_reason
    elif kind is DocumentKind.MEASURE_NOTICE:
        measure = (
            Measure.objects.filter(judgement__complaint=complaint, realised_on__isnull=False)
            .order_by("-realised_on", "-id")
            .first()
        )
        if measure is not None and measure.realised_on is not None:
            facts.measure = MeasureFacts(
                measure.description,
                measure.owner,
                day_words(measure.due_on),
                day_words(measure.realised_on),
                measure.realised_note,
            )
    elif kind is DocumentKind.REFERRAL:
        referral = Referral.objects.filter(complaint=complaint).order_by("-id").first()
        if referral is not None:
            scheme = complaint.procedure.scheme_version.scheme()
            facts.referral = _body(scheme, referral.body, facts.language)
            facts.handed_over = referral.handed_over
    elif kind in (
        DocumentKind.DECISION,
        DocumentKind.JUDGEMENT,
        DocumentKind.PROCEDURE_REPORT,
        DocumentKind.ANSWER,
    ):
        _judgement_letter_facts(facts, complaint, kind, procedure)


def _judgement_letter_facts(
    facts: LetterFacts, complaint: Complaint, kind: DocumentKind | str, procedure: Procedure
) -> None:
    """A decision, judgement, answer or report on the handling: the latest judgement."""
    judgement = Judgement.objects.filter(complaint=complaint).order_by("-id").first()
    facts.judgement = _judgement(judgement) if judgement else None
    if kind is DocumentKind.ANSWER:
        # The ruling this letter answers: the body's latest before the answer.
        ruling = (
            Judgement.objects.filter(complaint=complaint).exclude(body="").order_by("-id").first()
        )
        facts.ruling = _judgement(ruling) if ruling else None
    facts.decided_late = complaint.decided_in_time is False
    facts.late_explanation = complaint.late_explanation
    facts.signatures = _signatures(procedure, complaint.step, kind, judgement)
    if kind is DocumentKind.PROCEDURE_REPORT:
        end = complaint.closed_on or timezone.localdate()
        facts.duration_days = (end - complaint.received_on).days
        facts.closure = str(ClosureChoices(complaint.closure).label) if complaint.closure else ""
        if complaint.satisfaction:
            facts.satisfaction = f"{complaint.satisfaction} / 5"
        facts.satisfaction_follows = any(
            DocumentContent.SATISFACTION in spec.contents
            for spec in procedure.all_documents()
            if spec.kind is DocumentKind.PROCEDURE_REPORT
        )


def sample_facts(
    organisation: Organisation, scheme: Scheme, kind: DocumentKind, language: str
) -> LetterFacts:
    """Invented facts in the shape of ``kind``, with the organisation's own scheme."""
    procedure = scheme.procedures[0]
    step = procedure.steps[0]
    today = timezone.localdate()
    written_in = dialect(scheme, language)
    with translation.override(written_in):
        handler, contacts = step_handler(scheme, step, language)
        facts = LetterFacts(
            kind=kind.value,
            language=language,
            dialect=written_in,
            organisation=scheme.organisation.legal_name or organisation.name,
            sender=contact_lines(list(scheme.organisation.contact)),
            date=day_words(today),
            reference=f"{today.year}-0001",
            addressee="J. de Vries",
            address=["Voorbeeldstraat 1", "1234 AB Utrecht"],
            client_name="J. de Vries",
            summary=_("Example complaint about an appointment that was cancelled"),
            received_on=day_words(today - timedelta(days=3)),
            procedure=procedure.name.get(language),
            step=step.name.get(language),
            handler=handler,
            signer=_("The complaints officer"),
            contact=contact_lines(contacts or list(scheme.organisation.contact)),
            steps=_steps(scheme, procedure, language),
            terms=[_term_sentence(procedure, TermKind.DECISION, today + timedelta(weeks=6))],
            outside=_outside(scheme, procedure, language),
            disputes=disputes_route(scheme, procedure, language),
            meeting_at=date_format(today + timedelta(days=7), "l j F Y") + ", 10:00",
            meeting_place=_("Our office"),
            meeting_with=_("The complaints officer and your key worker"),
            companions=step.companions.get(language) if step.companions else "",
            term_name=term_kind_label(TermKind.DECISION),
            old_end=day_words(today + timedelta(weeks=1)),
            new_end=day_words(today + timedelta(weeks=5)),
            extension_reason=_("We are still waiting for the statement of a colleague."),
            decline_reason=_("The events took place more than a year ago."),
            referral=next(iter(_outside(scheme, procedure, language)), None),
            handed_over=_("The complaint form and our notes of the meeting."),
            judgement=_sample_judgement(today),
            signatures=_sample_signatures(procedure, kind),
            duration_days=24,
            closure=str(ClosureChoices.JUDGED.label),
            satisfaction="4 / 5",
            measure=_sample_measure(today, realised=True),
        )
    return facts


def _sample_measure(today: date, *, realised: bool = False) -> MeasureFacts:
    due = day_words(today + timedelta(14))
    if not realised:
        return MeasureFacts(_("A new appointment"), _("Key worker"), due)
    return MeasureFacts(
        _("A new appointment"),
        _("Key worker"),
        due,
        day_words(today),
        _("The new appointment took place on time."),
    )


def _sample_judgement(today: date) -> JudgementFacts:
    return JudgementFacts(
        verdict=str(VerdictChoices.PARTLY_UPHELD.label),
        given_on=day_words(today),
        given_by=_("The complaints officer"),
        reasons=_("The appointment was cancelled without notice."),
        decisions=_("We apologise and plan a new appointment."),
        recommendations=_("Confirm cancellations by phone."),
        measures=[_sample_measure(today)],
        resolved=True,
    )


def _sample_signatures(procedure: Procedure, kind: DocumentKind) -> list[SignatureFacts]:
    """A signature line for each party the scheme has sign a letter of ``kind``."""
    return [
        SignatureFacts(capfirst(str(PARTY_PHRASES[party])))
        for spec in procedure.all_documents()
        if spec.kind is kind and spec.signatures
        for party in spec.signatures.by
    ]
