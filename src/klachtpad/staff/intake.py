"""Staff intake: a concern told in person or by phone, or a complaint that came by mail;
the page and its form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.complaints import services
from klachtpad.complaints.models import (
    ChannelChoices,
    Client,
    Complaint,
    Forwarded,
    HandlingChoices,
    RelationChoices,
    SupportChoices,
)
from klachtpad.complaints.services import TransitionRefused
from klachtpad.domain.permissions import OrganisationAction
from klachtpad.domain.schemes.vocabulary import Channel, Condition, Handling
from klachtpad.notifications.forwarding import message_forward
from klachtpad.organisations.models import Category, Organisation, Procedure
from klachtpad.organisations.selectors import location_names, organisation_members, staff_of
from klachtpad.staff.access import Desk, desk_view, log
from klachtpad.staff.actions import DateInput, StaffMultipleChoiceField

ELSEWHERE = "elsewhere:"
FORWARD_FIELDS = frozenset(
    {
        "__all__",
        "procedure",
        "handling",
        "channel",
        "received_on",
        "complainant_name",
        "complainant_email",
        "complainant_phone",
        "complainant_language",
        "description",
    }
)
CONDITION_CHOICES = [
    (Condition.REGISTERED_CONTACT.value, _("the complainant is registered as contact person")),
    (Condition.CLIENT_DECEASED.value, _("the client has died")),
]


class IntakeForm(forms.Form):
    procedure = forms.ModelChoiceField(queryset=Procedure.objects.none(), label=_("Procedure"))
    handling = forms.ChoiceField(
        label=_("What is it"),
        choices=HandlingChoices.choices,
        widget=forms.RadioSelect,
        initial=HandlingChoices.INFORMAL,
    )
    channel = forms.ChoiceField(label=_("How did it come in"), choices=ChannelChoices.choices)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput(), required=False)
    filled_in_together = forms.BooleanField(
        label=_("We filled in the complaint form together with the complainant"), required=False
    )
    client_number = forms.CharField(label=_("Client number"), max_length=40, required=False)
    client_name = forms.CharField(
        label=_("Client's name (for a client not yet in Klachtpad)"), max_length=200, required=False
    )
    complainant_name = forms.CharField(label=_("Complainant's name"), max_length=200)
    complainant_relation = forms.ChoiceField(
        label=_("Complainant is"), choices=RelationChoices.choices
    )
    conditions = forms.MultipleChoiceField(
        label=_("Checked in the client's file"),
        choices=CONDITION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    refused_as_representative = forms.BooleanField(
        label=_(
            "The complaint is about our refusal to accept the complainant as the client's "
            "representative (Wkkgz art. 14(2))"
        ),
        required=False,
    )
    complainant_email = forms.EmailField(label=_("E-mail"), required=False)
    complainant_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    complainant_address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    complainant_language = forms.ChoiceField(
        label=_("Letters in"), choices=settings.LANGUAGES, initial="nl", required=False
    )
    summary = forms.CharField(label=_("Summary in a few words"), max_length=200)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea)
    event_date = forms.DateField(label=_("When it happened"), widget=DateInput(), required=False)
    member = forms.ChoiceField(label=_("Care provider"), required=False)
    location = forms.CharField(label=_("Where"), max_length=200, required=False)
    care_type = forms.CharField(label=_("Type of care"), max_length=200, required=False)
    desired_outcome = forms.CharField(
        label=_("What would solve it for the complainant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    already_tried = forms.CharField(
        label=_("What was already tried"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    support_kind = forms.ChoiceField(
        label=_("Help from"), choices=SupportChoices.choices, required=False
    )
    support_name = forms.CharField(label=_("Name of the helper"), max_length=200, required=False)
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.none(),
        label=_("Categories"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    employees = forms.CharField(
        label=_("Employees concerned (one per line: name, job title)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    employee_accounts = StaffMultipleChoiceField(
        queryset=User.objects.none(),
        label=_(
            "Colleagues concerned (linked to their account, so the complaint is hidden from them)"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        procedure = self.fields["procedure"]
        assert isinstance(procedure, forms.ModelChoiceField)  # noqa: S101
        procedure.queryset = Procedure.objects.filter(
            organisation=organisation,
            scheme_version=organisation.scheme_versions.order_by("-number").first(),
        )
        procedure.initial = procedure.queryset.first()
        self._own_words(procedure.queryset.first())
        self._elsewhere(procedure.queryset.first())
        categories = self.fields["categories"]
        assert isinstance(categories, forms.ModelMultipleChoiceField)  # noqa: S101
        categories.queryset = Category.objects.filter(organisation=organisation, active=True)
        accounts = self.fields["employee_accounts"]
        assert isinstance(accounts, forms.ModelMultipleChoiceField)  # noqa: S101
        accounts.queryset = staff_of(organisation=organisation)
        members = organisation_members(organisation)
        if members:
            member = self.fields["member"]
            assert isinstance(member, forms.ChoiceField)  # noqa: S101
            member.choices = [(m.id, m.name) for m in members]
            member.required = True
        else:
            del self.fields["member"]
        locations = location_names(organisation=organisation)
        if locations:
            self.fields["location"] = forms.ChoiceField(
                label=_("Where"),
                required=False,
                choices=[("", "—"), *[(name, name) for name in locations]],
            )

    def _own_words(self, procedure: Procedure | None) -> None:
        """The scheme's own relations and conditions, after the built-in ones."""
        if procedure is None:
            return
        vocabulary = procedure.spec().vocabulary
        language = get_language() or "nl"
        relation = self.fields["complainant_relation"]
        conditions = self.fields["conditions"]
        assert isinstance(relation, forms.ChoiceField)  # noqa: S101
        assert isinstance(conditions, forms.ChoiceField)  # noqa: S101
        relation.choices = [
            *RelationChoices.choices,
            *[(word.id, word.label.get(language)) for word in vocabulary.relations],
        ]
        conditions.choices = [
            *CONDITION_CHOICES,
            *[(word.id, word.statement.get(language)) for word in vocabulary.conditions],
        ]

    def _elsewhere(self, procedure: Procedure | None) -> None:
        """Subjects the scheme sends elsewhere, as answers to "what is it"."""
        if procedure is None:
            return
        handling = self.fields["handling"]
        assert isinstance(handling, forms.ChoiceField)  # noqa: S101
        language = get_language() or "nl"
        handling.choices = [
            *HandlingChoices.choices,
            *[
                (
                    ELSEWHERE + subject.id,
                    _("Not a complaint: %(subject)s; sent on to %(goes_to)s")
                    % {
                        "subject": subject.name.get(language),
                        "goes_to": subject.goes_to.get(language),
                    },
                )
                for subject in procedure.spec().out_of_scope
            ],
        ]

    def forward_chosen(self) -> str | None:
        handling = str(self.cleaned_data.get("handling", ""))
        return handling.removeprefix(ELSEWHERE) if handling.startswith(ELSEWHERE) else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if str(cleaned.get("handling", "")).startswith(ELSEWHERE):
            # Sent on, not recorded as a complaint: who it is from and what they wrote.
            for name in list(self.errors):
                if name not in FORWARD_FIELDS:
                    del self.errors[name]
            return cleaned
        number = cleaned.get("client_number", "").strip()
        if (
            number
            and not cleaned.get("client_name", "").strip()
            and not Client.objects.filter(
                organisation=self.organisation, client_number=number
            ).exists()
        ):
            self.add_error(
                "client_name",
                _("There is no client with this number yet; fill in the client's name."),
            )
        return cleaned

    def employees_concerned(self) -> list[services.Employee]:
        found = [
            services.Employee(user.get_full_name() or user.get_username(), user=user)
            for user in self.cleaned_data["employee_accounts"]
        ]
        for line in self.cleaned_data["employees"].splitlines():
            name, _comma, title = line.partition(",")
            if name.strip():
                found.append(services.Employee(name.strip(), title.strip()))
        return found


