"""Admin for the Optima operator: acronym, write-only password, default flag, and the check.

On save, and with the "Test operator" button (which saves nothing) or the list action, the
operator is checked (`operators.checks.check_operator`) against every active company database
that imports as it; the verdicts are shown as messages. Saving is never blocked by the check:
a configuration database may be unreachable for a while, and the message says so.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from operators.checks import check_operator
from operators.forms import OperatorAdminForm
from operators.models import Operator

TEST_BUTTON = "_test_operator"


def report_operator_checks(request, operator, companies, *, saved: bool) -> None:
    """Check ``operator`` for each company database and show one message per verdict.

    ``saved`` says whether the change was stored (then a failing or impossible check is a
    warning, the change stays) or only tested (then a failure is an error message).
    """
    companies = list(companies)
    if operator is not None and not companies:
        messages.info(
            request,
            gettext(
                "No active company database imports as operator "
                "%(operator)s: nothing to check it against."
            )
            % {"operator": operator.acronym},
        )
    for company in companies:
        verdict = check_operator(operator, company)
        text = verdict.reason
        if verdict.ok:
            level = messages.SUCCESS if verdict.checked else messages.INFO
        elif saved:
            level = messages.WARNING
            text += " " + (
                gettext("Saved anyway; runs fail until it can be checked.")
                if verdict.unreachable
                else gettext("Saved anyway; runs fail until this is fixed.")
            )
        else:
            level = messages.ERROR
        messages.add_message(request, level, text)


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    """Operators; the password can be replaced or cleared but is never shown."""

    form = OperatorAdminForm
    list_display = ["acronym", "is_default", "has_password", "updated_at"]
    list_filter = ["is_default"]
    search_fields = ["acronym"]
    fieldsets = [
        (
            None,
            {
                "fields": ["acronym", "new_password", "clear_password", "is_default"],
                "description": _(
                    "The operator is checked against CDN.Operatorzy of each company database's "
                    "configuration database when it is saved, with the “Test operator” button, "
                    "and before every run: it must exist, be active and not be barred from the "
                    "company (CDN.BazZakazy). The password is verified only where the ERP allows "
                    "it (the demo); for a real Optima on SQL Server Comarch's password encoding "
                    "is not public, so the password itself cannot be verified."
                ),
            },
        ),
    ]
    actions = ["test_operators"]

    @admin.display(description=_("password set"), boolean=True)
    def has_password(self, obj):
        return bool(obj.password)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        report_operator_checks(request, obj, obj.company_databases(), saved=True)

    @admin.action(
        description=_("Test the selected operators (nothing is saved)"), permissions=["view"]
    )
    def test_operators(self, request, queryset):
        for operator in queryset:
            report_operator_checks(request, operator, operator.company_databases(), saved=False)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and TEST_BUTTON in request.POST:
            return self._test_without_saving(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _test_without_saving(self, request, object_id):
        """Check the values typed in the form (the password too) without storing them."""
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id and obj is None:
            return HttpResponseRedirect(request.path)
        allowed = (
            self.has_change_permission(request, obj)
            if obj is not None
            else self.has_add_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        form = self.get_form(request, obj, change=obj is not None)(request.POST, instance=obj)
        if form.is_valid():
            candidate = form.save(commit=False)  # applies the typed password; stores nothing
            report_operator_checks(request, candidate, candidate.company_databases(), saved=False)
        else:
            messages.error(request, gettext("The operator cannot be tested: correct the form."))
        messages.info(request, gettext("Nothing was saved."))
        return HttpResponseRedirect(request.path)
