"""More procedures of Dutch providers, written as scheme files from their public text
(tests/schemes/providers/, each naming its source) and walked through the services with
real dates: the terms, the letters' text, every outcome and the year's figures."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from klachtpad.complaints import services
from klachtpad.complaints.models import Complaint, Forwarded, Judgement
from klachtpad.domain.schemes.vocabulary import Channel, Handling, StepOutcome, Verdict
from klachtpad.letters.models import Letter
from klachtpad.notifications.forwarding import message_forward
from klachtpad.notifications.mail import mail_compose
from klachtpad.notifications.models import MailDelivery
from tests.reports.build import Builder
from tests.schemes.test_providers import figures_2026, load, text

pytestmark = pytest.mark.django_db


def test_mauritskliniek_a_written_complaint_stays_with_the_officer_and_the_bill_goes_elsewhere(
    travel,
):
    """A private clinic: the written complaint reaches the complaints officer, who
    mediates while the Wkkgz six weeks run from its receipt; the management judges in its
    own name. A complaint about the bill is sent on to the financial administration."""
    procedure = load("mauritskliniek", "patients")
    build = Builder(procedure, travel)
    complaint = build.complaint("2026-03-02", step="officer")
    assert (complaint.step, complaint.handling) == ("officer", "formal")
    term = complaint.terms.get(kind="decision")
    assert (term.step, term.start_on, term.end_on) == ("", date(2026, 3, 2), date(2026, 4, 13))

    build.on("2026-03-10")
    complaint = services.complaint_meeting_record(
        complaint,
        actor=build.actor,
        held_on=date(2026, 3, 10),
        participants="Patiënt, klachtenfunctionaris, chirurg",
        summary="De chirurg legde uit waarom de operatie verschoof; de patiënt blijft ontevreden.",
    )
    build.on("2026-03-16")
    complaint = services.complaint_step_move(
        complaint, actor=build.actor, to_step="judgement", outcome=StepOutcome.NOT_RESOLVED
    )
    # The law's term runs on: it belongs to the complaint, not to the officer's step.
    assert complaint.terms.get(kind="decision").status == "running"

    build.on("2026-04-08")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=build.actor,
        verdict=Verdict.PARTLY_UPHELD,
        reasons="De operatie is zonder uitleg verschoven; de zorg zelf was goed.",
        decisions="Wij bellen patiënten voortaan zelf als een operatie verschuift.",
        measures=[
            services.MeasureInput("Belprotocol bij verschuiving", "Planning", date(2026, 6, 1))
        ],
    )
    judgement = Judgement.objects.get(complaint=complaint)
    assert judgement.given_by == "de directie van de Mauritskliniek"  # the scheme's decider
    assert complaint.verdict == "partly_upheld" and complaint.decided_in_time is True
    decision = text(Letter.objects.get(complaint=complaint, kind="decision"))
    assert "(de directie van de Mauritskliniek, 8 april 2026)" in decision
    assert "Dan kunt u naar De Geschillencommissie Zorg" in decision
    assert "Belprotocol bij verschuiving" in decision

    build.on("2026-04-20")
    forwarded = message_forward(
        procedure,
        actor=build.actor,
        subject="bill",
        name="P. Jansen",
        email="p.jansen@example.org",
        message="Ik kreeg een rekening voor een controle die niet doorging.",
        channel=Channel.EMAIL,
    )
    assert forwarded.sent_to == "onze financiële administratie"
    assert Complaint.objects.filter(procedure=procedure).count() == 1  # no complaint opened
    to_department = MailDelivery.objects.get(to="administratie@mauritskliniek.example.org")
    assert "Ik kreeg een rekening" in mail_compose(to_department).body
    notice = mail_compose(MailDelivery.objects.get(to="p.jansen@example.org"))
    assert notice.subject == "Uw bericht is doorgestuurd"
    assert "onze financiële administratie" in notice.body

    figures = figures_2026(procedure)
    assert figures.received == 1 and figures.in_time == 1
    assert figures.verdicts == {"partly_upheld": 1}
    assert figures.forwarded == {"de rekening of vergoeding (DBC, tarieven, eigen risico)": 1}
    assert Forwarded.objects.count() == 1


def test_knmt_the_officers_mediation_has_its_own_term_then_the_disputes_body_binds(travel):
    """A dental practice under the KNMT Klachtenservice: the written complaint goes to
    the KNMT's officer, whose mediation has six weeks (a term of the scheme's own); it
    fails, the dentist concludes in writing, and the Geschilleninstantie Mondzorg rules
    bindingly."""
    procedure = load("knmt-tandarts", "dental")
    build = Builder(procedure, travel)
    complaint = build.complaint("2026-02-02", step="knmt", channel=Channel.LETTER)
    assert complaint.state == "referred"
    mediation = complaint.terms.get(kind="mediation")
    assert (mediation.step, mediation.end_on) == ("knmt", date(2026, 3, 16))
    assert mediation.kind_label() == "bemiddeling door de klachtenfunctionaris"
    assert complaint.terms.get(kind="decision").end_on == date(2026, 3, 16)

    build.on("2026-03-02")
    complaint = services.complaint_referral_outcome(
        complaint,
        actor=build.actor,
        outcome=StepOutcome.NOT_RESOLVED,
        summary="De patiënt en de tandarts werden het niet eens over de kroon.",
    )
    mediation.refresh_from_db()
    assert (mediation.status, mediation.in_time) == ("met", True)
    with pytest.raises(services.TransitionRefused) as refused, translation.override("nl"):
        services.complaint_term_extend(
            complaint,
            actor=build.actor,
            kind="mediation",
            new_end=date(2026, 3, 30),
            notified_on=date(2026, 3, 2),
            reason="Meer tijd.",
        )
    with translation.override("nl"):
        assert refused.value.messages() == [
            "Op deze klacht loopt geen termijn voor bemiddeling door de klachtenfunctionaris."
        ]
    complaint = services.complaint_step_move(
        complaint, actor=build.actor, to_step="closing", outcome=StepOutcome.NOT_RESOLVED
    )
    build.on("2026-03-12")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=build.actor,
        verdict=Verdict.NOT_UPHELD,
        reasons="De kroon is volgens de richtlijn geplaatst.",
        decisions="Wij bieden een gratis controle aan.",
        no_measures_reason="De behandeling was juist.",
    )
    assert Judgement.objects.get(complaint=complaint).given_by == "uw tandarts"
    decision = text(Letter.objects.get(complaint=complaint, kind="decision"))
    assert "Dan kunt u naar Geschilleninstantie Mondzorg" in decision
    assert "De procedure kost 75 euro." in decision

    build.on("2026-04-01")
    complaint = services.complaint_refer(
        complaint, actor=build.actor, body="sgim", handed_over="Het dossier en het oordeel."
    )
    build.on("2026-07-06")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=build.actor,
        verdict=Verdict.UPHELD,
        reasons="De kroon sluit niet aan; herstel was nodig.",
    )
    ruling = complaint.judgements.get(body="sgim")
    assert ruling.binding and complaint.verdict == "not_upheld"
    ruled = text(Letter.objects.filter(complaint=complaint, kind="decision").latest("id"))
    assert "Dit oordeel is bindend" in ruled and "Bent u het er niet mee eens?" not in ruled

    figures = figures_2026(procedure)
    assert figures.verdicts == {"not_upheld": 1}
    assert figures.rulings == {"Geschilleninstantie Mondzorg": {"upheld": 1}}
    assert figures.referrals == {
        "KNMT Klachtenservice": {"not_resolved": 1},
        "Geschilleninstantie Mondzorg": {"judged": 1},
    }


def test_pharmacy_a_question_about_the_bill_is_told_where_it_belongs(travel):
    """A pharmacy under the KNMP/SKGE scheme: the bill belongs with the health insurer,
    which the pharmacy cannot send it to; the person is told where to go. A complaint
    about the care gets the pharmacist's written answer in six weeks."""
    procedure = load("skge-apotheek", "pharmacy")
    build = Builder(procedure, travel)
    build.on("2026-05-04")
    forwarded = message_forward(
        procedure,
        actor=services.Actor(name="K. de Boer", complainant=True),
        subject="costs",
        name="K. de Boer",
        email="k.deboer@example.org",
        message="Waarom moest ik eigen risico betalen voor mijn inhalator?",
        channel=Channel.FORM,
    )
    assert forwarded.sent_to_email == ""
    assert MailDelivery.objects.filter(kind="forwarded").count() == 0  # nobody to send it to
    notice = mail_compose(MailDelivery.objects.get(to="k.deboer@example.org"))
    assert notice.subject == "Waar uw bericht thuishoort"
    assert "uw zorgverzekeraar gaat daarover. Neem daar contact mee op." in notice.body

    complaint = build.complaint("2026-05-11", channel=Channel.IN_PERSON)
    assert complaint.terms.get(kind="decision").end_on == date(2026, 6, 22)
    build.on("2026-06-01")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=build.actor,
        verdict=Verdict.UPHELD,
        reasons="U kreeg een ander middel mee zonder uitleg.",
        decisions="Wij leggen een wissel van middel voortaan altijd uit.",
        measures=[
            services.MeasureInput("Werkinstructie bij wissel", "Apotheker", date(2026, 7, 1))
        ],
    )
    decision = text(Letter.objects.get(complaint=complaint, kind="decision"))
    assert "(de apotheker, 1 juni 2026)" in decision
    assert "Dan kunt u naar Geschillencommissie Openbare Apotheken" in decision
    figures = figures_2026(procedure)
    assert (figures.received, figures.in_time) == (1, 1)
    assert figures.forwarded == {"de rekening of de kosten van de apotheekzorg": 1}