def intake_forward(form: IntakeForm, actor: services.Actor) -> Forwarded:
    """A message about a subject the scheme sends elsewhere: sent on, no complaint."""
    data = form.cleaned_data
    subject = form.forward_chosen()
    assert subject is not None  # noqa: S101 - the caller checked
    return message_forward(
        data["procedure"],
        actor=actor,
        subject=subject,
        name=data["complainant_name"],
        email=data["complainant_email"],
        phone=data["complainant_phone"],
        message=data["description"],
        channel=Channel(data["channel"]),
        language=data["complainant_language"] or "nl",
        received_on=data["received_on"],
    )


@transaction.atomic
def intake_register(form: IntakeForm, actor: services.Actor) -> Complaint:
    """The client (new or known) and the complaint are recorded together or not at all."""
    data = form.cleaned_data
    number = data["client_number"].strip()
    client = (
        services.client_for_intake(
            organisation=form.organisation, client_number=number, name=data["client_name"]
        )
        if number
        else None
    )
    return services.complaint_register(
        procedure=data["procedure"],
        actor=actor,
        channel=Channel(data["channel"]),
        handling=Handling(data["handling"]),
        complainant=services.Complainant(
            name=data["complainant_name"],
            relation=data["complainant_relation"],
            email=data["complainant_email"],
            phone=data["complainant_phone"],
            address=data["complainant_address"],
            language=data["complainant_language"] or "nl",
            declared=frozenset(data["conditions"]),
            refused_as_representative=data["refused_as_representative"],
        ),
        details=services.Details(
            summary=data["summary"],
            description=data["description"],
            event_date=data["event_date"],
            location=data["location"],
            care_type=data["care_type"],
            desired_outcome=data["desired_outcome"],
            already_tried=data["already_tried"],
            support_name=data["support_name"],
            support_kind=data["support_kind"],
            member=data.get("member", ""),
        ),
        client=client,
        received_on=data["received_on"],
        filled_in_together=data["filled_in_together"],
        categories=data["categories"],
        employees=form.employees_concerned(),
    )


@desk_view(OrganisationAction.INTAKE)
def intake(request: HttpRequest, desk: Desk) -> HttpResponse:
    form = IntakeForm(request.POST or None, organisation=desk.organisation)
    if request.method == "POST" and form.is_valid() and form.forward_chosen():
        try:
            forwarded = intake_forward(form, desk.actor)
        except TransitionRefused as refusal:
            for message in refusal.messages():
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Not recorded as a complaint: sent on to %(where)s.")
                % {"where": forwarded.sent_to},
            )
            return redirect("staff:intake", organisation=desk.organisation.slug)
    elif request.method == "POST" and form.is_valid():
        try:
            complaint = intake_register(form, desk.actor)
        except TransitionRefused as refusal:
            for message in refusal.messages():
                form.add_error(None, message)
        else:
            log(
                request,
                desk,
                LogActionChoices.CHANGE,
                LogOutcomeChoices.ALLOWED,
                complaint_id=complaint.pk,
                reference=complaint.reference,
            )
            messages.success(
                request, _("Recorded as %(reference)s.") % {"reference": complaint.reference}
            )
            return redirect(
                "staff:complaint",
                organisation=desk.organisation.slug,
                reference=complaint.reference,
            )
    return render(request, "staff/intake.html", {"desk": desk, "form": form})
