"""What an organisation keeps about one person, for their request to see it (AVG art.
15): their own data in every file they appear in, the letters and attachments, the
judgements, and who looked at those files and when (the access log, by role: the names
of the staff are not the person's data, C-579/21)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from klachtpad.audit.models import AccessLogEntry
from klachtpad.complaints.models import Complaint
from klachtpad.letters.models import Letter
from klachtpad.organisations.models import Organisation
from klachtpad.retention.selectors import Found

COMPLAINANT_FIELDS = (
    "complainant_name",
    "complainant_relation",
    "complainant_email",
    "complainant_phone",
    "complainant_address",
    "client_name",
    "support_name",
    "summary",
    "description",
    "desired_outcome",
    "already_tried",
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _roles(found: Found, complaint: Complaint) -> list[str]:
    roles = []
    if complaint in found.complaints:
        if complaint.client_id in {client.pk for client in found.clients}:
            roles.append("client")
        if complaint.complainant_contact_id in {contact.pk for contact in found.contacts}:
            roles.append("contact person")
        roles.append("complainant or named in the complaint")
    if any(row.complaint.pk == complaint.pk for row in found.employees):
        roles.append("employee concerned")
    if any(row.complaint.pk == complaint.pk for row in found.others):
        roles.append("someone else involved")
    return roles


def _file(found: Found, complaint: Complaint) -> dict[str, Any]:
    about_them = complaint in found.complaints
    part: dict[str, Any] = {
        "reference": complaint.reference,
        "as": _roles(found, complaint),
        "received_on": _plain(complaint.received_on),
        "state": complaint.get_state_display(),
        "closed_on": _plain(complaint.closed_on),
    }
    if about_them:
        part["complaint"] = {name: getattr(complaint, name) for name in COMPLAINANT_FIELDS}
        part["judgements"] = [
            {
                "given_on": _plain(judgement.given_on),
                "verdict": judgement.get_verdict_display(),
                "reasons": judgement.reasons,
                "decisions": judgement.decisions,
                "measures": [
                    {
                        "measure": measure.description,
                        "due_on": _plain(measure.due_on),
                        "realised_on": _plain(measure.realised_on),
                    }
                    for measure in judgement.measures.all()
                ],
            }
            for judgement in complaint.judgements.all()
        ]
        part["letters"] = [
            {"sent": _plain(letter.created_at), "subject": letter.subject, "text": letter.text}
            for letter in Letter.objects.filter(complaint=complaint).order_by("created_at")
        ]
        part["attachments"] = [
            {"name": attachment.name, "added_at": _plain(attachment.added_at)}
            for attachment in complaint.attachments.all()
        ]
    part["statements"] = [
        {"what": statement.get_kind_display(), "text": statement.text}
        for employee in found.employees
        if employee.complaint.pk == complaint.pk
        for statement in employee.statements.all()
    ]
    part["looked_at"] = [
        {
            "at": _plain(entry.at),
            "by": entry.on_behalf_of,
            "did": entry.get_action_display(),
            "outcome": entry.get_outcome_display(),
        }
        for entry in AccessLogEntry.objects.filter(
            organisation=complaint.organisation, complaint_id=complaint.pk
        ).order_by("sequence")
    ]
    return part


def person_export(organisation: Organisation, name: str, found: Found) -> dict[str, Any]:
    """Everything ``found`` holds about the person, fit for JSON and for the PDF."""
    return {
        "organisation": organisation.name,
        "person": name,
        "made_at": _plain(timezone.now()),
        "clients": [
            {
                "client_number": client.client_number,
                "name": client.name,
                "date_of_birth": _plain(client.date_of_birth),
                "date_of_death": _plain(client.deceased_on),
            }
            for client in found.clients
        ],
        "contact_persons": [
            {
                "name": contact.name,
                "relation": contact.get_relation_display(),
                "email": contact.email,
                "phone": contact.phone,
                "registered_on": _plain(contact.registered_on),
            }
            for contact in found.contacts
        ],
        "files": [_file(found, complaint) for complaint in found.files],
        "mail_received": [
            {
                "received": _plain(item.received_at),
                "from": item.from_address,
                "subject": item.subject,
                "text": item.text,
                "status": item.get_status_display(),
            }
            for item in found.mails
        ],
    }