def test_midwife_the_scheme_writes_its_own_closing_message_in_ten_weeks(travel):
    """A midwifery practice under Klachtverloskunde.nl: six weeks, ten with the one
    extension; the procedure ends with the midwife's "afsluitbericht", the scheme's own
    letter, which stands in for the Wkkgz decision letter."""
    procedure = load("klachtverloskunde", "midwifery")
    build = Builder(procedure, travel)
    complaint = build.complaint("2026-09-07", step="officer")
    assert complaint.terms.get(kind="decision").end_on == date(2026, 10, 19)
    build.on("2026-10-12")
    complaint = services.complaint_term_extend(
        complaint,
        actor=build.actor,
        new_end=date(2026, 11, 16),
        notified_on=date(2026, 10, 12),
        reason="Wij willen eerst het verslag van het ziekenhuis zien.",
    )
    assert text(Letter.objects.get(complaint=complaint, kind="extension_notice"))
    with pytest.raises(services.TransitionRefused):
        services.complaint_term_extend(
            complaint,
            actor=build.actor,
            new_end=date(2026, 11, 23),
            notified_on=date(2026, 11, 9),
            reason="Nog meer tijd.",
        )
    complaint = services.complaint_step_move(
        complaint, actor=build.actor, to_step="closing", outcome=StepOutcome.NOT_RESOLVED
    )
    build.on("2026-11-13")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=build.actor,
        verdict=Verdict.PARTLY_UPHELD,
        reasons="Ik had u eerder moeten doorverwijzen naar het ziekenhuis.",
        decisions="Ik bespreek uw bevalling in onze intervisie.",
        measures=[services.MeasureInput("Casus in intervisie", "Verloskundige", date(2026, 12, 1))],
    )
    assert Judgement.objects.get(complaint=complaint).given_by == "uw verloskundige"
    closing = Letter.objects.get(complaint=complaint, kind="afsluitbericht")
    assert closing.subject == "Afsluitbericht over uw klacht (2026-0001)"
    body = text(closing)
    assert "Met dit afsluitbericht rond ik de behandeling af." in body
    assert "Mijn oordeel: uw klacht is deels gegrond." in body
    assert not Letter.objects.filter(complaint=complaint, kind="decision").exists()
    figures = figures_2026(procedure)
    assert (figures.in_time, figures.late_base) == (1, 1)  # in the extended term, not the first


