"""The history of a complaint as an account a person reads, one sentence per entry.

The history rows hold facts (codes and ISO dates); the words are made here, in the
active language, so that a complaint's account reads the same in Dutch and English.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import TextChoices
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_noop, ngettext
from django.utils.translation import gettext as _

from klachtpad.complaints.models import (
    ChannelChoices,
    ClosureChoices,
    Complaint,
    HistoryEntry,
    OutcomeChoices,
    RecipientChoices,
    ShareScopeChoices,
    StatementKindChoices,
    TermKindChoices,
    VerdictChoices,
)
from klachtpad.domain.schemes.model import LocalText, Scheme
from klachtpad.domain.schemes.vocabulary import Handling
from klachtpad.domain.workflow import Action
from klachtpad.organisations.choices import word_label

SENTENCES: dict[Action, str] = {
    Action.REGISTER: gettext_noop(
        "%(actor)s registered %(handling)s, received by %(channel)s on %(received_on)s, "
        "at the step “%(step)s”."
    ),
    Action.MAKE_FORMAL: gettext_noop(
        "%(actor)s recorded that the complainant wants a formal complaint; the written "
        "complaint was received on %(formal_received_on)s."
    ),
    Action.AMEND: gettext_noop("%(actor)s changed the file: %(changes)s."),
    Action.ACKNOWLEDGE: gettext_noop("%(actor)s acknowledged receipt on %(acknowledged_on)s."),
    Action.RECORD_CONTACT: gettext_noop(
        "%(actor)s recorded contact with the complainant on %(contacted_on)s."
    ),
    Action.PLAN_MEETING: gettext_noop("%(actor)s planned a meeting for %(planned_for)s."),
    Action.RECORD_MEETING: gettext_noop(
        "%(actor)s recorded the meeting of %(held_on)s with %(participants)s."
    ),
    Action.MOVE_STEP: gettext_noop(
        "%(actor)s moved the complaint from “%(from_step)s” to “%(to_step)s”."
    ),
    Action.REFER: gettext_noop("%(actor)s referred the complaint to %(body)s on %(referred_on)s."),
    Action.RECORD_REFERRAL_OUTCOME: gettext_noop(
        "%(actor)s recorded the outcome from %(body)s of %(returned_on)s: %(outcome)s."
    ),
    Action.EXTEND_TERM: gettext_noop(
        "%(actor)s extended the %(term)s term from %(previous_end)s to %(new_end)s; the "
        "complainant was notified on %(notified_on)s."
    ),
    Action.AGREE_TERM: gettext_noop(
        "%(actor)s recorded that a longer %(term)s term, until %(new_end)s, was agreed "
        "with the complainant on %(agreed_on)s."
    ),
    Action.DECLINE: gettext_noop(
        "%(actor)s declined to take the complaint into handling on %(declined_on)s."
    ),
    Action.RECORD_JUDGEMENT: gettext_noop(
        "%(actor)s recorded the judgement of %(given_by)s of %(given_on)s: %(verdict)s."
    ),
    Action.RECORD_ANSWER: gettext_noop(
        "%(actor)s recorded the answer to the ruling of %(body)s, on %(given_on)s: %(verdict)s."
    ),
    Action.SIGN: gettext_noop("%(name)s signed the judgement as %(party)s on %(signed_on)s."),
    Action.CLOSE: gettext_noop("%(actor)s closed the complaint on %(closed_on)s: %(closure)s."),
    Action.REOPEN: gettext_noop("%(actor)s reopened the complaint."),
    Action.WITHDRAW: gettext_noop(
        "%(actor)s recorded that the complainant withdrew the complaint on %(requested_on)s."
    ),
    Action.RECORD_SATISFACTION: gettext_noop(
        "%(actor)s recorded the complainant's satisfaction with the handling: %(score)s of 5."
    ),
    Action.ADD_NOTE: gettext_noop("%(actor)s added a note."),
    Action.ASSIGN: gettext_noop("%(actor)s made %(handler)s the handler."),
    Action.SHARE: gettext_noop("%(actor)s shared %(scope)s with %(with_user)s."),
    Action.ADD_INFORMATION: gettext_noop("%(actor)s added information through the status page."),
    Action.REQUEST_MEETING: gettext_noop("%(actor)s asked for a meeting through the status page."),
    Action.LINK_EMPLOYEE: gettext_noop(
        "%(actor)s linked the employee concerned %(employee)s to the account of %(linked_to)s."
    ),
    Action.EMPLOYEE_STATEMENT: gettext_noop("%(actor)s, the employee concerned, wrote: %(kind)s."),
    Action.RECORD_CONSENT: gettext_noop(
        "%(actor)s recorded that %(consent_by)s agreed on %(consent_on)s that %(person)s may be "
        "contacted."
    ),
    Action.CONTACT_OTHER: gettext_noop("%(actor)s contacted %(person)s on %(contacted_on)s."),
    Action.REALISE_MEASURE: gettext_noop(
        "%(actor)s recorded that the measure “%(measure)s” (due %(due_on)s) was realised on "
        "%(realised_on)s."
    ),
}

LABELS: dict[str, type[TextChoices]] = {
    "channel": ChannelChoices,
    "closure": ClosureChoices,
    "verdict": VerdictChoices,
    "outcome": OutcomeChoices,
    "term": TermKindChoices,
    "party": RecipientChoices,
    "scope": ShareScopeChoices,
    "kind": StatementKindChoices,
}

# Values that may be one of the scheme's own words: the vocabulary section they are in.
OWN_WORDS = {"verdict": "verdict", "term": "term"}


@dataclass(frozen=True)
class Line:
    sequence: int
    at: datetime
    actor: str
    text: str
    reason: str


def _day(value: str) -> str:
    return formats.date_format(date.fromisoformat(value), "j F Y")


class _Words:
    """Turns the facts of one entry into the words of its sentence."""

    def __init__(self, scheme: Scheme, procedure_key: str) -> None:
        self.scheme = scheme
        self.procedure = scheme.procedure(procedure_key)
        self.language = get_language() or "nl"

    def step(self, step_id: str) -> str:
        try:
            return self.procedure.step(step_id).name.get(self.language)
        except KeyError:
            return step_id

    def body(self, body_id: str) -> str:
        try:
            return self.scheme.body(body_id).name.get(self.language)
        except KeyError:
            return body_id

    def own(self, section: str, value: str) -> LocalText | None:
        """The label of the scheme's own word, where the value is one."""
        word = getattr(self.procedure.vocabulary, section)(value)
        return word.label if word else None

    def value(self, key: str, value: Any) -> Any:
        if key in OWN_WORDS and isinstance(value, str):
            section = OWN_WORDS[key]
            return word_label(LABELS[key], value, lambda: self.own(section, value))
        if key in LABELS and isinstance(value, str):
            return LABELS[key](value).label
        if key in {"step", "from_step", "to_step"}:
            return self.step(value)
        if key == "body":
            return self.body(value)
        if key == "planned_for":
            moment = timezone.localtime(datetime.fromisoformat(value))
            return formats.date_format(moment, "j F Y H:i")
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            return _day(value)
        return value

    def terms(self, details: dict[str, Any]) -> list[str]:
        sentences = []
        for term in details.get("terms_started", []):
            sentences.append(
                _("The %(term)s term runs until %(end)s.")
                % {"term": self.value("term", term["term"]), "end": _day(term["end"])}
            )
        for term in details.get("terms_met", []):
            template = (
                _("The %(term)s term (until %(end)s) was met in time.")
                if term["in_time"]
                else _("The %(term)s term (until %(end)s) was met late.")
            )
            sentences.append(
                template % {"term": self.value("term", term["term"]), "end": _day(term["end"])}
            )
        if details.get("about_representative_refusal"):
            sentences.append(
                _(
                    "The complaint is about the refusal to accept the complainant as the "
                    "client's representative (Wkkgz art. 14(2))."
                )
            )
        if "event_age" in details:
            sentences.append(
                _("The events are older than the scheme's limit (before %(date)s).")
                % {"date": _day(details["oldest_allowed"])}
            )
        return sentences


