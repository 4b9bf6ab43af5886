"""syncadmin's copy of the master data its devices download, and what it knows of each device.

* `MasterRecord` — one row of one kind (a product with its prices, a stock level, a customer,
  a payment form, a warehouse) of one company database, as the devices receive it (``data``,
  JSON: money and quantities as decimal strings). Every change gets the next ``version`` of
  its company database; a row that left the ERP stays as a tombstone (``removed``), so a
  device asking "what changed since version N" learns the ids to delete.
* `DeviceDataState` — per company database: the version counter, the last refresh (when,
  whether it worked, its error and counts) and the settings of the download direction (how
  often to refresh, after how many hours a silent device is flagged).
* `DeviceActivity` — per device: the last master data download and the silent-device incident
  already reported by mail.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The kinds of master data, as named in the URL ``/api/mobile/v1/<kind>``."""

    PRODUCTS = "products", _("products")
    STOCK = "stock", _("stock")
    CUSTOMERS = "customers", _("customers")
    PAYMENT_FORMS = "payment-forms", _("payment forms")
    WAREHOUSES = "warehouses", _("warehouses")


class MasterRecord(models.Model):
    """One master data row of one company database, as devices receive it."""

    company_database = models.ForeignKey(
        "harmonogramy.CompanyDatabase",
        verbose_name=_("company database"),
        on_delete=models.CASCADE,
        related_name="master_records",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("id"), max_length=64, help_text=_("The ERP id of the row."))
    version = models.BigIntegerField(_("version"))
    removed = models.BooleanField(_("removed from the ERP"), default=False)
    data = models.JSONField(_("data"), default=dict)
    digest = models.CharField(max_length=40, editable=False)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("device data row")
        verbose_name_plural = _("device data rows")
        ordering = ["company_database", "kind", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["company_database", "kind", "key"], name="master_record_key"
            ),
        ]
        indexes = [
            models.Index(
                fields=["company_database", "kind", "version"], name="master_record_version"
            ),
        ]

    def __str__(self) -> str:
        label = self.data.get("code") or self.data.get("name") or self.key
        return f"{self.get_kind_display()} {label}"


class DeviceDataState(models.Model):
    """The download direction of one company database: settings, version counter, refresh."""

    company_database = models.OneToOneField(
        "harmonogramy.CompanyDatabase",
        verbose_name=_("company database"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="device_data",
    )
    refresh_minutes = models.PositiveIntegerField(
        _("refresh device data every (minutes)"),
        default=15,
        help_text=_(
            "A run of the schedule refreshes the device data from the ERP when the "
            "last refresh is older than this."
        ),
    )
    silent_after_hours = models.PositiveIntegerField(
        _("flag a device silent after (hours)"),
        default=24,
        help_text=_(
            "An active device that has neither sent documents nor downloaded data "
            "for longer than this is flagged on the devices page and in the alert "
            "mail."
        ),
    )
    version = models.BigIntegerField(_("last version"), default=0, editable=False)
    last_attempt_at = models.DateTimeField(
        _("last refresh attempt"), null=True, blank=True, editable=False
    )
    last_success_at = models.DateTimeField(
        _("last good refresh"), null=True, blank=True, editable=False
    )
    last_error = models.TextField(_("last refresh error"), blank=True, editable=False)
    last_duration_ms = models.PositiveIntegerField(
        _("last refresh took (ms)"), null=True, blank=True, editable=False
    )
    counts = models.JSONField(_("rows per kind"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("device data of a company database")
        verbose_name_plural = _("device data of company databases")

    def __str__(self) -> str:
        return str(self.company_database)

    @property
    def failing(self) -> bool:
        """The last refresh failed: devices are served the copy of ``last_success_at``."""
        return bool(self.last_error)

    def refresh_due(self, now=None) -> bool:
        """Is a refresh due at ``now`` (aware datetime; default: now)? Yes when there was
        none yet or the last attempt is at least ``refresh_minutes`` old."""
        now = now or timezone.now()
        if self.last_attempt_at is None:
            return True
        return (now - self.last_attempt_at).total_seconds() >= self.refresh_minutes * 60


class DeviceActivity(models.Model):
    """What syncadmin knows of one device's side of the download direction."""

    device = models.OneToOneField(
        "importer.Device",
        verbose_name=_("device"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="activity",
    )
    last_download_at = models.DateTimeField(_("last master data download"), null=True, blank=True)
    last_download_kind = models.CharField(_("last downloaded kind"), max_length=20, blank=True)
    silence_reported_for = models.DateTimeField(
        _("silence reported (last contact)"),
        null=True,
        blank=True,
        help_text=_("The last contact of the silent-device incident already mailed."),
    )

    class Meta:
        verbose_name = _("device activity")
        verbose_name_plural = _("device activity")

    def __str__(self) -> str:
        return str(self.device)