def test_ggz_the_committee_hears_both_sides_and_the_board_answers_in_its_own_name(travel):
    """GGZ Oost Brabant: a complaint straight to the independent committee, which hears
    the complainant and the employee complained about (with the employee's own written
    side), rules, and may refer elsewhere (a judgement of the scheme's own); the Raad
    van Bestuur answers the ruling."""
    from klachtpad.complaints.models import EmployeeConcerned, StatementKindChoices
    from tests.staff.conftest import member

    procedure = load("ggz-oost-brabant", "clients")
    build = Builder(procedure, travel)
    complaint = build.complaint("2026-02-02", step="committee", employees=("T. Smits",))
    nurse = member(procedure.organisation, "key_worker", "tsmits")
    employee = EmployeeConcerned.objects.get(complaint=complaint)
    complaint = services.complaint_employee_link(
        complaint, actor=build.actor, user=nurse, employee=employee
    )
    build.on("2026-02-09")
    complaint = services.complaint_employee_statement(
        complaint,
        actor=services.Actor.staff(nurse),
        employee=employee,
        kind=StatementKindChoices.SIDE,
        text="De separatie was nodig; ik heb de cliënt steeds uitgelegd waarom.",
    )
    build.on("2026-02-23")
    complaint = services.complaint_meeting_record(
        complaint,
        actor=build.actor,
        held_on=date(2026, 2, 23),
        participants="Klager, T. Smits (aangeklaagde), commissie",
        summary="Hoorzitting: beide partijen gehoord.",
    )
    assert complaint.state == "referred"  # the hearing took place while the committee had it
    # The inspectorate is told while the committee has the complaint: two bodies at once.
    complaint = services.complaint_refer(
        complaint, actor=build.actor, body="igj", handed_over="Melding van de separatie."
    )
    assert complaint.referrals.filter(returned_on__isnull=True).count() == 2
    with pytest.raises(services.TransitionRefused, match="has the file already"):
        services.complaint_refer(complaint, actor=build.actor, body="igj", handed_over="Nog eens.")
    build.on("2026-03-09")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=build.actor,
        verdict=Verdict.PARTLY_UPHELD,
        reasons="De separatie was te verdedigen, de uitleg erover schoot tekort.",
        recommendations="Leg een separatie achteraf schriftelijk uit aan de cliënt.",
        given_by="mr. E. Willems, voorzitter",
        body="committee",
    )
    assert complaint.verdict == ""  # the committee's ruling is not the provider's answer
    assert complaint.state == "referred"  # the inspectorate still has it
    complaint = services.complaint_referral_outcome(
        complaint,
        actor=build.actor,
        outcome=StepOutcome.RESOLVED,
        summary="De inspectie neemt de melding voor kennisgeving aan.",
    )
    assert complaint.state == "open"
    ruling_letter = text(
        Letter.objects.get(complaint=complaint, kind="judgement", employee__isnull=True)
    )
    assert "Het oordeel van Klachtencommissie GGZ Oost Brabant" in ruling_letter
    build.on("2026-03-16")
    complaint = services.complaint_ruling_answer(
        complaint,
        actor=build.actor,
        verdict=Verdict.PARTLY_UPHELD,
        reasons="Wij nemen de aanbeveling van de commissie over.",
        decisions="Na elke separatie volgt een schriftelijke uitleg.",
        measures=[
            services.MeasureInput(
                "Uitleg na separatie in protocol", "Zorgmanager", date(2026, 5, 1)
            )
        ],
        given_by="drs. J. Peters, Raad van Bestuur",
    )
    answer = text(Letter.objects.get(complaint=complaint, kind="answer"))
    assert "Leg een separatie achteraf schriftelijk uit aan de cliënt." in answer
    assert "Uitleg na separatie in protocol" in answer
    assert complaint.verdict == "partly_upheld"

    # A second complaint the committee sends on: a judgement of the scheme's own.
    other = build.complaint("2026-04-06", step="committee")
    build.on("2026-04-20")
    other = services.complaint_judgement_record(
        other,
        actor=build.actor,
        verdict="referred_elsewhere",
        reasons="De klacht gaat over een gedwongen opname; daarvoor is de Wvggz-commissie er.",
    )
    assert other.judgements.get().verdict_label() == "verwezen naar een andere instantie"
    with pytest.raises(services.TransitionRefused, match="judgements this procedure knows"):
        services.complaint_judgement_record(
            build.complaint("2026-04-21", step="committee"),
            actor=build.actor,
            verdict="kennelijk_onzin",
            reasons="x",
        )

    figures = figures_2026(procedure)
    assert figures.verdicts == {"partly_upheld": 1}
    assert figures.rulings == {
        "Klachtencommissie GGZ Oost Brabant": {"partly_upheld": 1, "referred_elsewhere": 1}
    }


