"""The same page in the other language."""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def page_in(context: template.Context, language: str) -> str:
    request: HttpRequest = context["request"]
    return translate_url(request.path, language)
