"""Retention terms, holds, the purge, and people's requests about their data.

The purge is the one path that removes rows of the append-only tables (history, letters,
their PDFs and dispatches) and empties access-log details: it does so inside a permit
(``klachtpad.append_only``), in one transaction per file, and records itself (a
``Purge`` row and an access-log entry). The complaint row stays as the tombstone with
what reports count, so a report over a past period gives the same figures afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import django.dispatch
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import storages
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.audit.services import (
    LogLine,
    access_log_append,
    access_log_details_remove,
    access_log_expire,
)
from klachtpad.complaints.models import (
    Attachment,
    Client,
    ClientContact,
    Complaint,
    EmployeeConcerned,
    EmployeeStatement,
    Forwarded,
    HistoryEntry,
    Judgement,
    Measure,
    Meeting,
    OtherInvolved,
    OutgoingMessage,
    Referral,
    SessionItem,
    Share,
    Signature,
    Term,
    TermAgreement,
    TermExtension,
)
from klachtpad.complaints.services.transition import (
    Actor,
    Transition,
    TransitionRefused,
    complaint_transition,
)
from klachtpad.domain.messages import Message, gettext_noop
from klachtpad.domain.retention import (
    check_request_extension,
    check_years,
    purge_due_on,
    request_due_on,
    rule_for,
)
from klachtpad.domain.schemes.vocabulary import Handling
from klachtpad.domain.workflow import Action
from klachtpad.inbox.models import InboxItem
from klachtpad.inbox.services import items_remove
from klachtpad.letters.models import Letter, LetterDispatch, LetterPdf
from klachtpad.notifications.mailfiles import mail_files_remove
from klachtpad.notifications.models import (
    MailDelivery,
    MailKindChoices,
    StaffNotification,
)
from klachtpad.organisations.models import Organisation, PurgePermit
from klachtpad.reports.models import EmployeeFeedback
from klachtpad.retention.models import (
    Purge,
    RequestKindChoices,
    RequestStatusChoices,
    RetentionHold,
    RetentionRule,
    SubjectRequest,
)
from klachtpad.retention.selectors import Found, due_now, holds_of, rule_of, rules_of

# Sent inside a file's purge, before it commits, with the complaint: an interface that
# keeps rows of its own about a file (the public side's form rows and private links)
# removes them here.
file_purging = django.dispatch.Signal()

SYSTEM = "Klachtpad"

# The complaint's fields that hold personal data; emptied by the purge. What reports
# count (dates, procedure, handling, state, step, channel, location, care type, member,
# categories, verdict, timeliness, satisfaction score) stays.
PERSONAL_FIELDS = (
    "client_name",
    "complainant_name",
    "complainant_email",
    "complainant_phone",
    "complainant_address",
    "support_name",
    "summary",
    "description",
    "desired_outcome",
    "already_tried",
    "late_explanation",
    "declined_reason",
    "satisfaction_remark",
)


def _refuse_blank(**values: str) -> None:
    for name, value in values.items():
        if not value.strip():
            raise TransitionRefused(
                Message(gettext_noop("Fill in %(field)s."), {"field": name.replace("_", " ")})
            )


def retention_rule_set(
    *,
    organisation: Organisation,
    procedure: str,
    handling: str,
    years: int,
    reason: str,
    by: str,
) -> RetentionRule:
    """Set how long files of ``procedure`` (blank: every procedure) with ``handling``
    (blank: both) are kept after closure, and why."""
    refusal = check_years(years)
    if refusal:
        raise TransitionRefused(refusal)
    _refuse_blank(reason=reason)
    rule, _created = RetentionRule.objects.update_or_create(
        organisation=organisation,
        procedure=procedure,
        handling=handling,
        defaults={"years": years, "reason": reason.strip(), "set_by": by, "set_at": timezone.now()},
    )
    return rule


def retention_rule_remove(rule: RetentionRule) -> None:
    rule.delete()


def hold_set(complaint: Complaint, *, reason: str, by: str) -> RetentionHold:
    """Keep ``complaint`` past its term until released, for ``reason``."""
    _refuse_blank(reason=reason)
    if complaint.purged_on:
        raise TransitionRefused(Message(gettext_noop("This file's data were removed already.")))
    if RetentionHold.objects.filter(complaint=complaint, released_at__isnull=True).exists():
        raise TransitionRefused(Message(gettext_noop("This file is held already.")))
    return RetentionHold.objects.create(
        complaint=complaint, reason=reason.strip(), set_by=by, set_at=timezone.now()
    )


def hold_release(complaint: Complaint, *, reason: str, by: str) -> RetentionHold:
    """End the hold on ``complaint``: the next purge removes it if its term has passed."""
    _refuse_blank(reason=reason)
    hold = RetentionHold.objects.filter(complaint=complaint, released_at__isnull=True).first()
    if hold is None:
        raise TransitionRefused(Message(gettext_noop("This file is not held.")))
    hold.released_by, hold.released_at, hold.release_reason = by, timezone.now(), reason.strip()
    hold.save(update_fields=["released_by", "released_at", "release_reason"])
    return hold


@dataclass
class _Removal:
    """What one file's purge removes, counted per kind; the files on storage go once the
    purge has committed."""

    complaint: Complaint
    counts: dict[str, int]
    stored: list[tuple[str, str]]  # (storage, name)
    message_ids: list[str]

    def gone(self, kind: str, rows: Any) -> None:
        deleted = rows.delete()[0] if hasattr(rows, "delete") else int(rows)
        if deleted:
            self.counts[kind] = self.counts.get(kind, 0) + deleted


def _remove_messages(removal: _Removal) -> None:
    complaint = removal.complaint
    mails = MailDelivery.objects.filter(complaint=complaint)
    removal.message_ids = [mail.message_id for mail in mails]
    # The file's lines go from the staff's notifications; a daily digest already sent,
    # which told of several files, stays.
    removal.gone("notifications", StaffNotification.objects.filter(complaint=complaint))
    letters = Letter.objects.filter(complaint=complaint)
    pdfs = LetterPdf.objects.filter(letter__in=letters)
    removal.stored += [("letters", name) for name in pdfs.values_list("file", flat=True)]
    removal.gone("letter_dispatches", LetterDispatch.objects.filter(letter__in=letters))
    removal.gone("letter_pdfs", pdfs)
    removal.gone("letters", letters)
    removal.gone("mails", mails)
    removal.gone("messages", OutgoingMessage.objects.filter(complaint=complaint))
    received = InboxItem.objects.filter(complaint=complaint)
    removal.stored += [("attachments", name) for name in received.values_list("raw", flat=True)]
    removal.gone("mail_received", received)


def _remove_people(removal: _Removal) -> None:
    complaint = removal.complaint
    attachments = Attachment.objects.filter(complaint=complaint)
    removal.stored += [("attachments", name) for name in attachments.values_list("file", flat=True)]
    removal.gone("attachments", attachments)
    employees = EmployeeConcerned.objects.filter(complaint=complaint)
    removal.gone("feedback", EmployeeFeedback.objects.filter(complaint=complaint))
    removal.gone("statements", EmployeeStatement.objects.filter(employee__in=employees))
    removal.gone("employees", employees)
    removal.gone("others", OtherInvolved.objects.filter(complaint=complaint))
    removal.gone("shares", Share.objects.filter(complaint=complaint))
    removal.gone("session_items", SessionItem.objects.filter(complaint=complaint))
    removal.gone("meetings", Meeting.objects.filter(complaint=complaint))
    judgements = Judgement.objects.filter(complaint=complaint)
    removal.gone("signatures", Signature.objects.filter(judgement__in=judgements))
    removal.gone("history", HistoryEntry.objects.filter(complaint=complaint))


def _empty_texts(complaint: Complaint) -> None:
    """The rows reports count stay, without their texts."""
    judgements = Judgement.objects.filter(complaint=complaint)
    judgements.update(
        given_by="", reasons="", decisions="", recommendations="", no_measures_reason=""
    )
    Measure.objects.filter(judgement__in=judgements).update(
        description="", owner="", owner_user=None, realised_note=""
    )
    Referral.objects.filter(complaint=complaint).update(handed_over="", outcome_summary="")
    terms = Term.objects.filter(complaint=complaint)
    terms.update(stopped_reason="")
    TermExtension.objects.filter(term__in=terms).update(reason="")
    TermAgreement.objects.filter(term__in=terms).update(note="")
    Complaint.objects.filter(pk=complaint.pk).update(
        **dict.fromkeys(PERSONAL_FIELDS, ""),
        event_date=None,
        client=None,
        complainant_contact=None,
        purged_on=timezone.localdate(),
        version=complaint.version + 1,
    )


def _people_unused(complaint: Complaint) -> list[str]:
    """Remove the client, with the contact persons registered in their file, when no
    other file still names them; the numbers of the clients removed (the access log's
    details that name them go too). A client with other files keeps their record."""
    client = complaint.client
    if client is None:
        return []
    others = Complaint.objects.exclude(pk=complaint.pk).filter(
        Q(client=client) | Q(complainant_contact__client=client)
    )
    if others.exists():
        return []
    Complaint.objects.filter(pk=complaint.pk).update(client=None, complainant_contact=None)
    ClientContact.objects.filter(client=client).delete()
    Client.objects.filter(pk=client.pk).delete()
    return [client.client_number]


def _stored_remove(stored: list[tuple[str, str]], message_ids: list[str]) -> Callable[[], None]:
    def remove() -> None:
        for storage, name in stored:
            if name:
                storages[storage].delete(name)
        mail_files_remove(message_ids)

    return remove


def file_purge(complaint: Complaint, *, years: int, rule_reason: str, by: str = SYSTEM) -> Purge:
    """Remove every personal datum of ``complaint`` (its term has passed, nothing holds
    it, or the person asked for erasure): the rows that are only about people, the
    texts of the rows reports count, the letters, mail, history and files, the client
    when no other file names them, and the details of its access-log entries."""
    if complaint.purged_on or complaint.closed_on is None:
        raise TransitionRefused(
            Message(gettext_noop("Only a closed file whose data are still there can go."))
        )
    removal = _Removal(complaint, {}, [], [])
    with transaction.atomic():
        permit = PurgePermit.objects.create(reason=f"purge {complaint.pk}")
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA secure_delete = ON")
        file_purging.send(sender=Complaint, complaint=complaint, removal=removal.gone)
        _remove_messages(removal)
        _remove_people(removal)
        numbers = _people_unused(complaint)
        complaint.refresh_from_db(fields=["client", "complainant_contact", "version"])
        _empty_texts(complaint)
        removal.gone(
            "log_details",
            access_log_details_remove(complaint.organisation, [complaint.pk], numbers),
        )
        purge = Purge.objects.create(
            organisation=complaint.organisation,
            complaint=complaint,
            reference=complaint.reference,
            purged_at=timezone.now(),
            closed_on=complaint.closed_on,
            years=years,
            rule_reason=rule_reason,
            removed=removal.counts,
            by=by,
        )
        PurgePermit.objects.filter(pk=permit.pk).delete()
        transaction.on_commit(_stored_remove(removal.stored, removal.message_ids))
    access_log_append(
        [
            LogLine(
                complaint.organisation,
                by,
                LogActionChoices.CHANGE,
                LogOutcomeChoices.ALLOWED,
                f"personal data removed ({rule_reason[:200]})",
                complaint.pk,
                complaint.reference,
            )
        ],
        user=AnonymousUser(),
        client_address="-",
    )
    return purge


def _search_index_tidied() -> None:
    """SQLite's search index keeps what it once held until its segments are merged."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO complaints_complaint_search(complaints_complaint_search) "
                "VALUES ('optimize')"
            )


