from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CliConfig(AppConfig):
    """The command line: loading the demo and planning the background rounds. Like the
    staff and public pages it is an interface, standing on the services of every app."""

    name = "klachtpad.cli"
    verbose_name = _("command line")
