"""How a running term stands, in the words every staff page uses for it."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from klachtpad.domain.deadlines import Standing

register = template.Library()


@register.simple_tag
def standing_text(standing: Standing) -> SafeString | str:
    """ "overdue by 3 days" (marked as overdue) or "5 days left"."""
    if standing.overdue:
        days = standing.days_overdue
        text = ngettext("overdue by %(counter)s day", "overdue by %(counter)s days", days)
        return format_html('<span class="overdue">{}</span>', text % {"counter": days})
    days = standing.days_left
    return ngettext("%(counter)s day left", "%(counter)s days left", days) % {"counter": days}