def forwarded_purge(organisation: Organisation, today: date) -> int:
    """Messages sent on to where they belong (no complaint was opened) lose the sender's
    data and their mails once the term for concerns of their procedure has passed,
    counted from receipt; what reports count (the subject, the day) stays."""
    rules = [rule_of(row) for row in rules_of(organisation)]
    if not rules:
        return 0
    waiting = Forwarded.objects.filter(
        organisation=organisation,
        received_on__lte=purge_due_on(today, -min(rule.years for rule in rules)),
    ).exclude(name="", email="", phone="", message="")
    due = []
    for forwarded in waiting.select_related("procedure"):
        rule = rule_for(rules, forwarded.procedure.key, Handling.INFORMAL.value)
        if rule is not None and purge_due_on(forwarded.received_on, rule.years) <= today:
            due.append(forwarded.pk)
    if not due:
        return 0
    with transaction.atomic():
        mails = MailDelivery.objects.filter(
            kind__in=[MailKindChoices.FORWARDED, MailKindChoices.FORWARD_NOTICE],
            facts__forwarded__in=due,
        )
        message_ids = [mail.message_id for mail in mails]
        mails.delete()
        Forwarded.objects.filter(pk__in=due).update(name="", email="", phone="", message="")
        transaction.on_commit(_stored_remove([], message_ids))
    return len(due)


