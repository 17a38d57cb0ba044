"""The action forms on a complaint page, as an officer uses them: what is offered, what
is saved, and what comes back when the service or another person says no."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from klachtpad.audit.models import AccessLogEntry
from klachtpad.complaints import services
from klachtpad.complaints.models import Complaint
from klachtpad.domain.schemes.vocabulary import Channel, Handling, Relation, StepOutcome
from tests.complaints.factories import ComplaintFactory
from tests.staff.conftest import member

pytestmark = pytest.mark.django_db


def page(complaint: Complaint) -> str:
    return f"/staff/next/complaints/{complaint.reference}/"


def act(
    client: Client, complaint: Complaint, action: str, version: int | None = None, **fields: str
) -> Any:
    data = {f"{action}-{name}": value for name, value in fields.items()}
    data["version"] = str(complaint.version if version is None else version)
    return client.post(f"{page(complaint)}do/{action}/", data)


def test_the_page_offers_only_what_the_state_allows(sign_in, officer, complaint):
    html = sign_in(officer).get(page(complaint)).content.decode()

    assert 'id="action-extend"' in html
    assert 'id="action-judgement"' in html
    assert 'id="action-acknowledge"' not in html  # already acknowledged
    assert 'id="action-reopen"' not in html  # not closed


def test_a_note_is_saved_and_shown_in_the_history(sign_in, officer, complaint):
    client = sign_in(officer)

    response = act(client, complaint, "note", note="Cliënt belde: wil graag een gesprek.")

    assert response.status_code == 302
    html = client.get(page(complaint)).content.decode()
    assert "Opgeslagen: Notitie toevoegen." in html
    assert "Cliënt belde: wil graag een gesprek." in html


def test_a_second_extension_is_not_offered_and_refused_when_sent_anyway(sign_in, officer, next_org):
    complaint = ComplaintFactory.create(procedure=next_org.procedures.first(), extended=True)
    decision = complaint.terms.get(kind="decision")
    client = sign_in(officer)

    response = act(
        client,
        complaint,
        "extend",
        kind="decision",
        new_end=(decision.end_on + timedelta(weeks=1)).isoformat(),
        notified_on=timezone.localdate().isoformat(),
        reason="Nog een collega met verlof.",
    )

    assert response.status_code == 403
    assert 'id="action-extend"' not in client.get(page(complaint)).content.decode()
    assert complaint.terms.get(kind="decision").end_on == decision.end_on


def test_an_extension_past_the_maximum_comes_back_with_the_reason_and_the_typed_text(
    sign_in, officer, complaint
):
    decision = complaint.terms.get(kind="decision")
    client = sign_in(officer)

    response = act(
        client,
        complaint,
        "extend",
        kind="decision",
        new_end=(decision.end_on + timedelta(weeks=9)).isoformat(),
        notified_on=timezone.localdate().isoformat(),
        reason="Onderzoek door een externe deskundige.",
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "Een verlenging mag hoogstens 4 weken zijn" in html
    assert re.search(r"laatst mogelijke einddatum is \d+ [a-z]+ \d{4}\.", html)
    assert "Onderzoek door een externe deskundige." in html
    assert 'id="action-extend" open' in html
    assert complaint.terms.get(kind="decision").end_on == decision.end_on


def test_a_missing_field_is_named_next_to_the_field(sign_in, officer, complaint):
    response = act(sign_in(officer), complaint, "extend", kind="decision", reason="Verlof.")

    assert response.status_code == 422
    assert "Dit veld is verplicht." in response.content.decode()


def test_a_form_sent_after_someone_else_changed_the_complaint_is_refused(
    sign_in, officer, complaint
):
    client = sign_in(officer)
    seen = complaint.version
    assert act(client, complaint, "note", note="Eerste notitie.").status_code == 302

    response = act(client, complaint, "note", version=seen, note="Tweede notitie.")

    assert response.status_code == 422
    html = response.content.decode()
    assert "Iemand anders heeft deze klacht gewijzigd" in html
    assert "Tweede notitie." in html  # what the person typed is still there
    complaint.refresh_from_db()
    assert complaint.version == seen + 1
    assert AccessLogEntry.objects.filter(
        complaint_reference=complaint.reference, outcome="failed"
    ).exists()


def test_an_action_the_role_may_not_take_is_refused_and_logged(sign_in, next_org, complaint):
    manager = member(next_org, "management", "manager")
    client = sign_in(manager)

    response = act(
        client,
        complaint,
        "judgement",
        verdict="upheld",
        reasons="Ik beslis dit zelf.",
    )

    assert response.status_code == 403
    assert not complaint.judgements.exists()
    assert AccessLogEntry.objects.filter(
        complaint_reference=complaint.reference, outcome="refused", user=manager
    ).exists()


def test_an_unknown_action_is_refused(sign_in, officer, complaint):
    response = act(sign_in(officer), complaint, "delete-everything")

    assert response.status_code == 403


def test_only_the_role_the_scheme_names_is_offered_the_extension(sign_in, seeded):
    from klachtpad.organisations.models import Membership, Organisation

    organisation = Organisation.objects.get(slug="iederzijnwerk")
    complaint = ComplaintFactory.create(
        procedure=organisation.procedures.first(), acknowledged=True
    )
    officer = member(organisation, "complaints_officer", "olga")
    url = f"/staff/iederzijnwerk/complaints/{complaint.reference}/"
    client = sign_in(officer)

    assert 'id="action-extend"' not in client.get(url).content.decode()
    assert client.post(f"{url}do/extend/", {"version": complaint.version}).status_code == 403

    Membership.objects.create(user=officer, organisation=organisation, role="management")
    client = sign_in(officer)
    assert 'id="action-extend"' in client.get(url).content.decode()


def test_the_satisfaction_question_is_offered_until_it_is_answered(sign_in, officer, next_org):
    from tests.complaints.factories import staff

    complaint = ComplaintFactory.create(procedure=next_org.procedures.first(), closed=True)
    client = sign_in(officer)
    assert 'id="action-satisfaction"' in client.get(page(complaint)).content.decode()

    services.complaint_satisfaction_record(complaint, actor=staff(), score=4)

    assert 'id="action-satisfaction"' not in client.get(page(complaint)).content.decode()


def test_a_concern_back_from_klachtenportaal_zorg_is_made_formal_from_the_page(
    sign_in, officer, next_org
):
    actor = services.Actor.staff(officer)
    concern = services.complaint_register(
        procedure=next_org.procedures.get(),
        actor=actor,
        channel=Channel.PHONE,
        handling=Handling.INFORMAL,
        complainant=services.Complainant(name="Lotte Smit", relation=Relation.CLIENT),
        details=services.Details(summary="Kamer", description="Mijn kamer is te koud."),
        step="kpz",
    )
    client = sign_in(officer)
    html = client.get(page(concern)).content.decode()
    assert 'id="action-referraloutcome"' in html and 'id="action-makeformal"' not in html
    concern = services.complaint_referral_outcome(
        concern, actor=actor, outcome=StepOutcome.NOT_RESOLVED, summary="Lotte wil een klacht."
    )
    assert 'id="action-makeformal"' in client.get(page(concern)).content.decode()
    answer = act(
        client,
        concern,
        "makeformal",
        received_on=timezone.localdate().isoformat(),
        filled_in_together="on",
    )
    assert answer.status_code == 302
    concern.refresh_from_db()
    assert (concern.handling, concern.step) == ("formal", "complaints_officer")


def test_the_next_step_the_scheme_expects_comes_first_and_open(sign_in, officer, next_org):
    """Next sets a decision term and no acknowledgement term: the judgement is due."""
    fresh = ComplaintFactory.create(procedure=next_org.procedures.first())
    assert list(fresh.terms.values_list("kind", flat=True)) == ["decision"]
    html = sign_in(officer).get(page(fresh)).content.decode()

    forms = re.findall(r'<details class="action( suggested)?" id="action-([a-z]+)"( open)?', html)
    assert forms[0] == (" suggested", "judgement", " open")
    assert all(not suggested for suggested, _key, _open in forms[1:])
    assert "Volgende stap, zoals de regeling verwacht:" in html


def test_what_cannot_be_done_now_is_listed_with_the_reason(sign_in, officer, complaint):
    html = sign_in(officer).get(page(complaint)).content.decode()

    not_now = re.search(r'<details class="not-now">.*?</details>', html, flags=re.S)
    assert not_now is not None
    assert "Ontvangst bevestigen</strong>: De ontvangst is al bevestigd." in not_now.group(0)


def test_only_colleagues_who_may_handle_are_offered_as_handler(sign_in, officer, next_org):
    complaint = ComplaintFactory.create(procedure=next_org.procedures.first(), acknowledged=True)
    reader = member(next_org, "log_administrator", "privacy")  # reads the log, no file
    reader.first_name, reader.last_name = "Petra", "Privacy"
    reader.save()
    client = sign_in(officer)
    html = client.get(f"{page(complaint)}form/assign/").content.decode()
    handler_select = re.search(r'<select name="assign-handler".*?</select>', html, flags=re.S)
    assert handler_select is not None
    assert "Petra Privacy" not in handler_select.group(0)
    assert "privacy" not in handler_select.group(0)
    assert officer.get_full_name() in handler_select.group(0)  # by name, not user name

    act(client, complaint, "assign", handler=str(reader.pk))
    complaint.refresh_from_db()
    assert complaint.handler is None


def test_only_the_open_form_is_on_the_page_and_the_others_load_when_opened(
    sign_in, officer, complaint
):
    """The form the scheme expects next is on the page, open; every other action shows its
    title and loads its form when opened (with htmx, or by its link without it)."""
    client = sign_in(officer)
    html = client.get(page(complaint)).content.decode()
    assert 'name="extend-reason"' not in html
    form = f"{page(complaint)}form/extend/"
    assert f'hx-get="{form}"' in html
    assert 'href="?open=extend#action-extend"' in html

    opened = client.get(f"{page(complaint)}?open=extend").content.decode()
    assert 'id="action-extend" open' in opened and 'name="extend-reason"' in opened

    before = AccessLogEntry.objects.count()
    loaded = client.get(form)
    assert loaded.status_code == 200
    assert 'name="extend-reason"' in loaded.content.decode()
    assert f'action="{page(complaint)}do/extend/"' in loaded.content.decode()
    assert AccessLogEntry.objects.count() == before + 1  # opening a form reads the file


def test_a_form_not_offered_is_refused_and_logged(sign_in, officer, complaint):
    client = sign_in(officer)
    for action in ("acknowledge", "nonsense"):  # acknowledged already; no such action
        before = AccessLogEntry.objects.count()
        response = client.get(f"{page(complaint)}form/{action}/")
        assert response.status_code == 403
        assert AccessLogEntry.objects.latest("id").outcome == "refused"
        assert AccessLogEntry.objects.count() == before + 1


def test_a_measure_names_the_colleague_to_remind_from_one_list_of_colleagues(
    sign_in, officer, complaint
):
    colleague = member(complaint.organisation, "key_worker", "bas")
    page_html = sign_in(officer).get(page(complaint)).content.decode()
    assert page_html.count(f'<option value="{colleague.pk}">') >= 3  # each measure offers them

    answer = act(
        sign_in(officer),
        complaint,
        "judgement",
        verdict="upheld",
        given_by="Olga Officier",
        reasons="De begeleider kwam drie keer niet; het rooster liet dat toe. Dat is niet goed.",
        decisions="Het team krijgt een vast rooster en de klager een vaste begeleider.",
        measure_1="Rooster controleren",
        owner_1="Teamleider",
        owner_user_1=str(colleague.pk),
        due_1=(timezone.localdate() + timedelta(days=30)).isoformat(),
    )

    errors = re.findall(r'<ul class="errorlist[^>]*>(.*?)</ul>', answer.content.decode())
    assert not errors, errors
    measure = complaint.judgements.get().measures.get()
    assert measure.owner_user == colleague


def test_the_history_says_when_who_what_and_why_in_the_organisations_time(
    sign_in, officer, complaint, travel
):
    """A note's text stays text (markup shown, lines kept); the moment is local time."""
    travel("2026-12-04", hour=23)  # 22:00 UTC
    services.complaint_note_add(
        complaint, actor=services.Actor.staff(officer), note="Gebeld <b>niet</b>\nbelt terug"
    )
    html = sign_in(officer).get(page(complaint)).content.decode()

    timeline = html[html.index('<ol class="timeline">') :].split("</ol>")[0]
    last = re.findall(r"<li>.*?</li>", timeline, flags=re.S)[-1]
    assert '<span class="muted">4 december 2026 23:00 · Olga Officier</span>' in last
    assert "<em>Gebeld &lt;b&gt;niet&lt;/b&gt;<br>belt terug</em>" in last


