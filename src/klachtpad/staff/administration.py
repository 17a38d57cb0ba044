"""Organisation admin (staff, roles, categories, locations, calendar, scheme, terms
calculator) and the log administrator's reading of the access log."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klachtpad.accounts.invitations import (
    invitations_waiting,
    second_factor_reset,
    staff_invite,
)
from klachtpad.audit.models import AccessLogEntry, LogActionChoices, LogOutcomeChoices
from klachtpad.audit.services import access_log_verify
from klachtpad.domain.calendars import subdivisions
from klachtpad.domain.permissions import OrganisationAction, StaffRole
from klachtpad.domain.schemes.validation import SchemeInvalid, parse_scheme
from klachtpad.organisations.grants import (
    GrantRefused,
    may_decide,
    role_decide,
    role_request,
    role_requests_open,
    role_revoke,
)
from klachtpad.organisations.models import (
    Location,
    Membership,
    Organisation,
    RoleChange,
    StaffRoleChoices,
)
from klachtpad.organisations.selectors import staff_of
from klachtpad.organisations.services import (
    REDACTION_TERMS_MAX,
    SchemeLoadResult,
    organisation_deputy_set,
    organisation_redaction_terms_set,
    scheme_load,
)
from klachtpad.staff.access import Desk, desk_view, log
from klachtpad.staff.actions import StaffChoiceField
from klachtpad.staff.terms import TermsCalculatorForm, terms_rows

ADMIN = OrganisationAction.ADMINISTER
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class _StaffForm(forms.Form):
    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        # Several of these forms share one page: each gets its own element ids.
        kwargs.setdefault("auto_id", f"{type(self).__name__.lower()}_%s")
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)  # noqa: S101
        person.queryset = staff_of(organisation=organisation)


class RoleForm(_StaffForm):
    """Another role for someone who already works here."""

    person = StaffChoiceField(queryset=User.objects.none(), label=gettext_lazy("Person"))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=StaffRoleChoices.choices)


class InviteForm(forms.Form):
    """Someone who does not work here yet, invited by their own e-mail address."""

    email = forms.EmailField(label=gettext_lazy("E-mail"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "invite_%s")
        super().__init__(*args, **kwargs)

    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=StaffRoleChoices.choices)


class SecondFactorResetForm(_StaffForm):
    person = StaffChoiceField(queryset=User.objects.none(), label=gettext_lazy("Person"))
    reason = forms.CharField(
        label=gettext_lazy("Why"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "For example: lost phone, reported by telephone on 3 March. The access log keeps it."
        ),
    )


def _grant_log(request: HttpRequest, desk: Desk, change: RoleChange) -> None:
    log(
        request,
        desk,
        LogActionChoices.GRANT,
        LogOutcomeChoices.ALLOWED,
        detail=f"{change.change} {change.role} for {change.user.get_username()}",
    )


def _granted(request: HttpRequest, desk: Desk, detail: str, message: str) -> HttpResponse:
    """A change to who may do what: into the access log, said, back to the staff page."""
    log(request, desk, LogActionChoices.GRANT, LogOutcomeChoices.ALLOWED, detail=detail)
    messages.success(request, message)
    return redirect("staff:admin_staff", organisation=desk.organisation.slug)


def _asked(request: HttpRequest, change: RoleChange) -> None:
    messages.success(
        request,
        _(
            "Asked: the role for %(name)s comes into force once another organisation "
            "admin or the platform administrator approves it."
        )
        % {"name": change.user.get_full_name() or change.user.get_username()},
    )


def _staff_page(request: HttpRequest, desk: Desk, **forms_given: forms.Form) -> HttpResponse:
    organisation = desk.organisation
    forms_shown = {
        "role_form": RoleForm(organisation=organisation),
        "invite_form": InviteForm(),
        "reset_form": SecondFactorResetForm(organisation=organisation),
        "deputy_form": DeputyForm(organisation=organisation),
    } | forms_given
    context = {
        "desk": desk,
        "memberships": Membership.objects.filter(organisation=organisation).select_related("user"),
        "requests": [
            (change, may_decide(change, desk.user))
            for change in role_requests_open(organisation=organisation)
        ],
        "invitations": invitations_waiting(organisation=organisation),
        "history": RoleChange.objects.filter(organisation=organisation).select_related("user")[:50],
        **forms_shown,
    }
    status = 422 if forms_given else 200
    return render(request, "staff/admin_staff.html", context, status=status)


@desk_view(ADMIN)
def admin_staff(request: HttpRequest, desk: Desk) -> HttpResponse:
    if request.method != "POST":
        return _staff_page(request, desk)
    form = RoleForm(request.POST, organisation=desk.organisation)
    if form.is_valid():
        try:
            change = role_request(
                organisation=desk.organisation,
                user=form.cleaned_data["person"],
                role=StaffRole(form.cleaned_data["role"]),
                by=desk.user,
            )
        except GrantRefused as refused:
            form.add_error(None, refused.text())
        else:
            _grant_log(request, desk, change)
            _asked(request, change)
            return redirect("staff:admin_staff", organisation=desk.organisation.slug)
    return _staff_page(request, desk, role_form=form)


@desk_view(ADMIN)
@require_POST
def admin_invite(request: HttpRequest, desk: Desk) -> HttpResponse:
    form = InviteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation = staff_invite(
                organisation=desk.organisation,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=StaffRole(data["role"]),
                by=desk.user,
                language=get_language() or "nl",
            )
        except GrantRefused as refused:
            form.add_error(None, refused.text())
        else:
            return _granted(
                request,
                desk,
                f"invited {invitation.email} as {invitation.role}",
                _(
                    "An invitation is on its way to %(email)s. It works once, for %(days)s "
                    "days. Once they have accepted it, another admin approves the role."
                )
                % {"email": data["email"], "days": settings.KLACHTPAD_INVITATION_DAYS},
            )
    return _staff_page(request, desk, invite_form=form)


@desk_view(ADMIN)
@require_POST
def admin_second_factor_reset(request: HttpRequest, desk: Desk) -> HttpResponse:
    form = SecondFactorResetForm(request.POST, organisation=desk.organisation)
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            second_factor_reset(
                organisation=desk.organisation,
                user=person,
                by=desk.user,
                reason=form.cleaned_data["reason"],
                language=get_language() or "nl",
            )
        except GrantRefused as refused:
            form.add_error(None, refused.text())
        else:
            return _granted(
                request,
                desk,
                f"second factor reset for {person.get_username()}: {form.cleaned_data['reason']}",
                _(
                    "The second factor of %(name)s is reset. A link to set up a new one is on "
                    "its way to their own e-mail address."
                )
                % {"name": person.get_full_name() or person.get_username()},
            )
    return _staff_page(request, desk, reset_form=form)


@desk_view(ADMIN)
@require_POST
def admin_role_decide(request: HttpRequest, desk: Desk, change: int) -> HttpResponse:
    found = get_object_or_404(RoleChange, pk=change, organisation=desk.organisation)
    try:
        decided = role_decide(
            found,
            by=desk.user,
            approve=request.POST.get("decision") == "approve",
            reason=request.POST.get("reason", "")[:1000],
        )
    except GrantRefused as refused:
        messages.error(request, refused.text())
    else:
        _grant_log(request, desk, decided)
        messages.success(request, _("Decided."))
    return redirect("staff:admin_staff", organisation=desk.organisation.slug)


class DeputyForm(forms.Form):
    deputy = StaffChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=gettext_lazy("Who handles a complaint about a complaints officer"),
        help_text=gettext_lazy(
            "When the complaints officer who handles a file is linked as the employee it is "
            "about, the file goes to this person."
        ),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        deputy = self.fields["deputy"]
        assert isinstance(deputy, forms.ModelChoiceField)  # noqa: S101
        deputy.queryset = staff_of(organisation=organisation)
        deputy.initial = organisation.deputy_id


class RedactionTermsForm(forms.Form):
    terms = forms.CharField(
        label=gettext_lazy("Health terms to remove, one per line"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy(
            "Diagnoses, medicines, treatments: words that, with a little context, tell "
            "who someone is. The anonymised file and the reports replace them by "
            "[health information]. At least 3 letters, at most 100 per term."
        ),
    )

    def clean_terms(self) -> str:
        text: str = self.cleaned_data["terms"]
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) > REDACTION_TERMS_MAX:
            raise ValidationError(_("At most %(count)s terms.") % {"count": REDACTION_TERMS_MAX})
        if too_long := [line for line in lines if len(line) > 100]:
            raise ValidationError(
                _("A term has at most 100 characters: %(term)s") % {"term": too_long[0][:40]}
            )
        return text


@desk_view(ADMIN)
def admin_redaction(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The health terms anonymised texts lose, as the organisation lists them."""
    organisation = desk.organisation
    form = RedactionTermsForm(request.POST or None, initial={"terms": organisation.redaction_terms})
    if request.method == "POST" and form.is_valid():
        terms = organisation_redaction_terms_set(
            organisation=organisation, text=form.cleaned_data["terms"]
        )
        messages.success(request, _("Saved: %(count)s terms.") % {"count": len(terms)})
        return redirect("staff:admin_redaction", organisation=organisation.slug)
    status = 422 if form.errors else 200
    return render(
        request, "staff/admin_redaction.html", {"desk": desk, "form": form}, status=status
    )