def purge_run(today: date) -> int:
    """Purge every file past its term that nothing holds, in every organisation, the
    messages sent on past theirs, and the access-log entries past theirs
    (``KLACHTPAD_ACCESS_LOG_YEARS``); the number of files purged. Each file in a transaction
    of its own: a failure leaves the others."""
    purged = 0
    for organisation in Organisation.objects.filter(retention_rules__isnull=False).distinct():
        for standing in due_now(organisation, today):
            rule = standing.rule
            file_purge(standing.complaint, years=rule.years, rule_reason=rule.reason)
            purged += 1
        forwarded_purge(organisation, today)
    log_before = timezone.make_aware(
        datetime.combine(purge_due_on(today, -settings.KLACHTPAD_ACCESS_LOG_YEARS), time())
    )
    for organisation in Organisation.objects.all():
        access_log_expire(organisation, log_before)
    if purged:
        _search_index_tidied()
    return purged


# People's requests about their data (AVG art. 15-17, term art. 12(3)).


def subject_request_register(
    *,
    organisation: Organisation,
    kind: RequestKindChoices,
    name: str,
    received_on: date,
    by: str,
    email: str = "",
    phone: str = "",
    client_number: str = "",
    details: str = "",
) -> SubjectRequest:
    _refuse_blank(name=name)
    if received_on > timezone.localdate():
        raise TransitionRefused(
            Message(gettext_noop("The day it came in cannot be in the future."))
        )
    return SubjectRequest.objects.create(
        organisation=organisation,
        kind=kind,
        name=" ".join(name.split()),
        email=email.strip(),
        phone=phone.strip(),
        client_number=client_number.strip(),
        details=details.strip(),
        received_on=received_on,
        due_on=request_due_on(received_on, extended=False),
        recorded_by=by,
    )


