"""How a complaint is handled: its terms with their extensions and agreements,
meetings, referrals to outside bodies, judgements with their measures and signatures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from klachtpad.complaints.models.file import Complaint, own_label
from klachtpad.organisations.choices import (
    OutcomeChoices,
    RecipientChoices,
    TermKindChoices,
    TermStatusChoices,
    VerdictChoices,
    word_label,
)


class Term(models.Model):
    """A term running on a complaint; its end is recomputed only by the services."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="terms")
    step = models.CharField(_("step"), max_length=63, blank=True)  # blank: whole procedure
    kind = models.CharField(_("term"), max_length=32, choices=TermKindChoices.choices)
    rule = models.JSONField(_("rule as the scheme set it"))
    start_on = models.DateField(_("counted from"))
    original_end_on = models.DateField(_("original end"))
    end_on = models.DateField(_("ends on"))
    status = models.CharField(
        max_length=16, choices=TermStatusChoices.choices, default=TermStatusChoices.RUNNING
    )
    met_on = models.DateField(_("met on"), null=True, blank=True)
    in_time = models.BooleanField(_("in time"), null=True, blank=True)
    stopped_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["complaint", "start_on", "id"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        indexes = [models.Index(fields=["status", "end_on"])]

    def __str__(self) -> str:
        return f"{self.kind_label()} {self.end_on}"

    def kind_label(self) -> str:
        return word_label(
            TermKindChoices,
            self.kind,
            lambda: own_label(self.complaint.procedure, "term", self.kind),
        )


class TermExtension(models.Model):
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="extensions")
    notified_on = models.DateField(_("notice given on"))
    new_end_on = models.DateField(_("new end"))
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["term", "notified_on", "id"]

    def __str__(self) -> str:
        return f"{self.term}: {self.new_end_on}"


class TermAgreement(models.Model):
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="agreements")
    agreed_on = models.DateField(_("agreed on"))
    new_end_on = models.DateField(_("agreed end"))
    note = models.TextField(_("what was agreed"), blank=True)

    class Meta:
        ordering = ["term", "agreed_on", "id"]

    def __str__(self) -> str:
        return f"{self.term}: {self.new_end_on}"


class Meeting(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="meetings")
    step = models.CharField(_("step"), max_length=63)
    planned_for = models.DateTimeField(_("planned for"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    participants = models.TextField(_("who took part"), blank=True)
    companions = models.TextField(_("whom the complainant brought"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    agreements = models.TextField(_("agreements"), blank=True)

    class Meta:
        ordering = ["complaint", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.complaint}: {self.held_on or self.planned_for}"


class Referral(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="referrals")
    body = models.CharField(_("body"), max_length=63)
    body_name = models.CharField(_("body name"), max_length=200)
    step = models.CharField(_("step"), max_length=63, blank=True)
    referred_on = models.DateField(_("referred on"))
    # Blank when the complaint was made to the body directly.
    handed_over = models.TextField(_("what was handed over"), blank=True)
    returned_on = models.DateField(_("outcome received on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=OutcomeChoices, blank=True)
    outcome_summary = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["complaint", "referred_on", "id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.complaint}: {self.body_name}"


class Judgement(models.Model):
    """A reasoned outcome, of the organisation itself or of an outside body (``body``):
    a committee's or disputes body's ruling is kept as theirs, never as the
    organisation's own decision."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="judgements")
    step = models.CharField(_("step"), max_length=63)
    body = models.CharField(_("outside body"), max_length=63, blank=True)  # blank: ours
    body_name = models.CharField(_("outside body"), max_length=200, blank=True)
    binding = models.BooleanField(_("binding"), default=False)
    given_by = models.CharField(_("given by"), max_length=200)
    given_on = models.DateField(_("given on"))
    verdict = models.CharField(_("judgement"), max_length=32, choices=VerdictChoices.choices)
    reasons = models.TextField(_("reasons"))
    decisions = models.TextField(_("decisions taken"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    no_measures_reason = models.TextField(_("why no measures are taken"), blank=True)
    resolved = models.BooleanField(_("the complainant accepts the solution"), default=False)

    class Meta:
        ordering = ["complaint", "given_on", "id"]
        verbose_name = _("judgement")
        verbose_name_plural = _("judgements")

    def __str__(self) -> str:
        return f"{self.complaint}: {self.verdict_label()}"

    def verdict_label(self) -> str:
        return word_label(
            VerdictChoices,
            self.verdict,
            lambda: own_label(self.complaint.procedure, "verdict", self.verdict),
        )


class Measure(models.Model):
    judgement = models.ForeignKey(Judgement, on_delete=models.PROTECT, related_name="measures")
    description = models.TextField(_("measure"))
    owner = models.CharField(_("who realises it"), max_length=200)
    # The colleague reminded before the date and after it; blank: the file's officers.
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(_("realised by"))
    realised_on = models.DateField(_("realised on"), null=True, blank=True)
    realised_note = models.TextField(_("what was done"), blank=True)

    class Meta:
        ordering = ["judgement", "due_on", "id"]
        # The reminder round reads the measures still to realise by their date.
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=models.Q(realised_on__isnull=True),
                name="measure_to_realise",
            )
        ]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.description


class Signature(models.Model):
    judgement = models.ForeignKey(Judgement, on_delete=models.PROTECT, related_name="signatures")
    party = models.CharField(_("signed as"), max_length=32, choices=RecipientChoices.choices)
    name = models.CharField(_("name"), max_length=200)
    signed_on = models.DateField(_("signed on"))

    class Meta:
        ordering = ["judgement", "signed_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["judgement", "party"], name="one_signature_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.signed_on})"
