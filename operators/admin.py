"""Admin for the Optima operator: acronym, write-only password, default flag."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from operators.forms import OperatorAdminForm
from operators.models import Operator


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    """Operators; the password can be replaced or cleared but is never shown."""

    form = OperatorAdminForm
    list_display = ["acronym", "is_default", "has_password", "updated_at"]
    list_filter = ["is_default"]
    search_fields = ["acronym"]
    fields = ["acronym", "new_password", "clear_password", "is_default"]

    @admin.display(description=_("password set"), boolean=True)
    def has_password(self, obj):
        return bool(obj.password)
