"""The page benchmarks' URLs: Klachtpad's, plus the floor views (``bench.floor_settings``).

``/bench/bare/<organisation id>/``: one indexed SELECT of an organisation's newest 50
complaints, without a session. ``/bench/session/<organisation id>/``: the same for the
signed-in person (the session, the user and the second factor read, as on every staff
page). ``/bench/insert/<organisation id>/``: a form POST (with its CSRF token) that
inserts one row (a submission) and answers with a redirect, as the complaint form does.
All go through the same middleware as Klachtpad's pages.
"""

import secrets

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.urls import path

from klachtpad import urls
from klachtpad.complaints.models import Complaint
from klachtpad.public.models import Submission


def _fifty(organisation: int) -> HttpResponse:
    rows = Complaint.objects.filter(organisation_id=organisation).order_by("-received_on", "-id")
    references = [reference for (reference,) in rows.values_list("reference")[:50]]
    return HttpResponse("\n".join(references), content_type="text/plain")


def bare(request: HttpRequest, organisation: int) -> HttpResponse:
    return _fifty(organisation)


def signed_in(request: HttpRequest, organisation: int) -> HttpResponse:
    if not request.user.is_verified():  # type: ignore[union-attr]
        return HttpResponseForbidden()
    return _fifty(organisation)


def inserted(request: HttpRequest, organisation: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    Submission.objects.create(
        key=secrets.token_urlsafe(24), organisation_id=organisation, address_hash="bench"
    )
    return HttpResponseRedirect("/")


urlpatterns = [
    path("bench/insert/<int:organisation>/", inserted),
    path("bench/bare/<int:organisation>/", bare),
    path("bench/session/<int:organisation>/", signed_in),
    *urls.urlpatterns,
]
