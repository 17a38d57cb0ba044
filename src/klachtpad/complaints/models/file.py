"""The complaint file itself: the client and their contacts, the complaint, the
employees concerned and others involved, what is shared, and its attachments.

Rows here are changed only by ``complaints.services``; models hold no rules."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from klachtpad.domain.schemes.model import LocalText
from klachtpad.organisations.choices import (
    ChannelChoices,
    ClosureChoices,
    ConsentHowChoices,
    HandlingChoices,
    RelationChoices,
    ShareScopeChoices,
    StateChoices,
    StatementKindChoices,
    SupportChoices,
    VerdictChoices,
    word_label,
)
from klachtpad.organisations.models import Category, Organisation, Procedure


def own_label(procedure: Procedure, section: str, value: str) -> LocalText | None:
    """The label of one of the scheme's own words (``section``: verdict, relation, term)."""
    word = getattr(procedure.spec().vocabulary, section)(value)
    return word.label if word else None


class Client(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client_number = models.CharField(_("client number"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    deceased_on = models.DateField(_("date of death"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "client_number"], name="client_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.client_number})"


class ClientContact(models.Model):
    """A person registered in the client's file as contact person."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation"), max_length=32, choices=RelationChoices.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    registered_on = models.DateField(_("registered on"))

    class Meta:
        ordering = ["client", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display()})"


class Complaint(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("reference"), max_length=32)
    # Raised by every change; a change made against an older version is refused.
    version = models.PositiveIntegerField(default=1)

    handling = models.CharField(_("handling"), max_length=16, choices=HandlingChoices.choices)
    state = models.CharField(_("state"), max_length=16, choices=StateChoices.choices)
    closure = models.CharField(_("ended as"), max_length=16, choices=ClosureChoices, blank=True)
    step = models.CharField(_("current step"), max_length=63)
    step_entered_on = models.DateField(_("at this step since"))
    channel = models.CharField(_("received by"), max_length=16, choices=ChannelChoices.choices)

    received_on = models.DateField(_("received on"))
    formal_received_on = models.DateField(_("formal complaint received on"), null=True, blank=True)
    filled_in_together = models.BooleanField(_("form filled in with staff"), default=False)
    acknowledged_on = models.DateField(_("receipt acknowledged on"), null=True, blank=True)

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    client_name = models.CharField(
        _("client's name as the complainant gave it"), max_length=200, blank=True
    )
    complainant_name = models.CharField(_("complainant"), max_length=200)
    complainant_relation = models.CharField(
        _("relation to the client"), max_length=32, choices=RelationChoices.choices
    )
    complainant_contact = models.ForeignKey(
        ClientContact, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    complainant_email = models.EmailField(_("complainant's e-mail"), blank=True)
    complainant_phone = models.CharField(_("complainant's phone"), max_length=40, blank=True)
    complainant_address = models.TextField(_("complainant's address"), blank=True)
    language = models.CharField(
        _("language for letters"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    support_name = models.CharField(_("support person"), max_length=200, blank=True)
    support_kind = models.CharField(
        _("support by"), max_length=32, choices=SupportChoices.choices, blank=True
    )

    # Who recorded it (blank for the public form) and who handles it now.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    summary = models.CharField(_("summary"), max_length=200)
    description = models.TextField(_("what happened"))
    event_date = models.DateField(_("when it happened"), null=True, blank=True)
    location = models.CharField(_("where"), max_length=200, blank=True)
    care_type = models.CharField(_("type of care"), max_length=200, blank=True)
    # The member provider the complaint is about, under an umbrella scheme.
    member = models.CharField(_("provider"), max_length=63, blank=True)
    desired_outcome = models.TextField(_("what the complainant wants"), blank=True)
    already_tried = models.TextField(_("what was already tried"), blank=True)
    events_older_than_limit = models.BooleanField(_("events older than the limit"), default=False)
    categories = models.ManyToManyField(Category, blank=True, related_name="+")

    # Frozen when the decision is given: later calendar changes do not rewrite them.
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_due_on = models.DateField(_("decision due on"), null=True, blank=True)
    decided_in_time = models.BooleanField(_("decided in time"), null=True, blank=True)
    # Against the term as the scheme first set it, before any extension or agreement
    # (IederZijnWerk reports "not handled within the term of 6 weeks").
    decided_within_base = models.BooleanField(
        _("decided within the first term"), null=True, blank=True
    )
    late_explanation = models.TextField(_("why the decision was late"), blank=True)
    declined_reason = models.TextField(_("why it was not taken into handling"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # The first referral and the latest judgement's verdict, kept here so reports count
    # them without a join.
    referred_on = models.DateField(_("first referred on"), null=True, blank=True)
    verdict = models.CharField(
        _("latest judgement"), max_length=32, choices=VerdictChoices.choices, blank=True
    )

    # The nearest end of a running term, kept by every change of its terms (the
    # transition that starts, meets, stops or moves one), so that the worklist orders
    # by an index instead of grouping every complaint's terms.
    next_term_end = models.DateField(_("next term ends on"), null=True, blank=True, editable=False)

    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1-5)"), null=True, blank=True)
    satisfaction_remark = models.TextField(_("remark on the handling"), blank=True)
    satisfaction_recorded_on = models.DateField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the retention purge removed the file's personal data: what stays is what
    # reports count (dates, procedure, categories, outcome, timeliness).
    purged_on = models.DateField(_("personal data removed on"), null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="complaint_reference_unique"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "state"]),
            # Reports count the complaints of organisations received in a period.
            models.Index(fields=["organisation", "received_on"]),
            # The worklist's order, in one organisation and across those of a service.
            models.Index(
                fields=["organisation", "next_term_end", "-received_on", "-id"],
                name="complaint_worklist",
            ),
            models.Index(
                fields=["next_term_end", "-received_on", "-id"], name="complaint_worklist_across"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.summary}"

    # The scheme's own words, where the file holds one (Django's own display would
    # show its id).
    def verdict_label(self) -> str:
        return word_label(
            VerdictChoices, self.verdict, lambda: own_label(self.procedure, "verdict", self.verdict)
        )

    def relation_label(self) -> str:
        relation = self.complainant_relation
        return word_label(
            RelationChoices, relation, lambda: own_label(self.procedure, "relation", relation)
        )


class EmployeeConcerned(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="employees")
    name = models.CharField(_("name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["complaint", "id"]
        verbose_name = _("employee concerned")
        verbose_name_plural = _("employees concerned")

    def __str__(self) -> str:
        return self.name


class EmployeeStatement(models.Model):
    """What an employee concerned tells the complaints officer: their side, a contact
    with the complainant, a solution (hoor en wederhoor; Nexxtep art. 5.2 and 7.2)."""

    employee = models.ForeignKey(
        EmployeeConcerned, on_delete=models.PROTECT, related_name="statements"
    )
    kind = models.CharField(_("what"), max_length=16, choices=StatementKindChoices.choices)
    text = models.TextField(_("text"))
    happened_on = models.DateField(_("on"), null=True, blank=True)
    given_at = models.DateTimeField(_("given at"))

    class Meta:
        ordering = ["employee", "given_at", "id"]
        verbose_name = _("statement of the employee concerned")
        verbose_name_plural = _("statements of employees concerned")

    def __str__(self) -> str:
        return f"{self.employee}: {self.get_kind_display()}"


class OtherInvolved(models.Model):
    """Someone else involved in the complaint (a colleague, a GP, a neighbour): the
    consent to contact them, and when they were contacted."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="others")
    name = models.CharField(_("who"), max_length=200)
    consent_by = models.CharField(_("consent given by"), max_length=200, blank=True)
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_how = models.CharField(
        _("consent given"), max_length=16, choices=ConsentHowChoices.choices, blank=True
    )
    contacted_on = models.DateField(_("contacted on"), null=True, blank=True)
    note = models.TextField(_("what was discussed"), blank=True)

    class Meta:
        ordering = ["complaint", "id"]
        verbose_name = _("someone else involved")
        verbose_name_plural = _("others involved")

    def __str__(self) -> str:
        return self.name


def _attachment_storage():  # type: ignore[no-untyped-def]
    return storages["attachments"]


class Share(models.Model):
    """Part of a file made visible to one colleague (a confidant, an employee concerned)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="shares")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(_("what is shared"), max_length=16, choices=ShareScopeChoices)
    summary = models.TextField(_("what they may read"), blank=True)
    shared_by = models.CharField(_("shared by"), max_length=200)
    shared_at = models.DateTimeField(_("shared at"))
    at_request_of_client = models.BooleanField(_("the client asked for this"), default=False)

    class Meta:
        ordering = ["complaint", "id"]
        verbose_name = _("share")
        verbose_name_plural = _("shares")

    def __str__(self) -> str:
        return f"{self.complaint} -> {self.user}"


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(storage=_attachment_storage, upload_to="%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.CharField(_("added by"), max_length=200)

    class Meta:
        ordering = ["complaint", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class ReferenceCounter(models.Model):
    """The last reference number an organisation gave in a year, so that the next is
    one step, not a count of every complaint it ever had (taken under the organisation's
    row lock, like the reference itself)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="reference_counter_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year}: {self.last}"
