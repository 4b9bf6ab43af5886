from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OperatorsConfig(AppConfig):
    name = "operators"
    verbose_name = _("Operators and secrets")

    def ready(self):
        from operators.roles import top_up_groups

        post_migrate.connect(top_up_groups, sender=self, dispatch_uid="operators.top_up_groups")