def subject_request_extend(request: SubjectRequest, *, reason: str) -> SubjectRequest:
    """Extend the term by two months, once, within the first month (the person must be
    told why, art. 12(3))."""
    _refuse_blank(reason=reason)
    refusal = check_request_extension(request.received_on, timezone.localdate(), request.extended)
    if refusal:
        raise TransitionRefused(refusal)
    request.extended, request.extension_reason = True, reason.strip()
    request.due_on = request_due_on(request.received_on, extended=True)
    request.save(update_fields=["extended", "extension_reason", "due_on"])
    return request


def _request_open(request: SubjectRequest) -> None:
    if request.status != RequestStatusChoices.OPEN:
        raise TransitionRefused(Message(gettext_noop("This request was answered already.")))


def subject_request_close(
    request: SubjectRequest, *, outcome: str, refusal_reason: str = ""
) -> SubjectRequest:
    """Answer the request: carried out, or refused with the reason."""
    _request_open(request)
    _refuse_blank(outcome=outcome)
    request.status = RequestStatusChoices.REFUSED if refusal_reason.strip() else "done"
    request.outcome, request.refusal_reason = outcome.strip(), refusal_reason.strip()
    request.closed_on = timezone.localdate()
    request.save(update_fields=["status", "outcome", "refusal_reason", "closed_on"])
    return request


