from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "klachtpad.reports"
    verbose_name = _("reports and learning")
