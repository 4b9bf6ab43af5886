"""The inbox (documents sent by devices), the devices themselves, and import runs with logs."""

import hashlib
import secrets
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from importer import doctypes


class Device(models.Model):
    """A registered mobile device (urządzenie) of a sales rep, bound to one company database.

    The bearer token is shown once when issued and stored only as its SHA-256 hash (tokens
    are 256-bit random values, so a fast hash is enough; contract, "Authentication").
    """

    name = models.CharField(_("name"), max_length=100)
    sales_rep = models.CharField(_("sales rep"), max_length=100, blank=True)
    company_database = models.ForeignKey(
        "harmonogramy.CompanyDatabase",
        verbose_name=_("company database"),
        on_delete=models.PROTECT,
        related_name="devices",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(_("token starts with"), max_length=8, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def hash_token(token: str) -> str:
        """SHA-256 hex digest of a bearer token."""
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    def issue_token(self) -> str:
        """Give the device a new token (the old one stops working) and return it.

        The plaintext is returned once and never stored. The caller saves the device.
        """
        token = secrets.token_urlsafe(32)
        self.token_hash = self.hash_token(token)
        self.token_hint = token[:6]
        return token

    @classmethod
    def for_token(cls, token: str) -> "Device | None":
        """The device a bearer token belongs to (active or not), or None."""
        if not token:
            return None
        return (
            cls.objects.select_related("company_database")
            .filter(token_hash=cls.hash_token(token))
            .first()
        )


#: Document types of the contract (``type`` field), from the one table `importer.doctypes`.
DocumentType = models.TextChoices(
    "DocumentType", [(code, (code, t.label)) for code, t in doctypes.REGISTRY.items()]
)


class DocumentStatus(models.TextChoices):
    """Inbox lifecycle (contract, "The inbox lifecycle")."""

    RECEIVED = "received", _("received")
    IMPORTED = "imported", _("imported")
    FAILED = "failed", _("failed")
    IGNORED = "ignored", _("ignored")


class MobileDocument(models.Model):
    """A document a device sent (dokument wysłany), waiting in the inbox or already handled.

    ``payload`` is the document exactly as sent (amounts stay decimal strings);
    ``content_hash`` is the SHA-256 of its canonical JSON, used to tell a harmless re-send
    from a reused GUID. Received order is the primary key order.
    """

    guid = models.CharField(_("GUID"), max_length=36, unique=True)
    device = models.ForeignKey(
        Device, verbose_name=_("device"), on_delete=models.PROTECT, related_name="documents"
    )
    company_database = models.ForeignKey(
        "harmonogramy.CompanyDatabase",
        verbose_name=_("company database"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    doc_type = models.CharField(_("type"), max_length=3, choices=DocumentType.choices)
    number = models.CharField(_("device number"), max_length=60)
    issued_at = models.DateTimeField(_("issued at"))
    payload = models.JSONField(_("payload"))
    content_hash = models.CharField(max_length=64, editable=False)
    customer_guid = models.CharField(
        _("customer (KNT) GUID"), max_length=36, blank=True, help_text=_("Dependency order.")
    )
    settles_guid = models.CharField(_("settles GUID"), max_length=36, blank=True)

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DocumentStatus.choices,
        default=DocumentStatus.RECEIVED,
    )
    error = models.TextField(_("error"), blank=True)
    erp_number = models.CharField(_("ERP number"), max_length=64, blank=True)
    erp_id = models.BigIntegerField(_("ERP id"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("import attempts"), default=0)
    ignored_reason = models.TextField(_("reason for ignoring"), blank=True)

    received_at = models.DateTimeField(_("received"), default=timezone.now)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sent document")
        verbose_name_plural = _("sent documents")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["company_database", "status", "id"], name="inbox_queue"),
            models.Index(fields=["status", "received_at"], name="inbox_status_time"),
            # the company page's "imported per day" chart
            models.Index(
                fields=["company_database", "status", "imported_at"], name="inbox_imported"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.number} ({self.guid})"

    @property
    def label(self) -> str:
        """How a person names this document in a message: device number and GUID."""
        return f"{self.doc_type} {self.number} [{self.guid}]"

    def mark_imported(self, erp_number: str, erp_id: int | None) -> None:
        self.status = DocumentStatus.IMPORTED
        self.erp_number = erp_number or ""
        self.erp_id = erp_id
        self.error = ""
        self.imported_at = timezone.now()
        self.save(
            update_fields=["status", "erp_number", "erp_id", "error", "imported_at", "updated_at"]
        )

    def mark_failed(self, error: str) -> None:
        self.status = DocumentStatus.FAILED
        self.error = error
        self.save(update_fields=["status", "error", "updated_at"])

    def send_back(self) -> None:
        """Administrator: a failed document goes back to ``received`` to be tried again."""
        if self.status != DocumentStatus.FAILED:
            raise ValueError("only a failed document can be sent back to received")
        self.status = DocumentStatus.RECEIVED
        self.save(update_fields=["status", "updated_at"])

    def ignore(self, reason: str) -> None:
        """Administrator: this document will never be imported; the reason is kept."""
        if self.status == DocumentStatus.IMPORTED:
            raise ValueError("an imported document cannot be ignored")
        if not reason.strip():
            raise ValueError("a reason is required to ignore a document")
        self.status = DocumentStatus.IGNORED
        self.ignored_reason = reason.strip()
        self.save(update_fields=["status", "ignored_reason", "updated_at"])


class RunTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("schedule")
    MANUAL = "manual", _("manual (button)")
    COMMAND = "command", _("command")
    ARRIVAL = "arrival", _("on arrival")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")
    SKIPPED = "skipped", _("skipped")


class SyncRun(models.Model):
    """One import run for one company database."""

    company_database = models.ForeignKey(
        "harmonogramy.CompanyDatabase",
        verbose_name=_("company database"),
        on_delete=models.CASCADE,
        related_name="runs",
    )
    trigger = models.CharField(_("trigger"), max_length=10, choices=RunTrigger.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    imported_count = models.PositiveIntegerField(
        pgettext_lazy("document count", "imported"), default=0
    )
    failed_count = models.PositiveIntegerField(pgettext_lazy("document count", "failed"), default=0)
    waiting_count = models.PositiveIntegerField(_("still waiting"), default=0)
    first_error = models.TextField(_("first error"), blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("run")
        verbose_name_plural = _("runs")
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["company_database", "-started_at"], name="run_db_time"),
            models.Index(fields=["status", "-started_at"], name="run_status_time"),
            models.Index(fields=["-started_at"], name="run_time"),
            # run list filter by trigger; the dashboard's last finished / failed run per database
            models.Index(fields=["trigger", "-started_at"], name="run_trigger_time"),
            models.Index(
                fields=["company_database", "status", "-started_at"], name="run_db_status_time"
            ),
        ]

    def __str__(self) -> str:
        """ "Firma 03.12.2026 13:15 udane": the start in the company's own time zone, in the
        active language's date format."""
        company = self.company_database
        try:
            zone = ZoneInfo(company.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        started = date_format(self.started_at.astimezone(zone), "SHORT_DATETIME_FORMAT")
        return f"{company} {started} {self.get_status_display()}"

    @property
    def duration(self):
        if self.finished_at:
            return self.finished_at - self.started_at
        return None

    def summary(self) -> str:
        """One line for the command line: database, status, counts, first error."""
        line = (
            f"{self.company_database.name}: {self.status}, imported {self.imported_count}, "
            f"failed {self.failed_count}, waiting {self.waiting_count}"
        )
        if self.first_error:
            line += f" — {self.first_error.splitlines()[0]}"
        return line


class LogLevel(models.IntegerChoices):
    DEBUG = 10, "DEBUG"
    INFO = 20, "INFO"
    WARNING = 30, "WARNING"
    ERROR = 40, "ERROR"


class RunLogEntry(models.Model):
    """One line of a run's log (the System/Raportowanie view)."""

    run = models.ForeignKey(
        SyncRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="entries"
    )
    company_database = models.ForeignKey(
        "harmonogramy.CompanyDatabase",
        verbose_name=_("company database"),
        on_delete=models.CASCADE,
        related_name="log_entries",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=LogLevel.choices, default=LogLevel.INFO
    )
    document_guid = models.CharField(_("document GUID"), max_length=36, blank=True)
    document_number = models.CharField(_("device number"), max_length=60, blank=True)
    message = models.TextField(_("message"))
    details = models.TextField(_("details"), blank=True)

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["run", "id"], name="log_run"),
            models.Index(fields=["company_database", "-created_at"], name="log_db_time"),
            models.Index(fields=["level", "-created_at"], name="log_level_time"),
            models.Index(fields=["document_guid"], name="log_document"),
            models.Index(fields=["created_at", "id"], name="log_time"),  # the unfiltered list
        ]

    def __str__(self) -> str:
        return self.message[:80]
