"""The gate of every staff page: signed in with a second factor, a role in the
organisation of the address, and one access-log entry for every look at a file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from klachtpad.addresses import client_address
from klachtpad.audit.models import LogActionChoices, LogOutcomeChoices
from klachtpad.audit.services import LogLine, access_log_append, access_log_write
from klachtpad.complaints.models import Complaint
from klachtpad.complaints.selectors import complaints_for, employee_parts_for
from klachtpad.complaints.services import Actor
from klachtpad.complaints.services.committees import committees_of
from klachtpad.domain.permissions import FileAction, OrganisationAction, StaffRole, may
from klachtpad.organisations.models import Organisation, StaffRoleChoices
from klachtpad.organisations.selectors import (
    current_scheme,
    desk_organisation,
    roles_in,
    scheme_texts,
)

# A view may set this on its response: the outcome the access log records.
OUTCOME = "klachtpad_audit_outcome"


@dataclass(frozen=True)
class Desk:
    """Who is working, for which organisation, in which roles."""

    user: User
    organisation: Organisation
    roles: frozenset[StaffRole]

    def may(self, action: OrganisationAction) -> bool:
        return may(self.roles, action)

    @property
    def actions(self) -> set[str]:
        """What this person may do in the organisation, for the navigation."""
        return {action.value for action in OrganisationAction if self.may(action)}

    @property
    def actor(self) -> Actor:
        return Actor.staff(self.user)

    @property
    def has_committees(self) -> bool:
        """Whether the organisation's scheme names a complaints committee."""
        scheme = current_scheme(self.organisation)
        return bool(scheme and committees_of(scheme))

    @property
    def capacity(self) -> str:
        """On whose behalf the person acts: the organisation, in their roles."""
        labels = sorted(str(StaffRoleChoices(role).label) for role in self.roles)
        return f"{self.organisation.name} ({', '.join(labels)})"


def verified(request: HttpRequest) -> User | None:
    user = request.user
    if isinstance(user, User) and user.is_active and user.is_verified():  # type: ignore[attr-defined]
        return user
    return None


def staff_only(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Signed in with a verified second factor; otherwise to sign-in or the code page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if verified(request) is None:
            return redirect(f"{reverse('accounts:second_factor')}?next={request.path}")
        return view(request, *args, **kwargs)

    return wrapper


def desk_view(
    action: OrganisationAction | None = None,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """A page of one organisation; ``action``: what the role must be allowed to do."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @staff_only
        @wraps(view)
        def wrapper(
            request: HttpRequest, organisation: str, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            user = verified(request)
            if user is None:  # staff_only has checked this already
                raise PermissionDenied
            found = desk_organisation(user=user, slug=organisation)
            if found is None:
                raise Http404
            roles = roles_in(user=user, organisation=found)
            if not roles:
                # Whether the organisation exists is nobody else's business; that someone
                # without a role tried is the organisation's business (NEN 7513).
                access_log_write(
                    organisation=found,
                    user=user,
                    on_behalf_of="-",
                    action=LogActionChoices.VIEW,
                    outcome=LogOutcomeChoices.REFUSED,
                    detail=f"{request.method} {request.path}"[:500],
                    client_address=client_address(request),
                )
                raise Http404
            desk = Desk(user=user, organisation=found, roles=roles)
            if action is not None and not desk.may(action):
                raise PermissionDenied
            return view(request, desk, *args, **kwargs)

        return wrapper

    return decorate


def log(
    request: HttpRequest,
    desk: Desk,
    action: LogActionChoices,
    outcome: LogOutcomeChoices,
    *,
    complaint_id: int | None = None,
    reference: str = "",
    detail: str = "",
) -> None:
    line = LogLine(
        desk.organisation,
        desk.capacity,
        action,
        outcome,
        detail or f"{request.method} {request.path}",
        complaint_id,
        reference,
    )
    log_lines(request, [line])


def log_lines(request: HttpRequest, lines: list[LogLine]) -> None:
    """Append ``lines`` (of one or many organisations) in one transaction."""
    access_log_append(lines, user=request.user, client_address=client_address(request))


def file_view(
    permission: FileAction, logged_as: LogActionChoices
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """A page about one complaint file: found through the role-scoped selector, logged once.

    A file the person may not reach answers 404 and is logged as refused.
    """

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @desk_view()
        @wraps(view)
        def wrapper(
            request: HttpRequest, desk: Desk, reference: str, **kwargs: Any
        ) -> HttpResponseBase:
            complaint = (
                complaints_for(user=desk.user, organisation=desk.organisation, action=permission)
                .select_related("procedure__scheme_version", "organisation", "client", "handler")
                .defer(*scheme_texts("procedure__scheme_version"))
                .filter(reference=reference)
                .first()
            )
            if complaint is None:
                return _file_refused(request, desk, logged_as, reference)
            try:
                response = view(request, desk, complaint, **kwargs)
            except Exception:
                log(
                    request,
                    desk,
                    logged_as,
                    LogOutcomeChoices.FAILED,
                    complaint_id=complaint.pk,
                    reference=complaint.reference,
                )
                raise
            outcome = getattr(response, OUTCOME, LogOutcomeChoices.ALLOWED)
            log(
                request,
                desk,
                logged_as,
                outcome,
                complaint_id=complaint.pk,
                reference=complaint.reference,
            )
            return response

        return wrapper

    return decorate


def _file_refused(
    request: HttpRequest, desk: Desk, logged_as: LogActionChoices, reference: str
) -> HttpResponseBase:
    """Log the refusal; the employee concerned is sent to their own part, others get 404."""
    existing = (
        Complaint.objects.filter(organisation=desk.organisation, reference=reference)
        .values_list("pk", flat=True)
        .first()
    )
    log(
        request,
        desk,
        logged_as,
        LogOutcomeChoices.REFUSED,
        complaint_id=existing,
        reference=reference,
    )
    if logged_as is LogActionChoices.VIEW and any(
        row.employee.complaint.reference == reference
        for row in employee_parts_for(user=desk.user, organisation=desk.organisation)
    ):
        # A complaint about this person: their own part instead of the file.
        return redirect("staff:my_part", organisation=desk.organisation.slug, reference=reference)
    raise Http404


def htmx_render(
    request: HttpRequest, page: str, fragment: str, context: dict[str, Any]
) -> HttpResponse:
    """The whole page, or only its ``fragment`` when htmx asks for it; caches are told
    the answer differs by that (``Vary: HX-Request``)."""
    htmx = getattr(request, "htmx", None)
    response = render(request, fragment if htmx else page, context)
    patch_vary_headers(response, ("HX-Request",))
    return response
