"""The inbox: mail that came into the organisation's mailboxes, for the complaints
officer to make a file of, put in a file, or dismiss with a reason; the standard texts
replies start with; a reply written from a file; and the mailboxes (organisation admin).
Every look at a mail is in the access log."""

from __future__ import annotations

import copy
import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.forms.models import construct_instance
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.complaints.models import Complaint, RelationChoices
from klachtpad.complaints.selectors import complaints_for
from klachtpad.complaints.services import TransitionRefused
from klachtpad.domain.permissions import FileAction, OrganisationAction, may
from klachtpad.domain.schemes.vocabulary import Channel
from klachtpad.inbox import selectors, services
from klachtpad.inbox.imap import MailboxError, oauth_authorize_address
from klachtpad.inbox.models import (
    CannedText,
    DismissalChoices,
    InboxItem,
    ItemStatusChoices,
    Mailbox,
)
from klachtpad.inbox.parsing import mail_parse
from klachtpad.organisations.selectors import roles_in
from klachtpad.organisations.wording import param_words
from klachtpad.staff.access import Desk, desk_view, file_view, log, staff_only, verified
from klachtpad.staff.intake import IntakeForm, intake_forward, intake_register

PAGE_SIZE = 50


class AttachForm(forms.Form):
    reference = forms.CharField(label=gettext_lazy("Reference of the file"), max_length=32)


class DismissForm(forms.Form):
    dismissal = forms.ChoiceField(
        label=gettext_lazy("Why no file"), choices=DismissalChoices.choices
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("dismissal") != DismissalChoices.SPAM
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", _("Say why this mail needs no file."))
        return cleaned


class CannedTextForm(forms.ModelForm[CannedText]):
    class Meta:
        model = CannedText
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}


