"""Changes the scheme or the state does not allow are refused with a reason, and
nothing of the refused change is left behind."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from klachtpad.complaints import services
from klachtpad.complaints.models import Complaint, HistoryEntry
from klachtpad.complaints.signals import history_appended
from klachtpad.domain.schemes.vocabulary import Channel, Handling, Relation, Verdict
from klachtpad.letters.models import Letter
from klachtpad.organisations.models import Category, Procedure

from .factories import ClientFactory, ComplaintFactory, day, staff, terms_of


@pytest.fixture
def permens(seeded):
    return Procedure.objects.get(organisation__slug="permens", key="care")


@pytest.fixture
def officer(db):
    return staff()


def unchanged(complaint):
    """The complaint as stored, to compare before and after a refusal."""
    fresh = Complaint.objects.get(pk=complaint.pk)
    return (fresh.version, fresh.state, fresh.history.count(), terms_of(fresh))


def test_extension_after_the_term_is_refused(permens, officer, travel):
    travel("2026-03-02")
    complaint = ComplaintFactory.create(procedure=permens, received_on=day("2026-03-02"))
    travel("2026-04-14")
    before = unchanged(complaint)
    with pytest.raises(services.TransitionRefused) as refused:
        services.complaint_term_extend(
            complaint,
            actor=officer,
            new_end=day("2026-05-11"),
            notified_on=day("2026-04-14"),
            reason="Te laat",
        )
    assert "The term ended on 2026-04-13" in str(refused.value)
    assert unchanged(complaint) == before


def test_a_late_decision_needs_an_explanation(permens, officer, travel):
    travel("2026-03-02")
    complaint = ComplaintFactory.create(procedure=permens, received_on=day("2026-03-02"))
    travel("2026-04-20")
    with pytest.raises(services.TransitionRefused, match="Explain why it is late"):
        services.complaint_judgement_record(
            complaint,
            actor=officer,
            verdict=Verdict.NOT_UPHELD,
            reasons="Geen fout gevonden in het dossier of het rooster.",
            decisions="Geen verdere stappen.",
            no_measures_reason="Er is niets misgegaan.",
        )
    complaint = services.complaint_judgement_record(
        complaint,
        actor=officer,
        verdict=Verdict.NOT_UPHELD,
        reasons="Geen fout gevonden in het dossier of het rooster.",
        decisions="Geen verdere stappen.",
        no_measures_reason="Er is niets misgegaan.",
        late_explanation="De commissie kon pas op 17 april bijeenkomen.",
    )
    assert (complaint.decided_in_time, complaint.late_explanation) == (
        False,
        "De commissie kon pas op 17 april bijeenkomen.",
    )
    assert terms_of(complaint)[("", "decision")] == ("2026-04-13", "met", False)


def test_decline_after_the_term_is_refused(permens, officer, travel):
    travel("2026-03-02")
    complaint = ComplaintFactory.create(procedure=permens, received_on=day("2026-03-02"))
    travel("2026-04-14")
    with pytest.raises(services.TransitionRefused, match="declined only within the term"):
        services.complaint_decline(complaint, actor=officer, motivation="Buiten onze zorg.")


def test_agreed_longer_term_where_the_scheme_allows_it(permens, officer, travel):
    travel("2026-03-02")
    complaint = ComplaintFactory.create(procedure=permens, received_on=day("2026-03-02"))
    travel("2026-04-01")
    complaint = services.complaint_term_agree(
        complaint,
        actor=officer,
        new_end=day("2026-06-30"),
        agreed_on=day("2026-04-01"),
        note="Cliënt wil eerst de uitkomst van het onderzoek afwachten.",
    )
    assert terms_of(complaint)[("", "decision")][0] == "2026-06-30"
    nexxtep = Procedure.objects.get(organisation__slug="nexxtep")
    other = ComplaintFactory.create(procedure=nexxtep, received_on=day("2026-03-30"))
    with pytest.raises(services.TransitionRefused, match="does not provide for agreeing"):
        services.complaint_term_agree(
            other, actor=officer, new_end=day("2026-06-30"), agreed_on=day("2026-04-01")
        )


def test_closed_complaint_must_be_reopened_first(permens, officer):
    complaint = ComplaintFactory.create(procedure=permens, closed=True)
    with pytest.raises(services.TransitionRefused, match="Reopen it first") as refused:
        services.complaint_acknowledge(complaint, actor=officer)
    with translation.override("nl"):
        assert refused.value.messages() == [
            "Deze klacht is afgesloten. Heropen haar eerst als er meer moet gebeuren."
        ]
    with pytest.raises(services.TransitionRefused, match="Reopen it first"):
        services.complaint_withdraw(complaint, actor=officer)


def test_second_acknowledgement_and_satisfaction_are_refused(permens, officer):
    complaint = ComplaintFactory.create(procedure=permens, acknowledged=True)
    with pytest.raises(services.TransitionRefused, match="already acknowledged on"):
        services.complaint_acknowledge(complaint, actor=officer)
    complaint = ComplaintFactory.create(procedure=permens, closed=True)
    complaint = services.complaint_satisfaction_record(complaint, actor=officer, score=5)
    with pytest.raises(services.TransitionRefused, match="already recorded"):
        services.complaint_satisfaction_record(complaint, actor=officer, score=3)
    other = ComplaintFactory.create(procedure=permens, closed=True)
    with pytest.raises(services.TransitionRefused, match="from 1"):
        services.complaint_satisfaction_record(other, actor=officer, score=9)


def test_dates_in_the_future_are_refused(permens, officer):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(services.TransitionRefused, match="is in the future"):
        ComplaintFactory.create(procedure=permens, received_on=tomorrow)
    assert not Complaint.objects.exists()


def test_oral_formal_complaint_must_be_put_in_writing(permens, officer):
    client = ClientFactory.create(organisation=permens.organisation)
    with pytest.raises(services.TransitionRefused, match="made in writing"):
        services.complaint_register(
            procedure=permens,
            actor=officer,
            channel=Channel.PHONE,
            handling=Handling.FORMAL,
            complainant=services.Complainant(name=client.name, relation=Relation.CLIENT),
            details=services.Details(summary="Eten", description="Het eten is koud."),
            client=client,
        )


def test_other_organisations_clients_and_categories_are_refused(seeded, officer):
    permens = Procedure.objects.get(organisation__slug="permens")
    next_care = Procedure.objects.get(organisation__slug="next")
    foreign_client = ClientFactory.create(organisation=next_care.organisation)
    details = services.Details(summary="Eten", description="Het eten is koud.")
    with pytest.raises(services.TransitionRefused, match="another organisation"):
        services.complaint_register(
            procedure=permens,
            actor=officer,
            channel=Channel.LETTER,
            handling=Handling.FORMAL,
            complainant=services.Complainant(name="X", relation=Relation.CLIENT),
            details=details,
            client=foreign_client,
        )
    complaint = ComplaintFactory.create(procedure=permens)
    foreign = Category.objects.filter(organisation=next_care.organisation).first()
    own = Category.objects.filter(organisation=permens.organisation).first()
    assert foreign is not None and own is not None
    with pytest.raises(services.TransitionRefused, match="another organisation"):
        services.complaint_amend(complaint, actor=officer, changes={}, categories=[foreign])
    complaint = services.complaint_amend(
        complaint,
        actor=officer,
        changes={"location": "Locatie Oost"},
        categories=[own],
        add_employees=[services.Employee("Joris", "begeleider")],
    )
    assert list(complaint.categories.all()) == [own]
    assert complaint.employees.get().name == "Joris"
    assert Complaint.objects.get(pk=complaint.pk).location == "Locatie Oost"


def test_attachments_are_kept_privately_and_checked(permens, officer, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    complaint = ComplaintFactory.create(procedure=permens)
    photo = SimpleUploadedFile("lekkage.jpg", b"\xff\xd8\xff" + b"0" * 100, "image/jpeg")
    complaint = services.complaint_attachment_add(complaint, actor=officer, upload=photo)
    attachment = complaint.attachments.get()
    assert (attachment.name, attachment.size) == ("lekkage.jpg", 103)
    assert attachment.file.read().startswith(b"\xff\xd8\xff")
    script = SimpleUploadedFile("x.exe", b"MZ", "application/x-msdownload")
    with pytest.raises(services.TransitionRefused, match="cannot be kept"):
        services.complaint_attachment_add(complaint, actor=officer, upload=script)
    settings.KLACHTPAD_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(services.TransitionRefused, match="too large"):
        services.complaint_attachment_add(complaint, actor=officer, upload=photo)


def test_history_cannot_be_edited(permens, officer):
    complaint = ComplaintFactory.create(procedure=permens, acknowledged=True)
    entry = complaint.history.first()
    assert entry is not None
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        HistoryEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    assert HistoryEntry.objects.get(pk=entry.pk).reason == ""


def test_stale_version_is_refused(permens, officer):
    complaint = ComplaintFactory.create(procedure=permens)
    seen = complaint.version
    services.complaint_acknowledge(complaint, actor=officer, expected_version=seen)
    with pytest.raises(services.ConcurrentChange, match="Someone else changed this complaint"):
        services.complaint_amend(
            complaint, actor=officer, changes={"location": "Elders"}, expected_version=seen
        )


def test_a_change_whose_letters_fail_is_not_kept(permens, officer, travel):
    """The letters and mail answer the change inside its transaction
    (``complaints.signals.history_appended``): when writing them fails, the change
    itself is undone, so a file never shows an acknowledgement nobody was sent."""
    travel("2026-03-02")
    complaint = ComplaintFactory.create(procedure=permens, received_on=day("2026-03-02"))
    before, letters = unchanged(complaint), Letter.objects.count()

    def letters_fail(sender, **change):
        raise OSError("the letter store is away")

    history_appended.connect(letters_fail, dispatch_uid="test-letters-fail")
    try:
        with pytest.raises(OSError, match="letter store"):
            services.complaint_acknowledge(complaint, actor=officer)
    finally:
        history_appended.disconnect(dispatch_uid="test-letters-fail")
    assert unchanged(complaint) == before
    assert Letter.objects.count() == letters
    services.complaint_acknowledge(complaint, actor=officer)
    assert Letter.objects.filter(complaint=complaint, kind="acknowledgement").count() == 1