@desk_view(ADMIN)
@require_POST
def admin_deputy(request: HttpRequest, desk: Desk) -> HttpResponse:
    form = DeputyForm(request.POST, organisation=desk.organisation)
    if form.is_valid():
        organisation_deputy_set(organisation=desk.organisation, deputy=form.cleaned_data["deputy"])
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose someone who works for this organisation."))
    return redirect("staff:admin_staff", organisation=desk.organisation.slug)


@desk_view(ADMIN)
@require_POST
def admin_role_revoke(request: HttpRequest, desk: Desk, membership: int) -> HttpResponse:
    found = get_object_or_404(Membership, pk=membership, organisation=desk.organisation)
    try:
        change = role_revoke(found, by=desk.user, reason=request.POST.get("reason", "")[:1000])
    except GrantRefused as refused:
        messages.error(request, refused.text())
    else:
        _grant_log(request, desk, change)
        messages.success(request, _("Role taken away."))
    return redirect("staff:admin_staff", organisation=desk.organisation.slug)


class LocationForm(forms.ModelForm[Location]):
    class Meta:
        model = Location
        fields = ["name"]


def _list_admin(
    request: HttpRequest,
    desk: Desk,
    form_class: type[forms.ModelForm[Any]],
    rows: Any,
    title: str,
    url_name: str,
    key: str,
) -> HttpResponse:
    form = form_class(request.POST or None)
    if request.method == "POST" and "toggle" in request.POST:
        toggle = request.POST.get("toggle", "")
        row = get_object_or_404(rows, pk=int(toggle) if toggle.isdigit() else 0)
        row.active = not row.active
        row.save(update_fields=["active"])
        return redirect(url_name, organisation=desk.organisation.slug)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.organisation = desk.organisation
        if rows.filter(**{key: form.cleaned_data[key]}).exists():
            form.add_error(key, _("This one exists already."))
        else:
            item.save()
            messages.success(request, _("Added."))
            return redirect(url_name, organisation=desk.organisation.slug)
    return render(
        request,
        "staff/admin_list.html",
        {"desk": desk, "form": form, "rows": rows, "title": title},
    )


