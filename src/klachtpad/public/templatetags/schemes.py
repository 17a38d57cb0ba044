"""Template filters for scheme data."""

from __future__ import annotations

import re

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

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


# Names of laws a complainant may not know, with a few plain words after the first use.
LAWS = {
    "Wkkgz": _("the law on complaints in care"),
    "Jeugdwet": _("the law on youth care"),
    "Wmo": _("the law on support at home"),
}


@register.filter
def explained(text: str) -> str:
    """``text`` with each law it names explained in brackets the first time."""
    for name, words in LAWS.items():
        text = re.sub(rf"\b{name}\b", f"{name} ({words})", str(text), count=1)
    return text