@dataclass(frozen=True)
class Erased:
    purged: list[str]  # references
    kept: list[tuple[str, Message]]  # (reference, why it is kept)


def person_erase(request: SubjectRequest, found: Found, *, by: str) -> Erased:
    """Erase the person's files where no ground to keep them applies (art. 17(3): a
    complaint still handled, a dispute or a filing window still open, a hold); the
    grounds that apply come back for the answer to the person."""
    _request_open(request)
    files = found.files
    holds = holds_of(files, timezone.localdate())
    purged, kept = [], []
    for complaint in files:
        if complaint.closed_on is None:
            kept.append(
                (
                    complaint.reference,
                    Message(gettext_noop("The complaint is still being handled.")),
                )
            )
        elif holds[complaint.pk]:
            kept.append((complaint.reference, holds[complaint.pk][0].reason))
        else:
            reason = f"erasure at the person's request (request {request.pk})"
            file_purge(complaint, years=0, rule_reason=reason, by=by)
            purged.append(complaint.reference)
    if found.mails:
        with transaction.atomic():
            items_remove(InboxItem.objects.filter(pk__in=[item.pk for item in found.mails]))
    if purged:
        _search_index_tidied()
    return Erased(purged, kept)


@dataclass(frozen=True)
class Correction:
    name: str = ""
    email: str = ""
    phone: str = ""


def _corrected(complaint: Complaint, name: str, correction: Correction) -> dict[str, str]:
    values: dict[str, str] = {}
    if correction.name:
        for field in ("complainant_name", "client_name", "support_name"):
            if getattr(complaint, field).lower() == name.lower():
                values[field] = correction.name
    if correction.email and complaint.complainant_email:
        values["complainant_email"] = correction.email
    if correction.phone and complaint.complainant_phone:
        values["complainant_phone"] = correction.phone
    return {field: value for field, value in values.items() if getattr(complaint, field) != value}


def person_rectify(
    request: SubjectRequest, found: Found, correction: Correction, *, actor: Actor
) -> list[str]:
    """Correct the person's name, e-mail or phone wherever they appear; each file's
    history records which fields changed and why (art. 16). The references of the files
    changed."""
    _request_open(request)
    reason = "correction at the person's request (AVG art. 16)"
    changed = []
    for complaint in found.complaints:
        values = _corrected(complaint, request.name, correction)
        if not values:
            continue

        def apply(change: Transition, values: dict[str, str] = values) -> None:
            change.set(**values)
            change.record(changed=sorted(values))

        complaint_transition(
            complaint, action=Action.AMEND, actor=actor, apply=apply, reason=reason
        )
        changed.append(complaint.reference)
    named = {"name": correction.name} if correction.name else {}
    reach = {k: v for k, v in (("email", correction.email), ("phone", correction.phone)) if v}
    for model, rows in (
        (Client, found.clients),
        (EmployeeConcerned, found.employees),
        (OtherInvolved, found.others),
    ):
        if named and rows:
            model.objects.filter(pk__in=[row.pk for row in rows]).update(**named)
    if found.contacts and (named or reach):
        ClientContact.objects.filter(pk__in=[row.pk for row in found.contacts]).update(
            **named, **reach
        )
    return changed
