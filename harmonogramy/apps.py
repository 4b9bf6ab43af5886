from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HarmonogramyConfig(AppConfig):
    name = "harmonogramy"
    verbose_name = _("Company databases and schedules")
