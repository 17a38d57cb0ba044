"""The client's file for complaints: find a client, record a new one, their contacts and
representatives, and the date of death. Every look is in the access log."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.complaints import services
from klachtpad.complaints.models import Client, RelationChoices
from klachtpad.complaints.selectors import clients_for, complaints_for
from klachtpad.complaints.services import TransitionRefused
from klachtpad.domain.permissions import OrganisationAction
from klachtpad.domain.schemes.vocabulary import Relation
from klachtpad.staff.access import Desk, desk_view, log
from klachtpad.staff.actions import DateInput


class ClientForm(forms.Form):
    client_number = forms.CharField(label=gettext_lazy("Client number"), max_length=40)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    date_of_birth = forms.DateField(
        label=gettext_lazy("Date of birth"), widget=DateInput(), required=False
    )


class ContactForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    relation = forms.ChoiceField(
        label=gettext_lazy("Relation to the client"),
        choices=[c for c in RelationChoices.choices if c[0] != Relation.CLIENT.value],
    )
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40, required=False)
    registered_on = forms.DateField(
        label=gettext_lazy("Registered in the file since"),
        widget=DateInput(),
        initial=timezone.localdate,
    )


class DeathForm(forms.Form):
    died_on = forms.DateField(label=gettext_lazy("Date of death"), widget=DateInput())


def _client(desk: Desk, number: str) -> Client:
    return get_object_or_404(
        clients_for(user=desk.user, organisation=desk.organisation), client_number=number
    )


@desk_view(OrganisationAction.INTAKE)
def client_list(request: HttpRequest, desk: Desk) -> HttpResponse:
    text = request.GET.get("q", "").replace("\x00", "")[:100]
    found = clients_for(user=desk.user, organisation=desk.organisation, text=text)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            client = services.client_register(
                organisation=desk.organisation,
                client_number=data["client_number"],
                name=data["name"],
                date_of_birth=data["date_of_birth"],
            )
        except TransitionRefused as refusal:
            for message in refusal.messages():
                form.add_error(None, message)
        else:
            messages.success(request, _("Client recorded."))
            return redirect(
                "staff:client", organisation=desk.organisation.slug, number=client.client_number
            )
    # The search words may be names: the log keeps that a search was made, not its words.
    log(request, desk, LogActionChoices.SEARCH, LogOutcomeChoices.ALLOWED, detail="clients")
    return render(
        request, "staff/clients.html", {"desk": desk, "page": page, "q": text, "form": form}
    )


def _page(
    request: HttpRequest,
    desk: Desk,
    client: Client,
    contact_form: ContactForm | None = None,
    death_form: DeathForm | None = None,
    status: int = 200,
) -> HttpResponse:
    log(
        request,
        desk,
        LogActionChoices.VIEW,
        LogOutcomeChoices.ALLOWED,
        detail=f"{request.method} client {client.client_number}",
    )
    context = {
        "desk": desk,
        "client": client,
        "contacts": client.contacts.all(),
        "complaints": complaints_for(user=desk.user, organisation=desk.organisation).filter(
            client=client
        ),
        "contact_form": contact_form or ContactForm(),
        "death_form": death_form or DeathForm(),
    }
    return render(request, "staff/client.html", context, status=status)


@desk_view(OrganisationAction.INTAKE)
def client_page(request: HttpRequest, desk: Desk, number: str) -> HttpResponse:
    return _page(request, desk, _client(desk, number))


@desk_view(OrganisationAction.INTAKE)
@require_POST
def client_contact_add(request: HttpRequest, desk: Desk, number: str) -> HttpResponse:
    client = _client(desk, number)
    form = ContactForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.client_contact_register(
                client=client,
                name=data["name"],
                relation=Relation(data["relation"]),
                email=data["email"],
                phone=data["phone"],
                registered_on=data["registered_on"],
            )
        except TransitionRefused as refusal:
            for message in refusal.messages():
                form.add_error(None, message)
        else:
            messages.success(request, _("Contact person registered."))
            return redirect("staff:client", organisation=desk.organisation.slug, number=number)
    return _page(request, desk, client, contact_form=form, status=422)


@desk_view(OrganisationAction.INTAKE)
@require_POST
def client_death(request: HttpRequest, desk: Desk, number: str) -> HttpResponse:
    client = _client(desk, number)
    form = DeathForm(request.POST)
    if form.is_valid():
        try:
            services.client_death_record(client=client, died_on=form.cleaned_data["died_on"])
        except TransitionRefused as refusal:
            for message in refusal.messages():
                form.add_error(None, message)
        else:
            messages.success(request, _("Date of death recorded."))
            return redirect("staff:client", organisation=desk.organisation.slug, number=number)
    return _page(request, desk, client, death_form=form, status=422)
