"""Template filters for scheme data."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from klachtpad.domain.schemes import LocalText

register = template.Library()


@register.filter
def local(text: LocalText | None) -> str:
    """The text in the language of the request."""
    if text is None:
        return ""
    return text.get(get_language() or "nl")


@register.filter
def phone_link(number: str) -> str:
    """A tel: address for a written phone number: 0228-322205 -> tel:0228322205."""
    return "tel:" + "".join(char for char in number if char.isdigit() or char == "+")