def test_ggd_surviving_relatives_as_the_scheme_defines_them(travel):
    """GGD Zeeland names its own kinds of surviving relative, each with its own
    condition; the refusal says so in words, and the form asks it in the complainant's
    words."""
    from django.utils import translation

    from klachtpad.complaints.models import Client
    from klachtpad.public.forms import ComplaintForm

    procedure = load("ggd-zeeland", "clients")
    build = Builder(procedure, travel)
    build.on("2026-06-01")
    client = Client.objects.create(
        organisation=procedure.organisation,
        client_number="Z1",
        name="A. Verhage",
        deceased_on=date(2026, 5, 1),
    )

    def complain(relation: str, declared: frozenset[str]) -> Complaint:
        return services.complaint_register(
            procedure=procedure,
            actor=services.Actor(name="B. Verhage", complainant=True),
            channel=Channel.FORM,
            handling=Handling.FORMAL,
            complainant=services.Complainant(
                name="B. Verhage",
                relation=relation,
                client_name="A. Verhage",
                email="b.verhage@example.org",
                declared=declared,
            ),
            details=services.Details(summary="Vaccinatie", description="Geen uitleg gekregen."),
            client=client,
        )

    with pytest.raises(services.TransitionRefused) as refused:
        complain("household", frozenset({"client_deceased"}))
    with translation.override("nl"):
        sentence = refused.value.messages()[0]
    assert sentence == (
        "Een huisgenoot van de overleden klant mag alleen klagen als hij of zij met de "
        "overledene in gezinsverband samenwoonde."
    )
    complaint = complain("household", frozenset({"client_deceased", "lived_as_family"}))
    assert complaint.relation_label() == "huisgenoot van de overleden klant"
    assert complaint.terms.get(kind="decision").end_on == date(2026, 7, 13)

    with translation.override("nl"):
        form = ComplaintForm(
            organisation=procedure.organisation,
            members=procedure.spec_scheme().organisation.members,
            spec=procedure.spec(),
        )
        relations, conditions = str(form["relation"]), str(form["conditions"])
    assert "Ik was de echtgenoot of geregistreerd partner van de overleden klant" in relations
    assert "Ik woonde met de overledene in gezinsverband samen" in conditions

    build.on("2026-07-06")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=build.actor,
        verdict=Verdict.UPHELD,
        reasons="Er is niet uitgelegd waarom de vaccinatie werd uitgesteld.",
    )
    assert complaint.decided_in_time is True
    figures = figures_2026(procedure)
    assert figures.rulings == {"Klachtencommissie GGD Zeeland": {"upheld": 1}}


