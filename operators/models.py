"""The Optima operator the automat imports as.

Optima's automat acts as a named operator (acronym + password, the "[Operator]" branch of its
configuration). syncadmin keeps one default operator for the whole service; a company database
may name another one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from operators.crypto import EncryptedField


class Operator(models.Model):
    """An Optima operator: acronym (``CDN.Operatorzy.Ope_Kod``) and encrypted password.

    ``is_default`` marks the operator used by every company database that does not name its
    own; at most one operator is the default.
    """

    acronym = models.CharField(
        _("acronym"),
        max_length=20,
        unique=True,
        help_text=_("Operator code in Optima (CDN.Operatorzy.Ope_Kod)."),
    )
    password = EncryptedField(_("password"))
    is_default = models.BooleanField(
        _("default operator"),
        default=False,
        help_text=_("Used by every company database that does not name its own operator."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("operator")
        verbose_name_plural = _("operators")
        ordering = ["acronym"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_operator",
            )
        ]

    def __str__(self) -> str:
        return self.acronym

    def company_databases(self):
        """The active company databases that import as this operator: those naming it, and,
        for the default operator, those naming none. Empty for an unsaved non-default one."""
        # By name, as the foreign key names this model: operators answers "who" and imports
        # nothing of the other apps.
        CompanyDatabase = self._meta.apps.get_model("harmonogramy", "CompanyDatabase")
        uses = models.Q(operator_id=self.pk) if self.pk else models.Q(pk__in=[])
        if self.is_default:
            uses |= models.Q(operator__isnull=True)
        return CompanyDatabase.objects.filter(uses, is_active=True).select_related("configuration")

    @classmethod
    def default(cls) -> "Operator | None":
        """The service-wide default operator, or None when none is configured."""
        return cls.objects.filter(is_default=True).first()
