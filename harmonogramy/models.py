"""Company databases (bazy firmowe) and their schedules (harmonogramy)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harmonogramy.timetable import ALL_WEEKDAYS, Timetable, TimetableError
from importer.erp.adapter import ErpConnectionSettings, ErpError
from operators.crypto import EncryptedField, Secret, SecretError


class ErpDialect(models.TextChoices):
    SQLSERVER = "mssql", _("Microsoft SQL Server (Optima)")
    POSTGRESQL = "postgresql", _("PostgreSQL (tests)")
    SQLITE = "sqlite", _("SQLite (demo)")


class ErrorPolicy(models.TextChoices):
    STOP = "stop", _("Stop the run at the first error")
    SKIP = "skip", _("Skip the failing document and go on")


class InactiveNipMatch(models.TextChoices):
    """What a new customer (KNT) does when its NIP belongs to a customer inactive in Optima."""

    REFUSE = "refuse", _("Refuse the document (the error names the inactive customer)")
    CREATE = "create", _("Create a new customer")


#: Optima's business side effects of confirming a trade document, which syncadmin's direct
#: SQL path does not perform (Optima performs them when a user confirms the draft).
SQL_PATH_SIDE_EFFECTS = _(
    "payment schedule (CDN.BnkZdarzenia), stock and its resources, reservations, the VAT "
    "register and the cash report totals"
)


class AlertState(models.TextChoices):
    """Whether the administrators were told that a database's runs fail (importer.alerts)."""

    OK = "ok", _("ok")
    FAILING = "failing", _("failing")


class OdbcConnection(models.Model):
    """The ODBC connection parts shared by the configuration and company databases.

    `erp_settings` turns them into the ERP adapter's plain settings; the password is
    encrypted at rest (`operators.crypto.EncryptedField`). For the SQLite demo, ``database``
    is the path of the SQLite file.
    """

    dialect = models.CharField(
        _("SQL dialect"), max_length=16, choices=ErpDialect.choices, default=ErpDialect.SQLSERVER
    )
    odbc_driver = models.CharField(
        _("ODBC driver"),
        max_length=100,
        default="ODBC Driver 18 for SQL Server",
        help_text=_("Name of the installed ODBC driver, e.g. “ODBC Driver 18 for SQL Server”."),
    )
    server = models.CharField(_("server"), max_length=255, blank=True)
    port = models.PositiveIntegerField(_("port"), null=True, blank=True)
    database = models.CharField(
        _("database"),
        max_length=500,
        help_text=_("Database name on the server (for SQLite: the path of the file)."),
    )
    trusted_connection = models.BooleanField(
        _("integrated security"), default=False, help_text=_("Windows authentication (NT=1).")
    )
    username = models.CharField(_("SQL login"), max_length=128, blank=True)
    password = EncryptedField(_("SQL password"))
    odbc_options = models.CharField(
        _("extra ODBC options"),
        max_length=500,
        blank=True,
        help_text=_("Added to the connection string, e.g. “TrustServerCertificate=yes”."),
    )

    class Meta:
        abstract = True

    def erp_settings(self) -> ErpConnectionSettings:
        """The ERP adapter's plain settings of this database: its ODBC fields, the password
        decrypted here (the adapter never sees the key), and the timeouts in seconds
        (SYNCADMIN_ERP_LOGIN_TIMEOUT, SYNCADMIN_ERP_QUERY_TIMEOUT).

        Raises `ErpError` (kind "login") when the stored password cannot be decrypted; the
        message names no secret.
        """
        secret = self.password  # a str when just typed in the admin and not saved
        try:
            password = secret.reveal() if isinstance(secret, Secret) else str(secret or "")
        except SecretError as exc:  # its message is safe: it never contains the secret
            raise ErpError(
                f"The ERP password cannot be decrypted: {exc}", kind="login", transient=False
            ) from None
        return ErpConnectionSettings(
            dialect=self.dialect,
            driver=self.odbc_driver,
            database=self.database,
            server=self.server or "",
            port=self.port or None,
            username=self.username or "",
            password=password,
            trusted_connection=bool(self.trusted_connection),
            options=self.odbc_options or "",
            login_timeout=int(getattr(settings, "SYNCADMIN_ERP_LOGIN_TIMEOUT", 15)),
            query_timeout=int(getattr(settings, "SYNCADMIN_ERP_QUERY_TIMEOUT", 60)),
        )


