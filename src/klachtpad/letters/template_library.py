"""What an organisation's letter template may use: Django's tags and filters for
writing a letter, and none that do unbounded work or reach outside the letter.

Left out: ``lorem`` (2000 paragraphs of filler took a minute of CPU), the padding
filters (``center``, ``ljust``, ``rjust`` with a width of a billion), ``include``,
``extends`` and ``load`` (other templates and libraries), ``url``, ``csrf_token``,
``debug``, ``widthratio`` and ``templatetag``.
"""

from __future__ import annotations

from django.template import Library, defaultfilters, defaulttags

register = Library()

TAGS = (
    "autoescape",
    "comment",
    "cycle",
    "filter",
    "firstof",
    "for",
    "if",
    "ifchanged",
    "now",
    "regroup",
    "resetcycle",
    "spaceless",
    "verbatim",
    "with",
)
FILTERS = (
    "add",
    "capfirst",
    "cut",
    "date",
    "default",
    "default_if_none",
    "dictsort",
    "divisibleby",
    "escape",
    "first",
    "floatformat",
    "join",
    "last",
    "length",
    "linebreaks",
    "linebreaksbr",
    "lower",
    "pluralize",
    "safe",
    "slice",
    "striptags",
    "time",
    "title",
    "truncatechars",
    "truncatewords",
    "upper",
    "wordcount",
    "yesno",
)

for name in TAGS:
    register.tag(name, defaulttags.register.tags[name])
for name in FILTERS:
    register.filters[name] = defaultfilters.register.filters[name]