def _timeline(html: str) -> list[str]:
    timeline = html[html.index('<ol class="timeline">') :].split("</ol>")[0]
    return re.findall(r"<li>.*?</li>", timeline, flags=re.S)


def test_a_long_history_shows_its_newest_lines_and_the_whole_on_asking_and_in_print(
    sign_in, officer, complaint
):
    """A file of years has hundreds of lines: the page shows the newest 50 and says how
    many came before; one link shows them all, and the print view holds them all."""
    actor = services.Actor.staff(officer)
    for number in range(1, 56):
        complaint = services.complaint_note_add(complaint, actor=actor, note=f"Notitie {number}")
    total = complaint.history.count()
    client = sign_in(officer)

    html = client.get(page(complaint)).content.decode()
    lines = _timeline(html)
    assert len(lines) == 50
    assert "Notitie 55" in lines[-1] and "Notitie 6<" in lines[0]
    assert f"De nieuwste regels staan hier; {total - 50} eerdere regels niet." in html
    assert '<a href="?history=all#history">Toon de hele geschiedenis</a>' in html

    whole = client.get(f"{page(complaint)}?history=all").content.decode()
    assert len(_timeline(whole)) == total
    assert "eerdere regels niet" not in whole
    printed = client.get(f"{page(complaint)}print/").content.decode()
    assert len(_timeline(printed)) == total


def test_a_short_history_is_shown_whole_without_a_link(sign_in, officer, complaint):
    html = sign_in(officer).get(page(complaint)).content.decode()
    assert len(_timeline(html)) == complaint.history.count()
    assert "Toon de hele geschiedenis" not in html
