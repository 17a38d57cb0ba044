"""A file's history, made in one pass: a file of a few years has hundreds of lines, and
the template's loop spent a quarter of the complaint page on them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from klachtpad.complaints.history import Line

register = template.Library()


@register.simple_tag
def timeline(lines: Iterable[Line]) -> SafeString:
    """The history ``lines`` as list items: when, who, what, and why where given."""
    days: dict[date, str] = {}  # most days have several lines: each day named once

    def moment(at: datetime) -> str:
        local = timezone.localtime(at)
        day = local.date()
        if day not in days:
            days[day] = date_format(day, "j F Y")
        return f"{days[day]} {local:%H:%M}"

    return format_html_join(
        "\n",
        '<li><span class="muted">{} · {}</span><br>{}{}</li>',
        (
            (
                moment(line.at),
                line.actor,
                line.text,
                format_html("<br><em>{}</em>", linebreaksbr(line.reason, autoescape=True))
                if line.reason
                else "",
            )
            for line in lines
        ),
    )