def test_zorgmed_a_concern_made_formal_stays_with_the_officer_and_a_late_judgement_says_why(
    travel,
):
    """Home care after the ActiZ model: a concern by phone to the complaints officer is
    put in writing with her help and stays with her (the six weeks start that day); the
    management judges late, with the reason, which the report counts. A complaint about
    involuntary care is pointed to the KCOZ."""
    procedure = load("zorgmed-thuiszorg", "homecare")
    build = Builder(procedure, travel)
    concern = build.complaint(
        "2026-01-12", step="officer", handling=Handling.INFORMAL, channel=Channel.PHONE
    )
    assert not concern.terms.filter(kind="decision").exists()  # no written complaint yet
    build.on("2026-01-19")
    complaint = services.complaint_make_formal(concern, actor=build.actor)
    assert (complaint.step, complaint.formal_received_on) == ("officer", date(2026, 1, 19))
    assert complaint.terms.get(kind="decision").end_on == date(2026, 3, 2)
    complaint = services.complaint_step_move(
        complaint, actor=build.actor, to_step="judgement", outcome=StepOutcome.NOT_RESOLVED
    )
    build.on("2026-03-09")
    judgement = {
        "actor": build.actor,
        "verdict": Verdict.UPHELD,
        "reasons": "De zorg kwam vaak te laat.",
        "decisions": "Vaste tijdvakken.",
        "measures": [services.MeasureInput("Vaste tijdvakken", "Planning", date(2026, 4, 1))],
    }
    with pytest.raises(services.TransitionRefused, match="late"):
        services.complaint_judgement_record(complaint, **judgement)  # type: ignore[arg-type]
    complaint = services.complaint_judgement_record(
        complaint,
        **judgement,  # type: ignore[arg-type]
        late_explanation="De wijkverpleegkundige was langdurig ziek.",
    )
    assert Judgement.objects.get(complaint=complaint).given_by == "de directie van Zorgmed"
    decision = text(Letter.objects.get(complaint=complaint, kind="decision"))
    assert "Deze beslissing komt later dan de termijn." in decision
    assert "De wijkverpleegkundige was langdurig ziek." in decision

    build.on("2026-03-10")
    message_forward(
        procedure,
        actor=build.actor,
        subject="wzd",
        name="M. Hendriks",
        phone="06-12345678",
        message="Mijn moeder werd tegen haar wil in bed gehouden.",
        channel=Channel.PHONE,
    )
    complaint = services.complaint_close(complaint, actor=build.actor)
    build.on("2026-06-01")
    complaint = services.complaint_refer(
        complaint, actor=build.actor, body="geschillen", handed_over="Het dossier."
    )
    assert complaint.state == "closed"  # it stays closed while the commission has it
    build.on("2026-10-05")
    complaint = services.complaint_judgement_record(
        complaint,
        actor=build.actor,
        verdict=Verdict.UPHELD,
        reasons="Zorgmed kwam de afspraken over tijden niet na.",
    )
    assert complaint.state == "closed" and complaint.verdict == "upheld"
    ruling = complaint.judgements.get(body="geschillen")
    assert ruling.binding
    late = build.complaint("2026-01-05")
    late = services.complaint_decline(late, actor=build.actor, motivation="Geen klacht over zorg.")
    build.on("2027-01-06")
    with pytest.raises(services.TransitionRefused, match="until 2027-01-05"):
        services.complaint_refer(late, actor=build.actor, body="geschillen", handed_over="x")

    figures = figures_2026(procedure)
    assert (figures.received, figures.formal, figures.late) == (2, 2, 1)
    assert figures.rulings == {"De Geschillencommissie Zorg": {"upheld": 1}}
    assert figures.forwarded == {"onvrijwillige zorg onder de Wet zorg en dwang": 1}
