"""The public pages of an organisation speak in its scheme's register ("u" or "je")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import LocalePrefixPattern, URLPattern, URLResolver
from django.utils import translation

from klachtpad.organisations.selectors import scheme_version_newest
from klachtpad.organisations.wording import dialect


class SchemeDialectMiddleware:
    """After the language is chosen (LocaleMiddleware), a page of an organisation's
    public side (its address holds the organisation's ``slug``) is written in the Dutch
    of that organisation's scheme."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The language prefix of addresses and the response's headers name the language
        # the visitor chose, never its register.
        translation.activate(getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE))
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        slug = view_kwargs.get("slug")
        if isinstance(slug, str):
            version = scheme_version_newest(slug)
            # Read once a request: the public pages take the version from here.
            request.scheme_version = version  # type: ignore[attr-defined]
            if version is not None:
                translation.activate(dialect(version.scheme()))


class DialectPrefixPattern(LocalePrefixPattern):
    """The language prefix of addresses (``/en/``), the same for every register of a
    language: a page in "nl-u" links to the Dutch addresses, without a prefix."""

    @property
    def language_prefix(self) -> str:
        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language == settings.LANGUAGE_CODE and not self.prefix_default_language:
            return ""
        return f"{language}/"


def dialect_patterns(*urls: URLPattern | URLResolver) -> list[URLResolver]:
    """``i18n_patterns`` without a prefix for Dutch, whatever its register."""
    return [URLResolver(DialectPrefixPattern(prefix_default_language=False), list(urls))]
