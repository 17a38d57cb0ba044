from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "klachtpad.public"
    verbose_name = _("Public pages")

    def ready(self) -> None:
        # The complainant's mail with their link is written here, where the link is.
        from klachtpad.public import mails, services  # noqa: F401
