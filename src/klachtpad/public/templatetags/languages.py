"""The same page in the other language."""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def page_in(context: template.Context, language: str) -> str:
    """The current page in ``language``; the start page where the page is rendered
    without its request (the answer to a refused form)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return "/en/" if language == "en" else "/"
    return translate_url(request.path, language)