@desk_view(ADMIN)
def admin_categories(request: HttpRequest, desk: Desk) -> HttpResponse:
    """Categories are part of the scheme, changed in its form (a category added beside
    the scheme would be retired by the next version)."""
    return redirect(
        "staff:admin_scheme_edit", organisation=desk.organisation.slug, part="categories"
    )


@desk_view(ADMIN)
def admin_locations(request: HttpRequest, desk: Desk) -> HttpResponse:
    rows = Location.objects.filter(organisation=desk.organisation)
    return _list_admin(
        request, desk, LocationForm, rows, _("Locations"), "staff:admin_locations", "name"
    )


def _dates(text: str) -> list[str]:
    found = []
    for line in filter(None, (part.strip() for part in re.split(r"[\n,;]+", text))):
        try:
            found.append(date.fromisoformat(line.strip()).isoformat())
        except ValueError as error:
            raise ValidationError(
                _("%(value)s is not a date; write one date per line, like 2026-12-24.")
                % {"value": line}
            ) from error
    return sorted(set(found))


class CalendarForm(forms.Form):
    working_weekdays = forms.MultipleChoiceField(
        label=gettext_lazy("Working days"),
        choices=[(name, name) for name in WEEKDAY_NAMES],
        widget=forms.CheckboxSelectMultiple,
    )
    calendar_subdivision = forms.ChoiceField(
        label=gettext_lazy("Holiday region"), required=False, choices=[]
    )
    closed_days = forms.CharField(
        label=gettext_lazy("Extra closing days (one date per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    open_days = forms.CharField(
        label=gettext_lazy("Extra working days (one date per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, country: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["calendar_subdivision"].choices = [  # type: ignore[attr-defined]
            ("", _("the whole country")),
            *[(region, region) for region in subdivisions(country)],
        ]

    def clean_closed_days(self) -> list[str]:
        return _dates(self.cleaned_data["closed_days"])

    def clean_open_days(self) -> list[str]:
        return _dates(self.cleaned_data["open_days"])


@desk_view(ADMIN)
def admin_calendar(request: HttpRequest, desk: Desk) -> HttpResponse:
    organisation = desk.organisation
    initial = {
        "working_weekdays": organisation.working_weekdays or list(WEEKDAY_NAMES[:5]),
        "calendar_subdivision": organisation.calendar_subdivision,
        "closed_days": "\n".join(organisation.closed_days),
        "open_days": "\n".join(organisation.open_days),
    }
    form = CalendarForm(
        request.POST or None, initial=initial, country=organisation.calendar_country
    )
    if request.method == "POST" and form.is_valid():
        for name, value in form.cleaned_data.items():
            setattr(organisation, name, value)
        organisation.save(update_fields=list(form.cleaned_data))
        messages.success(
            request,
            _("Calendar saved. Terms that start from now on use it; running terms keep their end."),
        )
        return redirect("staff:admin_calendar", organisation=organisation.slug)
    calendar = organisation.working_calendar()
    today = timezone.localdate()
    language = "en_US" if get_language() == "en" else "nl"
    holidays = sorted(
        (day, name)
        for year in (today.year, today.year + 1)
        for day, name in calendar.holidays_named(year, language).items()
        if day >= today
    )[:12]
    return render(
        request, "staff/admin_calendar.html", {"desk": desk, "form": form, "holidays": holidays}
    )


class SchemeUploadForm(forms.Form):
    scheme = forms.FileField(label=gettext_lazy("Scheme file (YAML)"))


@desk_view(ADMIN)
def admin_scheme(request: HttpRequest, desk: Desk) -> HttpResponse:
    form = SchemeUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["scheme"]
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            problems = [_("The file is not UTF-8 text. Save it as UTF-8 and try again.")]
        else:
            try:
                result = _scheme_load_for(desk, text, upload.name)
            except SchemeInvalid as invalid:
                problems = [problem.render(_) for problem in invalid.problems]
            except ValidationError as refused:
                problems = list(refused.messages)
            else:
                say_loaded(request, result)
                return redirect("staff:admin_scheme", organisation=desk.organisation.slug)
    versions = [
        (version, version.file_name)
        for version in desk.organisation.scheme_versions.order_by("-number")
    ]
    return render(
        request,
        "staff/admin_scheme.html",
        {"desk": desk, "form": form, "problems": problems, "versions": versions},
    )


def say_loaded(request: HttpRequest, result: SchemeLoadResult) -> None:
    """Tell the admin which version is now in use, and what the checks warn of."""
    messages.success(
        request,
        _("Scheme version %(number)s is in use for new complaints.")
        % {"number": result.version.number},
    )
    for warning in result.warnings:
        messages.warning(request, warning.render(_))


def _scheme_load_for(desk: Desk, text: str, name: str) -> Any:
    checked = parse_scheme(text, name)
    if checked.scheme.organisation.slug != desk.organisation.slug:
        raise ValidationError(
            _("This scheme is for organisation %(other)s, not for %(this)s.")
            % {"other": checked.scheme.organisation.slug, "this": desk.organisation.slug}
        )
    return scheme_load(text=text, source=name)


@desk_view(ADMIN)
def admin_terms(request: HttpRequest, desk: Desk) -> HttpResponse:
    form = TermsCalculatorForm(request.GET or None, organisation=desk.organisation)
    return render(
        request,
        "staff/admin_terms.html",
        {"desk": desk, "form": form, "rows": terms_rows(form)},
    )


@desk_view(OrganisationAction.READ_LOG)
def access_log(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The log, filtered by file or person; reading it is itself logged."""
    reference = request.GET.get("reference", "").strip()[:32]
    person = request.GET.get("person", "").strip()[:150]
    entries = AccessLogEntry.objects.filter(organisation=desk.organisation).order_by("-sequence")
    if reference:
        entries = entries.filter(complaint_reference=reference)
    if person:
        entries = entries.filter(user_name__icontains=person)
    log(
        request,
        desk,
        LogActionChoices.READ_LOG,
        LogOutcomeChoices.ALLOWED,
        reference=reference,
        detail=f"GET {request.path}?{request.GET.urlencode()}"[:500],
    )
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "staff/access_log.html",
        {
            "desk": desk,
            "page": page,
            "reference": reference,
            "person": person,
            "breaks": access_log_verify(desk.organisation),
        },
    )