# An e-mail put in the file (``complaint_mail_file``): said as such.
BY_MAIL: dict[Action, str] = {
    Action.ADD_INFORMATION: gettext_noop(
        "%(actor)s sent information by e-mail, received on %(mail_received)s."
    ),
    Action.ADD_NOTE: gettext_noop(
        "%(actor)s added the e-mail of %(mail_from)s, received on %(mail_received)s."
    ),
}


def _handling_words(value: str) -> str:
    return _("a formal complaint") if value == Handling.FORMAL else _("an informal concern")


def history_lines(complaint: Complaint, latest: int | None = None) -> list[Line]:
    """The complaint's history in order, one readable sentence (and terms) per entry;
    ``latest``: only that many, the newest. (The entries are numbered from 1 without
    gaps, so the first line's number tells how many came before it.)"""
    words = _Words(complaint.procedure.scheme_version.scheme(), complaint.procedure.key)
    lines = []
    entries: Iterable[HistoryEntry] = complaint.history.order_by("sequence")
    if latest is not None:
        entries = reversed(complaint.history.order_by("-sequence")[:latest])
    entry: HistoryEntry
    for entry in entries:
        action = Action(entry.action)
        details = dict(entry.details)
        params = {key: words.value(key, value) for key, value in details.items()}
        params["actor"] = entry.actor_name
        if action is Action.REGISTER:
            params["handling"] = _handling_words(details["handling"])
        if action is Action.AMEND:
            changes = list(details.get("changed", []))
            changes += [_("categories")] if "categories" in details else []
            changes += details.get("employees_added", [])
            changes += [details["attachment"]] if "attachment" in details else []
            params["changes"] = ", ".join(changes)
        if details.get("handler_replaced") is not None and action is Action.LINK_EMPLOYEE:
            extra_handler = (
                _("The file went to %(name)s, who handles complaints about the officer.")
                % {"name": details["handler_replaced"]}
                if details["handler_replaced"]
                else _("The handler is concerned and no longer handles the file.")
            )
        else:
            extra_handler = ""
        params.setdefault("term", TermKindChoices.DECISION.label)
        sentence = BY_MAIL.get(action) if details.get("via") == "e-mail" else None
        text = _(sentence or SENTENCES[action]) % _Defaulting(params)
        extra = words.terms(details) + ([extra_handler] if extra_handler else [])
        if details.get("files_not_taken"):
            extra.append(
                ngettext(
                    "%(count)s file of the mail did not fit in the file; it stays with the mail.",
                    "%(count)s files of the mail did not fit in the file; they stay with the mail.",
                    details["files_not_taken"],
                )
                % {"count": details["files_not_taken"]}
            )
        lines.append(
            Line(
                sequence=entry.sequence,
                at=entry.at,
                actor=entry.actor_name,
                text=" ".join([text, *extra]),
                reason=entry.reason,
            )
        )
    return lines


class _Defaulting(dict[str, Any]):
    """Leaves a missing fact visible instead of failing the whole account."""

    def __missing__(self, key: str) -> str:
        return "?"