class ConfigurationDatabase(OdbcConnection):
    """Optima's configuration database (baza konfiguracyjna, usually ``CDN_KNF_Konfiguracja``).

    It lists the company databases (``CDN.Bazy``, read by discovery) and the operators
    (``CDN.Operatorzy``, read by the operator check). syncadmin normally knows one.
    """

    name = models.CharField(_("name"), max_length=120, unique=True, default="CDN_KNF_Konfiguracja")
    last_discovery_at = models.DateTimeField(_("last discovery"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("configuration database")
        verbose_name_plural = _("configuration databases")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CompanyDatabase(OdbcConnection):
    """One Optima company database (baza firmowa): an import target reached through ODBC.

    Found by discovery in a configuration database's ``CDN.Bazy`` or added by hand.
    """

    name = models.CharField(
        _("name"), max_length=120, unique=True, help_text=_("Company name (CDN.Bazy.Baz_Nazwa).")
    )
    configuration = models.ForeignKey(
        ConfigurationDatabase,
        verbose_name=_("configuration database"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="companies",
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive databases are never synchronized.")
    )
    discovered_guid = models.CharField(
        _("Baz_GUID"), max_length=36, blank=True, help_text=_("Set when found by discovery.")
    )
    missing_since = models.DateTimeField(
        _("missing from the configuration database since"), null=True, blank=True
    )

    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Warsaw",
        help_text=_("The company's time zone: schedules, document dates and numbers use it."),
    )
    default_warehouse = models.CharField(
        _("default warehouse"),
        max_length=20,
        blank=True,
        help_text=_("Mag_Symbol used when a document names no warehouse."),
    )
    retail_customer_code = models.CharField(
        _("retail customer"),
        max_length=20,
        blank=True,
        help_text=_("Knt_Kod used for receipts (PA) sent without a customer."),
    )
    default_cash_register = models.CharField(
        _("default cash register"),
        max_length=20,
        blank=True,
        help_text=_("BRa_Symbol used for cash receipts (KP) that name no register."),
    )
    documents_as_drafts = models.BooleanField(
        _("import as drafts"),
        default=True,
        help_text=_(
            "Documents land in the ERP as drafts (TrN_Bufor = 1) for a user to "
            "confirm. Required: syncadmin writes no side effects of a confirmed "
            "document."
        ),
    )
    inactive_nip_match = models.CharField(
        _("new customer with an inactive customer's NIP"),
        max_length=8,
        choices=InactiveNipMatch.choices,
        default=InactiveNipMatch.REFUSE,
        help_text=_(
            "A new customer (KNT) whose NIP belongs to a customer inactive in Optima "
            "is never linked to it."
        ),
    )
    error_policy = models.CharField(
        _("on error"), max_length=8, choices=ErrorPolicy.choices, default=ErrorPolicy.STOP
    )
    operator = models.ForeignKey(
        "operators.Operator",
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Leave empty to use the default operator."),
    )

    lock_token = models.CharField(max_length=64, blank=True, editable=False)
    # An automatic run queued or running (importer.tasks): at most one at a time.
    run_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The periodic ERP probe (importer.erpprobe): since when the ERP cannot be reached, why.
    erp_probed_at = models.DateTimeField(_("ERP checked"), null=True, blank=True, editable=False)
    erp_unreachable_since = models.DateTimeField(
        _("ERP unreachable since"), null=True, blank=True, editable=False
    )
    erp_probe_error = models.TextField(
        _("why the ERP cannot be reached"), blank=True, editable=False
    )
    lock_expires_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Alerts (importer.alerts): one e-mail when runs start failing, one when they recover.
    alert_state = models.CharField(
        _("alert state"),
        max_length=8,
        choices=AlertState.choices,
        default=AlertState.OK,
        editable=False,
    )
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("company database")
        verbose_name_plural = _("company databases")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        try:
            Timetable(interval_minutes=1, tz=self.time_zone).validate()
        except TimetableError as exc:
            raise ValidationError({"time_zone": str(exc)}) from exc
        if not self.documents_as_drafts:
            raise ValidationError({"documents_as_drafts": self.confirmed_documents_refusal()})

    @staticmethod
    def confirmed_documents_refusal() -> str:
        """Why a company database cannot import confirmed documents (TrN_Bufor = 0)."""
        return _(
            "Confirmed documents (TrN_Bufor = 0) cannot be imported by direct SQL: Optima "
            "performs a confirmed document's side effects (%(effects)s) only when a user "
            "confirms the draft, and syncadmin writes none of them for FS, PA, RO or WZ. "
            "Import as drafts and confirm them in Optima."
        ) % {"effects": SQL_PATH_SIDE_EFFECTS}

    def effective_operator(self):
        """The operator this database imports as: its own, else the service default."""
        from operators.models import Operator

        return self.operator or Operator.default()

    # --- the run lock: two runs of one database never overlap -------------------------

    def acquire_run_lock(self, ttl_seconds: int | None = None) -> str | None:
        """Take this database's run lock; return its token, or None if another run holds it.

        The lock is one conditional UPDATE, atomic in every database Django supports, so it
        holds across workers, processes and machines sharing the Django database. A lock
        whose holder stopped renewing it (a killed worker) expires after ``ttl_seconds``
        (default ``SYNCADMIN_RUN_LOCK_SECONDS``).
        """
        ttl = ttl_seconds or settings.SYNCADMIN_RUN_LOCK_SECONDS
        now = timezone.now()
        token = uuid.uuid4().hex
        free = models.Q(lock_token="") | models.Q(lock_expires_at__lt=now)
        taken = CompanyDatabase.objects.filter(models.Q(pk=self.pk) & free).update(
            lock_token=token, lock_expires_at=now + timedelta(seconds=ttl)
        )
        return token if taken else None

    def renew_run_lock(self, token: str, ttl_seconds: int | None = None) -> bool:
        """Extend a held lock (heartbeat). False if it was lost (expired and taken over)."""
        ttl = ttl_seconds or settings.SYNCADMIN_RUN_LOCK_SECONDS
        return bool(
            CompanyDatabase.objects.filter(pk=self.pk, lock_token=token).update(
                lock_expires_at=timezone.now() + timedelta(seconds=ttl)
            )
        )

    def release_run_lock(self, token: str) -> None:
        """Release the lock if this token still holds it."""
        CompanyDatabase.objects.filter(pk=self.pk, lock_token=token).update(
            lock_token="", lock_expires_at=None
        )

    def is_run_locked(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(self.lock_token) and bool(self.lock_expires_at) and self.lock_expires_at > now


def _weekday_validator(value: str) -> None:
    if not value or not set(value) <= {str(d) for d in ALL_WEEKDAYS}:
        raise ValidationError(_("Choose at least one day of the week."))


class Schedule(models.Model):
    """When a company database is synchronized. The rule is `harmonogramy.timetable.Timetable`.

    ``next_run_at`` (UTC) is the next slot the scheduler tick will act on; it is recomputed
    whenever the schedule is saved, so a change takes effect at the next tick.
    """

    company_database = models.OneToOneField(
        CompanyDatabase,
        verbose_name=_("company database"),
        on_delete=models.CASCADE,
        related_name="schedule",
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    interval_minutes = models.PositiveSmallIntegerField(
        _("every (minutes)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(1440)],
    )
    active_from = models.TimeField(_("active from"), null=True, blank=True)
    active_to = models.TimeField(_("active to"), null=True, blank=True)
    weekdays = models.CharField(
        _("days of the week"),
        max_length=7,
        default="1234567",
        validators=[_weekday_validator],
        help_text=_("ISO day numbers: 1 = Monday … 7 = Sunday."),
    )
    import_on_arrival = models.BooleanField(
        _("import on arrival"),
        default=False,
        help_text=_("Queue a run as soon as a device's batch arrives inside the active hours."),
    )
    next_run_at = models.DateTimeField(_("next run"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self) -> str:
        return str(self.company_database)

    @property
    def timetable(self) -> Timetable:
        return Timetable(
            interval_minutes=self.interval_minutes,
            tz=self.company_database.time_zone,
            active_from=self.active_from,
            active_to=self.active_to,
            weekdays=frozenset(int(d) for d in self.weekdays if d.isdigit()),
        )

    def clean(self):
        try:
            self.timetable.validate()
        except TimetableError as exc:
            raise ValidationError(str(exc)) from exc

    def next_run_after(self, moment):
        """The first slot strictly after ``moment`` (aware), in UTC; see `Timetable`."""
        return self.timetable.next_run_after(moment)

    def save(self, *args, **kwargs):
        if self.enabled:
            try:
                self.next_run_at = self.next_run_after(timezone.now())
            except TimetableError:
                self.next_run_at = None
        else:
            self.next_run_at = None
        super().save(*args, **kwargs)
