"""Django's own sentences that speak to the person signing in, said as the workspace says
everything else: with "je". Django's Dutch catalogue says "u"; Klachtpad's catalogue,
which comes first (LOCALE_PATHS), holds these in "je". They are listed here so that
``makemessages`` keeps them; nothing needs to import this module."""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

# django.contrib.auth: the password change form and the password validators.
DJANGO_SENTENCES = (
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
)
