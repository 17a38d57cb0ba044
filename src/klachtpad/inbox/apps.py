from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "klachtpad.inbox"
    verbose_name = _("Inbox")

    def ready(self) -> None:
        # A reply written from a file, and the address answers to our mail go to.
        from klachtpad.inbox import mails  # noqa: F401
