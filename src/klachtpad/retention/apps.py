from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "klachtpad.retention"
    verbose_name = _("retention and privacy requests")
