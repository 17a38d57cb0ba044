"""Refuse input that no page can take: a NUL byte in the address, the query or a form.

PostgreSQL cannot store or compare text with a NUL byte and answers with an error; no
person types one. Such a request gets a plain 400 page in the reader's language
instead of a server error, before any view runs.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if any("\x00" in value for values in request.GET.lists() for value in values[1]):
        return True
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return any("\x00" in value for _key, values in request.POST.lists() for value in values)
    return False


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return render(
                request,
                "400.html",
                {"reason": _("The address or the form holds a character that cannot be used.")},
                status=400,
            )
        return self.get_response(request)