class MailboxForm(forms.ModelForm[Mailbox]):
    oauth_authorize_url = forms.URLField(
        label=gettext_lazy("OAuth 2.0 sign-in address"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy(
            "With it, you sign in at the provider from this page instead of pasting a "
            "refresh token."
        ),
    )
    oauth_token_url = forms.URLField(
        label=gettext_lazy("OAuth 2.0 token address"), required=False, assume_scheme="https"
    )
    secret = forms.CharField(
        label=gettext_lazy("Password (or, for OAuth 2.0, the refresh token)"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy("Leave empty to keep the one saved."),
    )
    client_secret = forms.CharField(
        label=gettext_lazy("OAuth 2.0 client secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy("Leave empty to keep the one saved."),
    )

    class Meta:
        model = Mailbox
        fields = [
            "name",
            "address",
            "host",
            "port",
            "security",
            "sign_in",
            "username",
            "oauth_authorize_url",
            "oauth_token_url",
            "oauth_client_id",
            "oauth_scope",
            "folder",
            "after",
            "done_folder",
            "active",
        ]

    def clean(self) -> dict[str, Any]:
        """The service's faults, beside the fields they are about."""
        cleaned = super().clean() or {}
        candidate = construct_instance(self, copy.copy(self.instance))
        secret = cleaned.get("secret", "")
        for field, fault in services.mailbox_faults(candidate, secret=secret).items():
            self.add_error(field, fault.render(_, display=param_words))
        return cleaned


def _item(desk: Desk, item_id: int) -> InboxItem:
    found = selectors.item_of(desk.organisation, item_id)
    if found is None:
        raise Http404
    return found


def _refused(form: forms.Form, refusal: TransitionRefused) -> None:
    for text in refusal.messages():
        form.add_error(None, text)


def _looked(request: HttpRequest, desk: Desk, item: InboxItem, what: str = "") -> None:
    """The access log's entry of a look at a mail (or at ``what`` of it)."""
    log(
        request,
        desk,
        LogActionChoices.VIEW,
        LogOutcomeChoices.ALLOWED,
        complaint_id=item.complaint_id,
        reference=item.complaint.reference if item.complaint else "",
        detail=f"inbox item {item.pk}{what}",
    )


def _changed(
    request: HttpRequest, desk: Desk, detail: str, complaint: Complaint | None = None
) -> None:
    """The access log's entry of a change made to a mail (and to the file it went to)."""
    log(
        request,
        desk,
        LogActionChoices.CHANGE,
        LogOutcomeChoices.ALLOWED,
        complaint_id=complaint.pk if complaint else None,
        reference=complaint.reference if complaint else "",
        detail=detail,
    )


def _refused_here(request: HttpRequest, refusal: TransitionRefused) -> HttpResponse:
    """The mail's page again, saying why (the mail may have been handled meanwhile)."""
    for text in refusal.messages():
        messages.error(request, text)
    return redirect(request.path)


@desk_view(OrganisationAction.INBOX)
def inbox_page(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The mail still to handle (or, with ``?handled=1``, what was done with the rest)."""
    handled = request.GET.get("handled") == "1"
    page = Paginator(selectors.items_of(desk.organisation, handled=handled), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    log(request, desk, LogActionChoices.VIEW, LogOutcomeChoices.ALLOWED, detail="inbox list")
    context = {
        "desk": desk,
        "page": page,
        "handled": handled,
        "mailboxes": selectors.mailboxes_of(desk.organisation).filter(active=True),
    }
    return render(request, "staff/inbox.html", context)


def _item_context(desk: Desk, item: InboxItem, **forms_given: forms.Form) -> dict[str, Any]:
    people = selectors.known_people(desk.organisation, item.from_address)
    return {
        "desk": desk,
        "item": item,
        "note_kind": item.note.partition(":")[0],
        "note_reference": item.note.partition(":")[2],
        "people": people,
        "attach_form": forms_given.get("attach_form") or AttachForm(),
        "dismiss_form": forms_given.get("dismiss_form") or DismissForm(),
    }


@desk_view(OrganisationAction.INBOX)
def inbox_item(request: HttpRequest, desk: Desk, item: int) -> HttpResponse:
    """One mail as text (never its HTML), its files, and what to do with it."""
    found = _item(desk, item)
    forms_given: dict[str, forms.Form] = {}
    if request.method == "POST":
        done = _item_post(request, desk, found, forms_given)
        if done is not None:
            return done
    _looked(request, desk, found)
    return render(request, "staff/inbox_item.html", _item_context(desk, found, **forms_given))


def _item_post(
    request: HttpRequest, desk: Desk, item: InboxItem, forms_given: dict[str, forms.Form]
) -> HttpResponse | None:
    """Attach to a file or dismiss; the page again (with errors) when refused."""
    if "attach" in request.POST:
        attach = AttachForm(request.POST)
        forms_given["attach_form"] = attach
        if not attach.is_valid():
            return None
        complaint = (
            complaints_for(user=desk.user, organisation=desk.organisation, action=FileAction.HANDLE)
            .filter(reference=attach.cleaned_data["reference"].strip())
            .first()
        )
        if complaint is None:
            attach.add_error("reference", _("There is no file with this reference you may handle."))
            return None
        try:
            services.item_attach(item, complaint, actor=desk.actor)
        except TransitionRefused as refusal:
            return _refused_here(request, refusal)
        _changed(request, desk, f"inbox item {item.pk} put in the file", complaint)
        messages.success(
            request, _("The mail is in file %(reference)s.") % {"reference": complaint.reference}
        )
        return redirect("staff:inbox", organisation=desk.organisation.slug)
    dismiss = DismissForm(request.POST)
    forms_given["dismiss_form"] = dismiss
    if not dismiss.is_valid():
        return None
    try:
        services.item_dismiss(
            item,
            actor=desk.actor,
            dismissal=DismissalChoices(dismiss.cleaned_data["dismissal"]),
            reason=dismiss.cleaned_data["reason"],
        )
    except TransitionRefused as refusal:
        return _refused_here(request, refusal)
    _changed(request, desk, f"inbox item {item.pk} dismissed")
    messages.success(request, _("The mail was dismissed."))
    return redirect("staff:inbox", organisation=desk.organisation.slug)


def _intake_initial(desk: Desk, item: InboxItem) -> dict[str, Any]:
    """The intake form filled in from the mail: its day of receipt is the server's."""
    initial: dict[str, Any] = {
        "channel": Channel.EMAIL.value,
        "received_on": services.mail_facts(item).received_on,
        "complainant_name": item.from_name or item.from_address,
        "complainant_email": item.from_address,
        "summary": item.subject[:200],
        "description": item.text,
    }
    people = selectors.known_people(desk.organisation, item.from_address)
    contact = people.contacts[0] if people.contacts else None
    earlier = people.complaints[0] if people.complaints else None
    if contact is not None:
        initial |= {
            "complainant_name": contact.name,
            "complainant_relation": contact.relation,
            "client_number": contact.client.client_number,
            "complainant_phone": contact.phone,
        }
    elif earlier is not None:
        initial |= {
            "complainant_relation": earlier.complainant_relation or RelationChoices.CLIENT,
            "client_number": earlier.client.client_number if earlier.client else "",
            "complainant_phone": earlier.complainant_phone,
        }
    return initial


@desk_view(OrganisationAction.INBOX)
def inbox_register(request: HttpRequest, desk: Desk, item: int) -> HttpResponse:
    """Make a concern or a formal complaint of the mail (or send it on where the scheme
    says it belongs); the mail, its files and its date go with it."""
    found = _item(desk, item)
    if found.status != ItemStatusChoices.OPEN:
        messages.info(request, _("This mail was handled already."))
        return redirect("staff:inbox_item", organisation=desk.organisation.slug, item=found.pk)
    form = IntakeForm(
        request.POST or None, organisation=desk.organisation, initial=_intake_initial(desk, found)
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if form.forward_chosen():
                    forwarded = intake_forward(form, desk.actor)
                    services.item_dismiss(
                        found,
                        actor=desk.actor,
                        dismissal=DismissalChoices.FORWARDED,
                        reason=forwarded.sent_to,
                    )
                    messages.success(
                        request, _("Sent on to %(where)s.") % {"where": forwarded.sent_to}
                    )
                    return redirect("staff:inbox", organisation=desk.organisation.slug)
                complaint = intake_register(form, desk.actor)
                services.item_registered(found, complaint, actor=desk.actor)
        except TransitionRefused as refusal:
            _refused(form, refusal)
        else:
            _changed(request, desk, f"inbox item {found.pk} made into a file", complaint)
            messages.success(
                request, _("Recorded as %(reference)s.") % {"reference": complaint.reference}
            )
            return redirect(
                "staff:complaint",
                organisation=desk.organisation.slug,
                reference=complaint.reference,
            )
    _looked(request, desk, found)
    return render(request, "staff/inbox_register.html", {"desk": desk, "item": found, "form": form})


@desk_view(OrganisationAction.INBOX)
def inbox_file(request: HttpRequest, desk: Desk, item: int, index: int) -> HttpResponse:
    """One of the mail's files that may be kept, as a download (never shown inline)."""
    found = _item(desk, item)
    if not 0 <= index < len(found.parts) or not found.parts[index].get("type"):
        raise Http404
    parts = mail_parse(services.item_raw(found)).parts
    if index >= len(parts):
        raise Http404
    judged = found.parts[index]
    _looked(request, desk, found, f" file {index}")
    response = HttpResponse(parts[index].data, content_type=str(judged["type"]))
    response["Content-Disposition"] = (
        content_disposition_header(True, str(judged["name"])) or "attachment"
    )
    return response


@desk_view(OrganisationAction.INBOX)
def inbox_texts(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The standard texts a reply from a file can start with."""
    editing = None
    chosen = request.GET.get("edit") or request.POST.get("edit") or ""
    if chosen.isdigit():
        editing = get_object_or_404(CannedText, organisation=desk.organisation, pk=int(chosen))
    if request.method == "POST" and "remove" in request.POST and editing is not None:
        services.canned_text_remove(editing)
        messages.success(request, _("The text was removed."))
        return redirect("staff:inbox_texts", organisation=desk.organisation.slug)
    form = CannedTextForm(
        request.POST or None,
        instance=editing or CannedText(organisation=desk.organisation),
    )
    if request.method == "POST" and form.is_valid():
        services.canned_text_save(form.instance)
        messages.success(request, _("The text was saved."))
        return redirect("staff:inbox_texts", organisation=desk.organisation.slug)
    context = {
        "desk": desk,
        "texts": selectors.canned_texts_of(desk.organisation),
        "form": form,
        "editing": editing,
    }
    return render(request, "staff/inbox_texts.html", context)


@desk_view(OrganisationAction.ADMINISTER)
def admin_mailboxes(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The organisation's mailboxes: connect one, change it, test it, stop reading it."""
    chosen = request.GET.get("edit") or request.POST.get("edit") or ""
    editing = (
        get_object_or_404(Mailbox, organisation=desk.organisation, pk=int(chosen))
        if chosen.isdigit()
        else None
    )
    form = MailboxForm(
        request.POST or None, instance=editing or Mailbox(organisation=desk.organisation)
    )
    if request.method == "POST" and "authorize" in request.POST and editing is not None:
        return _oauth_start(request, editing)
    if request.method == "POST" and "check" in request.POST and editing is not None:
        try:
            waiting = services.mailbox_check(editing)
        except MailboxError as error:
            messages.error(
                request, _("The mailbox could not be read: %(error)s") % {"error": error}
            )
        else:
            messages.success(
                request,
                _("Connected: %(count)s mails wait in %(folder)s.")
                % {"count": waiting, "folder": editing.folder},
            )
        return redirect(f"{request.path}?edit={editing.pk}")
    if request.method == "POST" and form.is_valid():
        services.mailbox_save(
            form.instance,
            secret=form.cleaned_data["secret"],
            client_secret=form.cleaned_data["client_secret"],
        )
        messages.success(request, _("The mailbox was saved."))
        return redirect(f"{request.path}?edit={form.instance.pk}")
    context = {
        "desk": desk,
        "mailboxes": selectors.mailboxes_of(desk.organisation),
        "form": form,
        "editing": editing,
        "back_to": _oauth_back_to(),
    }
    return render(request, "staff/admin_mailboxes.html", context)


OAUTH_SESSION = "klachtpad_mailbox_oauth"


def _oauth_back_to() -> str:
    """The address the provider sends the admin back to (registered there)."""
    return settings.KLACHTPAD_BASE_URL + reverse("staff:mailbox_oauth_return")


def _oauth_start(request: HttpRequest, mailbox: Mailbox) -> HttpResponse:
    """To the provider's sign-in; what proves the return is ours stays in the session."""
    state, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    request.session[OAUTH_SESSION] = {"state": state, "verifier": verifier, "mailbox": mailbox.pk}
    address = oauth_authorize_address(
        mailbox, back_to=_oauth_back_to(), state=state, verifier=verifier
    )
    return HttpResponseRedirect(address)


@staff_only
def mailbox_oauth_return(request: HttpRequest) -> HttpResponse:
    """Back from the provider with a code: exchanged for the refresh token, kept sealed.
    Only the admin who started it, in this session, for a mailbox they administer."""
    started = request.session.pop(OAUTH_SESSION, None) or {}
    user = verified(request)
    mailbox = (
        Mailbox.objects.filter(pk=int(started.get("mailbox") or 0))
        .select_related("organisation")
        .first()
    )
    if (
        mailbox is None
        or user is None
        or not secrets.compare_digest(str(started.get("state", "")), request.GET.get("state", ""))
        or not may(
            roles_in(user=user, organisation=mailbox.organisation), OrganisationAction.ADMINISTER
        )
    ):
        raise Http404
    back = (
        reverse("staff:admin_mailboxes", args=[mailbox.organisation.slug]) + f"?edit={mailbox.pk}"
    )
    if request.GET.get("error") or not request.GET.get("code"):
        messages.error(
            request,
            _("The provider did not give access: %(error)s")
            % {"error": request.GET.get("error_description") or request.GET.get("error", "?")},
        )
        return redirect(back)
    try:
        services.mailbox_oauth_finish(
            mailbox,
            code=request.GET["code"],
            back_to=_oauth_back_to(),
            verifier=started["verifier"],
        )
    except MailboxError as error:
        messages.error(request, _("The mailbox could not be read: %(error)s") % {"error": error})
    else:
        messages.success(request, _("Signed in at the provider: Klachtpad may read the mailbox."))
    return redirect(back)


class ReplyForm(forms.Form):
    to = forms.ChoiceField(label=gettext_lazy("To"))
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=300)
    text = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args: Any, addresses: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(address, address) for address in addresses]  # type: ignore[attr-defined]


@file_view(FileAction.HANDLE, LogActionChoices.VIEW)
def complaint_mail(request: HttpRequest, desk: Desk, complaint: Complaint) -> HttpResponse:
    """Write a mail from the file to someone in it, starting from a standard text; it
    answers the latest mail that came in, so the answer to it threads back here."""
    received = list(selectors.items_in_file(complaint))
    answers = received[-1] if received else None
    addresses = selectors.reply_addresses(complaint)
    texts = selectors.canned_texts_of(complaint.organisation)
    initial = {
        "subject": services.reply_subject(complaint, answers, _("Your complaint")),
        "to": answers.from_address if answers else complaint.complainant_email,
    }
    if "use" in request.POST:  # a standard text added to what was typed, nothing sent
        chosen = texts.filter(pk=int(request.POST.get("standard") or 0)).first()
        typed = request.POST.get("text", "").strip()
        initial |= {key: request.POST.get(key, initial.get(key, "")) for key in ("to", "subject")}
        initial["text"] = "\n\n".join(filter(None, [typed, chosen.body if chosen else ""]))
    form = ReplyForm(
        None if "use" in request.POST else request.POST or None,
        addresses=addresses,
        initial=initial,
    )
    if request.method == "POST" and "use" not in request.POST and form.is_valid():
        try:
            services.reply_send(
                complaint,
                actor=desk.actor,
                to=form.cleaned_data["to"],
                subject=form.cleaned_data["subject"],
                text=form.cleaned_data["text"],
                answers=answers,
            )
        except TransitionRefused as refusal:
            _refused(form, refusal)
        else:
            _changed(request, desk, "mail written from the file", complaint)
            messages.success(request, _("The mail is on its way; it is kept with the file."))
            return redirect(
                "staff:complaint",
                organisation=desk.organisation.slug,
                reference=complaint.reference,
            )
    context = {
        "desk": desk,
        "complaint": complaint,
        "form": form,
        "texts": texts,
        "answers": answers,
    }
    return render(request, "staff/complaint_mail.html", context)
