"""Public pages: which organisations there are, and how each one's procedure works."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from klachtpad.organisations.selectors import (
    organisation_list_public,
    scheme_version_current_for_slug,
)
from klachtpad.public.presenters import present_scheme


def organisation_index(request: HttpRequest) -> HttpResponse:
    return render(request, "public/index.html", {"organisations": organisation_list_public()})


def procedure_page(request: HttpRequest, slug: str) -> HttpResponse:
    version = scheme_version_current_for_slug(slug=slug)
    scheme = version.scheme()
    return render(
        request,
        "public/procedure.html",
        {
            "organisation": scheme.organisation,
            "procedures": present_scheme(scheme, get_language() or "nl"),
            "version": version,
        },
    )
