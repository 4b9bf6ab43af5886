from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeviceDataConfig(AppConfig):
    name = "devicedata"
    verbose_name = _("Device data")
    default_auto_field = "django.db.models.BigAutoField"
