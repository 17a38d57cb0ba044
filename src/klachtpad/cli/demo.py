"""Demo complaints for the example organisations: believable, fictional, in every state.

Each complaint is made through the services with dates in the past, so that its terms,
history and messages are exactly what real handling would have left. Where a scheme
has no such moment (no decision term to extend, no step where a complaint can be
declined), that demo complaint is left out and the reason is reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from klachtpad.complaints import services
from klachtpad.complaints.models import Client, Complaint, Term, TermStatusChoices
from klachtpad.domain.messages import Message
from klachtpad.domain.schemes.vocabulary import Channel, Handling, Relation, TermKind, Verdict
from klachtpad.domain.tasks import employee_part
from klachtpad.domain.workflow import State, entry_steps
from klachtpad.inbox.models import Mailbox
from klachtpad.inbox.services import Arrival, mail_take
from klachtpad.organisations.models import Organisation, Procedure
from klachtpad.retention.selectors import rules_of
from klachtpad.retention.services import retention_rule_set


@dataclass(frozen=True)
class Story:
    client: str
    summary: str
    description: str
    desired_outcome: str
    location: str


STORIES = [
    Story(
        "Noor van Dijk",
        "Begeleider komt afspraken niet na",
        "Mijn begeleider is de afgelopen maand drie keer niet gekomen zonder af te bellen.",
        "Dat ik een vaste begeleider krijg die zich aan de afspraken houdt.",
        "Wijkteam Noord",
    ),
    Story(
        "Ahmed El Idrissi",
        "Kamer is niet schoon opgeleverd",
        "Bij mijn verhuizing naar de nieuwe kamer lag er nog afval en was de douche kapot.",
        "Dat de douche gerepareerd wordt en ik de schoonmaakkosten terugkrijg.",
        "Woonlocatie De Linde",
    ),
    Story(
        "Sanne Kok",
        "Onvriendelijke bejegening",
        "Een medewerker sprak mij in de gemeenschappelijke ruimte op een kleinerende toon aan.",
        "Excuses en een gesprek over hoe we met elkaar omgaan.",
        "Woonlocatie De Linde",
    ),
    Story(
        "Bram Hendriks",
        "Medicatie te laat uitgereikt",
        "In het weekend kreeg ik mijn medicijnen twee keer pas 's middags.",
        "Dat de medicatie op tijd komt, ook in het weekend.",
        "Beschermd wonen Centrum",
    ),
    Story(
        "Fleur Willems",
        "Dagbesteding zonder overleg gestopt",
        "Mijn plek bij de houtwerkplaats is stopgezet zonder dat iemand met mij heeft gepraat.",
        "Terug naar de houtwerkplaats, of een andere plek die bij mij past.",
        "Dagbesteding De Werkplaats",
    ),
    Story(
        "Joost Vermeulen",
        "Privacy: dossier gedeeld met familie",
        "Mijn begeleider heeft zonder toestemming informatie gedeeld met mijn broer.",
        "Uitleg wat er gedeeld is en de garantie dat dit niet meer gebeurt.",
        "Ambulante begeleiding Zuid",
    ),
    Story(
        "Yara Pinas",
        "Huisregels worden wisselend toegepast",
        "De ene medewerker staat bezoek na tienen toe, de andere niet.",
        "Duidelijke huisregels die voor iedereen gelden.",
        "Woonlocatie De Linde",
    ),
    Story(
        "Tim de Groot",
        "Geen reactie op mijn vragen over mijn traject",
        "Ik heb vier mails gestuurd over mijn stageplek en nergens antwoord op gekregen.",
        "Een gesprek met mijn trajectbegeleider deze maand.",
        "Kantoor Centrum",
    ),
]


def _received(today: date, days_ago: int) -> date:
    return today - timedelta(days=days_ago)


class _Demo:
    def __init__(self, procedure: Procedure, actor: services.Actor, today: date) -> None:
        self.procedure = procedure
        self.spec = procedure.spec()
        self.actor = actor
        self.today = today
        self.members = [m.id for m in procedure.scheme_version.scheme().organisation.members]

    def register(self, handling: Handling, days_ago: int, channel: Channel) -> Complaint:
        organisation = self.procedure.organisation
        number = Complaint.objects.filter(organisation=organisation).count() + 1
        story = STORIES[(number - 1) % len(STORIES)]
        client, _ = Client.objects.get_or_create(
            organisation=organisation,
            client_number=f"{organisation.slug[:3].upper()}-{1000 + number}",
            defaults={"name": story.client},
        )
        return services.complaint_register(
            procedure=self.procedure,
            actor=self.actor,
            channel=channel,
            handling=handling,
            complainant=services.Complainant(
                name=story.client,
                relation=Relation.CLIENT,
                # Every other demo complainant has e-mail; the others get letters by post.
                email=f"klager{number}@example.org" if number % 2 else "",
            ),
            details=services.Details(
                summary=story.summary,
                description=story.description,
                desired_outcome=story.desired_outcome,
                location=story.location,
                event_date=_received(self.today, days_ago + 5),
                # Under an umbrella scheme the complaints are spread over its members.
                member=self.members[number % len(self.members)] if self.members else "",
            ),
            client=client,
            received_on=_received(self.today, days_ago),
            step=entry_steps(self.spec, handling)[0].id,
            filled_in_together=channel is Channel.IN_PERSON,
        )

    def formal(self, days_ago: int) -> Complaint:
        return self.register(Handling.FORMAL, days_ago, Channel.LETTER)

    def acknowledge(self, complaint: Complaint, days_ago: int) -> Complaint:
        return services.complaint_acknowledge(
            complaint, actor=self.actor, on=_received(self.today, days_ago)
        )

    # One function per demo state.

    def new(self) -> Complaint:
        return self.formal(2)

    def acknowledged(self) -> Complaint:
        return self.acknowledge(self.formal(10), 8)

    def meeting(self) -> Complaint:
        complaint = self.register(Handling.INFORMAL, 4, Channel.IN_PERSON)
        moment = datetime.combine(self.today + timedelta(days=7), time(14, 0))
        return services.complaint_meeting_plan(
            complaint,
            actor=self.actor,
            planned_for=timezone.make_aware(moment),
            place="Spreekkamer",
            participants="Cliënt, begeleider",
        )

    def extended(self) -> Complaint:
        complaint = self.acknowledge(self.formal(20), 18)
        term = _decision_term(complaint)
        return services.complaint_term_extend(
            complaint,
            actor=self.actor,
            new_end=term.end_on + timedelta(weeks=3),
            notified_on=self.today,
            reason="We wachten op het verslag van een extern onderzoek.",
        )

    def decided(self) -> Complaint:
        complaint = self.acknowledge(self.formal(25), 23)
        return services.complaint_judgement_record(
            complaint,
            actor=self.actor,
            verdict=Verdict.PARTLY_UPHELD,
            reasons="De afspraken zijn niet goed vastgelegd; de begeleiding zelf was zorgvuldig.",
            decisions="Afspraken worden voortaan in het cliëntportaal bevestigd.",
            measures=[
                services.MeasureInput(
                    "Afspraken bevestigen in het cliëntportaal",
                    "Teamleider",
                    self.today + timedelta(weeks=4),
                )
            ],
            given_on=_received(self.today, 1),
        )

    def declined(self) -> Complaint:
        return services.complaint_decline(
            self.formal(12),
            actor=self.actor,
            motivation="De klacht gaat over de gemeente, niet over onze zorg. We hebben "
            "uitgelegd waar u terechtkunt.",
            on=_received(self.today, 5),
        )

    def withdrawn(self) -> Complaint:
        return services.complaint_withdraw(
            self.register(Handling.INFORMAL, 9, Channel.PHONE),
            actor=self.actor,
            requested_on=_received(self.today, 3),
            reason="Na een goed gesprek met de begeleider is het opgelost.",
        )

    def overdue(self) -> Complaint:
        complaint = self.acknowledge(self.formal(50), 48)
        _decision_term(complaint)
        return complaint


def _decision_term(complaint: Complaint) -> Term:
    term = complaint.terms.filter(kind=TermKind.DECISION, status=TermStatusChoices.RUNNING).first()
    if term is None:
        raise services.TransitionRefused(Message("this procedure sets no decision term"))
    return term


DEMO_STATES: list[tuple[str, Callable[[_Demo], Complaint]]] = [
    ("new", _Demo.new),
    ("acknowledged", _Demo.acknowledged),
    ("meeting", _Demo.meeting),
    ("extended", _Demo.extended),
    ("decided", _Demo.decided),
    ("declined", _Demo.declined),
    ("withdrawn", _Demo.withdrawn),
    ("overdue", _Demo.overdue),
]


def demo_complaints_load(
    *, organisation: Organisation, actor: services.Actor
) -> list[tuple[str, str]]:
    """Make the demo complaints of one organisation, once. Returns (state, outcome) pairs."""
    _retention_demo(organisation, actor)
    if Complaint.objects.filter(organisation=organisation).exists():
        return []
    version = organisation.scheme_versions.order_by("-number").first()
    if version is None:
        return []
    today = timezone.localdate()
    demos = [_Demo(procedure, actor, today) for procedure in version.procedures.order_by("id")]
    report = []
    for state, make in DEMO_STATES:
        # Each state in the first procedure where it can happen.
        reasons = []
        for demo in demos:
            try:
                with transaction.atomic():
                    complaint = make(demo)
            except services.TransitionRefused as refused:
                reasons.append(str(refused))
                continue
            report.append((state, f"{complaint.reference} ({demo.procedure.key})"))
            break
        else:
            report.append((state, "left out: " + "; ".join(dict.fromkeys(reasons))))
    report += _employee_part_demo(organisation, actor)
    report += _inbox_demo(organisation, today)
    return report


# Mail in the demo inbox: as if read from the organisation's mailbox (which the demo
# does not connect: its admin connects a real one under Mailboxes).
DEMO_MAILS = [
    (
        2,
        "Annemiek Jansen <annemiek.jansen@example.nl>",
        "Klacht over de nachtdienst",
        "Beste klachtenfunctionaris,\n\nAfgelopen weekend is mijn zoon twee nachten niet "
        "gecontroleerd, terwijl dat in zijn plan staat. Ik wil dat dit stopt en hoor graag "
        "wat er gebeurd is.\n\nMet vriendelijke groet,\nAnnemiek Jansen",
        {},
    ),
    (
        1,
        "Ruud de Wit <ruud.dewit@example.nl>",
        "Vraag over de eigen bijdrage",
        "Goedemiddag, klopt het dat de eigen bijdrage dit jaar hoger is? Groet, Ruud",
        {},
    ),
    (
        0,
        "Linda Bakker <linda.bakker@example.nl>",
        "Automatisch antwoord: uw klacht",
        "Ik ben afwezig tot en met 5 januari.",
        {"Auto-Submitted": "auto-replied"},
    ),
]


def _inbox_demo(organisation: Organisation, today: date) -> list[tuple[str, str]]:
    if Mailbox.objects.filter(organisation=organisation).exists():
        return []
    mailbox = Mailbox.objects.create(
        organisation=organisation,
        name="Voorbeeld (niet gekoppeld)",
        address=f"klachten@{organisation.slug}.example",
        host="imap.example.org",
        username=f"klachten@{organisation.slug}.example",
        active=False,
    )
    for uid, (days_ago, sender, subject, text, headers) in enumerate(DEMO_MAILS, start=1):
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = sender, mailbox.address, subject
        message["Message-ID"] = f"<demo-{organisation.slug}-{uid}@example.nl>"
        for name, value in headers.items():
            message[name] = value
        message.set_content(text)
        raw = message.as_bytes()
        at = timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(9 + uid)))
        mail_take(Arrival(mailbox, 1, uid, at, len(raw)), raw)
    return [("inbox", f"{len(DEMO_MAILS)} mails")]


def _retention_demo(organisation: Organisation, actor: services.Actor) -> None:
    """Retention terms as many organisations set them: concerns 2 years after closure,
    formal complaints 5 (the admin changes them under Retention terms)."""
    if rules_of(organisation):
        return
    for handling, years in ((Handling.INFORMAL, 2), (Handling.FORMAL, 5)):
        retention_rule_set(
            organisation=organisation,
            procedure="",
            handling=handling.value,
            years=years,
            reason="Voorbeeld: zo lang als nodig voor de afhandeling en een eventueel geschil.",
            by=actor.name,
        )


def _employee_part_demo(organisation: Organisation, actor: services.Actor) -> list[tuple[str, str]]:
    """Where the scheme gives the employee concerned a part (Nexxtep), the demo key worker
    is the employee an open formal complaint is about, to show "Complaints about me"."""
    worker = User.objects.filter(username=f"{organisation.slug}-begeleider").first()
    complaint = (
        Complaint.objects.filter(
            organisation=organisation, handling=Handling.FORMAL, state=State.OPEN
        )
        .order_by("id")
        .first()
    )
    if worker is None or complaint is None or not employee_part(complaint.procedure.spec()):
        return []
    services.complaint_employee_link(
        complaint, actor=actor, user=worker, name=worker.get_full_name(), job_title="begeleider"
    )
    return [("employee concerned linked", f"{complaint.reference} ({worker.username})")]
