from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "klachtpad.notifications"
    verbose_name = _("notifications")

    def ready(self) -> None:
        from klachtpad.complaints.signals import history_appended
        from klachtpad.notifications import dispatch

        history_appended.connect(dispatch.history_appended, dispatch_uid="notifications")
