"""The employee a complaint is about: linked to their account, hidden from the file,
and given the part the scheme gives them (Nexxtep art. 5.2, 5.5, 5.6, 7.2)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from klachtpad.complaints import services
from klachtpad.complaints.models import Complaint, EmployeeConcerned, ShareScopeChoices
from klachtpad.domain.schemes.vocabulary import Channel, Handling, Verdict
from klachtpad.letters.models import Letter
from klachtpad.notifications.models import StaffNotification
from klachtpad.organisations.models import Organisation
from klachtpad.organisations.services import organisation_deputy_set
from tests.complaints.factories import ComplaintFactory, UserFactory
from tests.staff.conftest import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def nexxtep(seeded):
    return Organisation.objects.get(slug="nexxtep")


def page(complaint: Complaint) -> str:
    return f"/staff/{complaint.organisation.slug}/complaints/{complaint.reference}/"


def about(complaint: Complaint) -> str:
    return f"/staff/{complaint.organisation.slug}/about-me/{complaint.reference}/"


def test_the_officer_links_the_employee_suggested_from_the_typed_name(client, sign_in, nexxtep):
    complaint = ComplaintFactory.create(procedure=nexxtep.procedures.get())
    services.complaint_amend(
        complaint,
        actor=services.Actor(name="Klager"),
        changes={},
        add_employees=[services.Employee("Sanne de Witt", "trajectbegeleider")],
    )
    officer = member(nexxtep, "complaints_officer", "klachten")
    sanne = UserFactory.create(username="sanne", first_name="Sanne", last_name="de Wit")
    from klachtpad.organisations.models import Membership

    Membership.objects.create(user=sanne, organisation=nexxtep, role="key_worker")
    UserFactory.create(username="piet", first_name="Piet", last_name="Jansen")
    staff = sign_in(officer)
    assert 'id="action-employeelink"' in staff.get(page(complaint)).content.decode()
    form = staff.get(f"{page(complaint)}form/employeelink/").content.decode()
    assert "Voorgesteld op de naam in het dossier: Sanne de Wit" in form
    employee = complaint.employees.get()
    complaint.refresh_from_db()
    answer = client.post(
        f"{page(complaint)}do/employeelink/",
        {
            "employeelink-employee": str(employee.pk),
            "employeelink-user": str(sanne.pk),
            "version": str(complaint.version),
        },
    )
    assert answer.status_code == 302
    employee.refresh_from_db()
    assert employee.user == sanne
    file_page = client.get(page(complaint)).content.decode()
    assert "gekoppeld aan het account van Sanne de Wit" in file_page
    assert (
        "koppelde de betrokken medewerker Sanne de Witt aan het account van Sanne de Wit"
        in file_page
    )
    # Nexxtep informs the employee of the complaint: Sanne is told.
    assert StaffNotification.objects.filter(user=sanne, complaint=complaint).exists()


@pytest.fixture
def linked(nexxtep):
    officer = member(nexxtep, "complaints_officer", "klachten")
    sanne = member(nexxtep, "key_worker", "sanne")
    sanne.first_name, sanne.last_name = "Sanne", "de Wit"
    sanne.save()
    complaint = ComplaintFactory.create(procedure=nexxtep.procedures.get(), acknowledged=True)
    services.complaint_employee_link(
        complaint, actor=services.Actor.staff(officer), user=sanne, name="Sanne de Wit"
    )
    complaint.refresh_from_db()
    return complaint, officer, sanne


def test_the_employee_reads_their_part_gives_their_side_and_signs(client, sign_in, linked):
    complaint, officer, sanne = linked
    sign_in(sanne)
    # The file itself is hidden; the link from a notification leads to their part.
    answer = client.get(page(complaint))
    assert answer.status_code == 302 and answer["Location"] == about(complaint)
    part = client.get(about(complaint)).content.decode()
    assert "drie keer niet op de afgesproken tijd" in part  # what the complaint is about
    assert "Geef je kant" in part
    listed = client.get(f"/staff/{complaint.organisation.slug}/about-me/").content.decode()
    assert complaint.reference in listed
    sent = client.post(
        f"{about(complaint)}side/",
        {
            "kind": "contact",
            "text": "Ik heb de klager gebeld en excuses gemaakt.",
            "happened_on": timezone.localdate().isoformat(),
        },
    )
    assert sent.status_code == 302
    # The officer reads it in the file, and is told.
    sign_in(officer)
    file_page = client.get(page(complaint)).content.decode()
    assert "Ik heb de klager gebeld en excuses gemaakt." in file_page
    assert StaffNotification.objects.filter(
        user=officer, complaint=complaint, template__contains="gave their side"
    ).exists()
    services.complaint_judgement_record(
        complaint,
        actor=services.Actor.staff(officer),
        verdict=Verdict.PARTLY_UPHELD,
        reasons="De afspraken zijn twee keer niet nagekomen, zo blijkt uit het rooster.",
        recommendations="Bevestig afspraken voortaan per mail.",
        resolved=True,
    )
    # The judgement letter is written to the employee as well (art. 5.5).
    letter = Letter.objects.get(complaint=complaint, employee__user=sanne)
    assert letter.addressee == "Sanne de Wit" and letter.kind == "judgement"
    assert not Letter.objects.filter(complaint=complaint, employee=None, addressee="Sanne de Wit")
    sign_in(sanne)
    part = client.get(about(complaint)).content.decode()
    assert "Bevestig afspraken voortaan per mail." in part
    assert "Het oordeel ondertekenen" in part
    pdf = client.get(f"{about(complaint)}letters/{letter.pk}/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.post(f"{about(complaint)}sign/").status_code == 302
    judgement = complaint.judgements.get()
    assert judgement.signatures.filter(party="employee_concerned", name="Sanne de Wit").exists()
    assert "Het oordeel ondertekenen" not in client.get(about(complaint)).content.decode()


def test_another_colleague_has_no_part(client, sign_in, linked):
    complaint, _officer, _sanne = linked
    other = member(complaint.organisation, "key_worker", "kees")
    sign_in(other)
    assert client.get(about(complaint)).status_code == 404
    assert client.post(f"{about(complaint)}side/", {"kind": "side", "text": "x"}).status_code == 404


def test_a_complaint_about_the_handling_officer_goes_to_the_deputy(client, sign_in, nexxtep):
    officer = member(nexxtep, "complaints_officer", "klachten")
    director = member(nexxtep, "management", "directie")
    organisation_deputy_set(organisation=nexxtep, deputy=director)
    complaint = ComplaintFactory.create(procedure=nexxtep.procedures.get())
    services.complaint_assign(complaint, actor=services.Actor.staff(officer), handler=officer)
    services.complaint_employee_link(
        complaint, actor=services.Actor.staff(officer), user=officer, name="Olga Officier"
    )
    complaint.refresh_from_db()
    assert complaint.handler == director
    sign_in(officer)
    assert client.get(page(complaint)).status_code == 302  # to their part, not the file
    sign_in(director)
    html = client.get(page(complaint)).content.decode()
    assert 'id="action-judgement"' in html
    assert "die klachten over de klachtenfunctionaris behandelt" in html


def test_intake_links_a_colleague_to_their_account(client, sign_in, nexxtep):
    officer = member(nexxtep, "complaints_officer", "klachten")
    sanne = member(nexxtep, "key_worker", "sanne")
    sign_in(officer)
    answer = client.post(
        "/staff/nexxtep/complaints/new/",
        {
            "procedure": str(nexxtep.procedures.get().pk),
            "handling": "formal",
            "channel": "letter",
            "complainant_name": "Jan Klager",
            "complainant_relation": "client",
            "summary": "Te laat",
            "description": "De begeleider was te laat.",
            "employee_accounts": [str(sanne.pk)],
        },
    )
    assert answer.status_code == 302
    employee = EmployeeConcerned.objects.get(complaint__organisation=nexxtep)
    assert employee.user == sanne
    sign_in(sanne)
    assert client.get(answer["Location"]).status_code == 302


def test_the_admin_names_the_deputy(client, sign_in, nexxtep):
    admin = member(nexxtep, "organisation_admin", "beheer")
    director = member(nexxtep, "management", "directie")
    sign_in(admin)
    assert (
        "Een klacht over een klachtenfunctionaris"
        in client.get("/staff/nexxtep/admin/staff/").content.decode()
    )
    client.post("/staff/nexxtep/admin/staff/deputy/", {"deputy": str(director.pk)})
    nexxtep.refresh_from_db()
    assert nexxtep.deputy == director
    stranger = UserFactory.create(username="vreemde")
    client.post("/staff/nexxtep/admin/staff/deputy/", {"deputy": str(stranger.pk)})
    nexxtep.refresh_from_db()
    assert nexxtep.deputy == director


def test_at_iederzijnwerk_the_linked_employee_handles_the_first_talk(client, sign_in, seeded):
    izw = Organisation.objects.get(slug="iederzijnwerk")
    worker = member(izw, "key_worker", "izw-begeleider")
    officer = member(izw, "complaints_officer", "izw-klachten")
    concern = ComplaintFactory.create(
        procedure=izw.procedures.get(),
        handling=Handling.INFORMAL,
        step="employee",
        channel=Channel.PHONE,
    )
    sign_in(worker)
    assert client.get(page(concern)).status_code == 404  # not yet theirs
    services.complaint_employee_link(
        concern, actor=services.Actor.staff(officer), user=worker, name="Bas Begeleider"
    )
    html = client.get(page(concern)).content.decode()
    assert 'id="action-meetingrecord"' in html or 'id="action-contact"' in html
    concern.refresh_from_db()
    services.complaint_make_formal(concern, actor=services.Actor.staff(officer))
    # Once formal, the complaint about them is hidden from them.
    assert client.get(page(concern)).status_code in (302, 404)


def test_a_formal_complaint_is_not_shared_with_the_employee_it_is_about(client, sign_in, linked):
    """A share would open the file to them; neither the form nor the service allows it."""
    complaint, officer, sanne = linked
    assert complaint.handling == "formal"
    html = sign_in(officer).get(f"{page(complaint)}form/share/").content.decode()
    share = html[
        html.index('name="share-user"') : html.index("</select>", html.index('name="share-user"'))
    ]
    assert sanne.get_full_name() not in share
    with pytest.raises(services.TransitionRefused, match="about them"):
        services.complaint_share(
            complaint,
            actor=services.Actor.staff(officer),
            user=sanne,
            scope=ShareScopeChoices.FILE,
        )
    assert client.get(page(complaint)).status_code == 200  # the officer still reads it
