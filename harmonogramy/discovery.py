"""Discovery: the company databases listed in a configuration database's ``CDN.Bazy``.

Optima's automat lists every company attached to the configuration database; syncadmin does
the same here. `discover` reads ``CDN.Bazy`` (through `importer.erp.configuration`) and then,
in one Django transaction, creates or updates `CompanyDatabase` rows:

* a Bazy row is matched to a company database by ``Baz_GUID``, else by name (a database
  added by hand, or one whose stored GUID is no longer in Bazy) among the databases of this
  configuration or of none;
* a new company database gets the configuration database's dialect, ODBC driver, login,
  password, port and options (syncadmin logs in to the companies as it logs in to the
  configuration; Baz_Dostep's NT flag only says how Optima's own clients log in), the
  database and server from ``Baz_Dostep``, and a DISABLED schedule that an administrator
  enables; an inactive Bazy row that syncadmin does not know yet is not added;
* a known database takes its name, database and server from Bazy (Optima's record of where
  the company lives); its login, driver, settings and schedule stay as the administrator set
  them;
* a database that disappeared from Bazy or became inactive gets ``is_active = False`` and
  ``missing_since``; it is never deleted, so its documents and runs stay. If it comes back
  active, discovery re-activates it (only what discovery switched off: ``missing_since`` set).

Bazy is read completely before anything is written, so an unreachable or wrong configuration
database raises `DiscoveryError` and changes nothing.
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from harmonogramy.models import CompanyDatabase, ConfigurationDatabase, ErpDialect, Schedule
from importer.erp.adapter import ErpError
from importer.erp.configuration import CompanyEntry, OptimaConfiguration, connect_configuration

logger = logging.getLogger(__name__)
NAME_LENGTH = CompanyDatabase._meta.get_field("name").max_length


class DiscoveryError(Exception):
    """Discovery could not read ``CDN.Bazy``; nothing was changed. The message is readable
    and safe to show (it never contains a password)."""

    @property
    def message(self) -> str:
        return self.args[0] if self.args else ""


@dataclass
class DiscoveryResult:
    """What one discovery did, as company names: ``created``, ``updated`` (connection, name,
    link or re-activation changed), ``marked_missing`` (gone from Bazy or inactive there, now
    inactive here), ``unchanged``, and ``skipped`` ("name: reason" for Bazy rows not added)."""

    configuration: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    marked_missing: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line, e.g. ``CDN_KNF: created 1 (Firma A), updated 0, marked missing 0,
        unchanged 2``, plus the skipped rows when there are any."""

        def part(label: str, names: list[str]) -> str:
            listed = f" ({', '.join(names)})" if names else ""
            return f"{label} {len(names)}{listed}"

        parts = [
            part(pgettext("discovery summary", "created"), self.created),
            part(pgettext("discovery summary", "updated"), self.updated),
            part(pgettext("discovery summary", "marked missing"), self.marked_missing),
            _("unchanged %(count)d") % {"count": len(self.unchanged)},
        ]
        if self.skipped:
            parts.append(part(pgettext("discovery summary", "skipped"), self.skipped))
        return f"{self.configuration}: {', '.join(parts)}"


def read_bazy(configuration: ConfigurationDatabase) -> list[CompanyEntry]:
    """The rows of ``CDN.Bazy`` of ``configuration``. Raises `DiscoveryError`."""
    try:
        settings = configuration.erp_settings()
        with connect_configuration(settings) as conn:
            return OptimaConfiguration(conn).companies()
    except ErpError as exc:
        if exc.kind == "schema":
            reason = _(
                "this is not an Optima configuration database (no CDN.Bazy table): %(error)s"
            ) % {"error": exc.message}
        else:
            reason = exc.message
    except ValueError as exc:  # unknown dialect, an SQLite path the driver cannot take
        reason = str(exc)
    raise DiscoveryError(
        _(
            "Discovery in the configuration database “%(name)s” failed, nothing was changed: "
            "%(reason)s"
        )
        % {"name": configuration.name, "reason": reason}
    )


def discover(configuration: ConfigurationDatabase, now=None) -> DiscoveryResult:
    """Read ``CDN.Bazy`` of ``configuration`` and bring the company databases in line with it
    (see the module docstring). ``now`` (aware, default: the current time) is stored as
    ``missing_since`` and ``last_discovery_at``.

    Raises `DiscoveryError` when the configuration database cannot be read; then nothing in
    syncadmin's database has changed.
    """
    entries = read_bazy(configuration)
    now = now or timezone.now()
    with transaction.atomic():
        result = _Apply(configuration, entries, now).run()
        ConfigurationDatabase.objects.filter(pk=configuration.pk).update(last_discovery_at=now)
    configuration.last_discovery_at = now
    logger.info("discovery: %s", result.summary())
    return result


class _Apply:
    """Writes the outcome of one discovery; runs inside `discover`'s transaction."""

    def __init__(self, configuration, entries: list[CompanyEntry], now):
        self.configuration = configuration
        self.entries = entries
        self.now = now
        self.result = DiscoveryResult(configuration=configuration.name)
        self.seen: set[int] = set()
        self.guids_in_bazy = {e.guid for e in entries if e.guid}

    def run(self) -> DiscoveryResult:
        # Active rows first: Bazy may hold an old inactive company with the same name.
        for entry in sorted(self.entries, key=lambda e: (e.inactive, e.id)):
            company = self._match(entry)
            if company is None:
                self._create(entry)
            else:
                self.seen.add(company.pk)
                self._update(company, entry)
        gone = CompanyDatabase.objects.filter(configuration=self.configuration).exclude(
            pk__in=self.seen
        )
        for company in gone:
            if not self._mark_missing(company):
                self.result.unchanged.append(company.name)  # already marked by a discovery
        return self.result

    def _match(self, entry: CompanyEntry) -> CompanyDatabase | None:
        candidates = CompanyDatabase.objects.exclude(pk__in=self.seen)
        if entry.guid:
            found = candidates.filter(discovered_guid__iexact=entry.guid).first()
            if found is not None:
                return found
        ours = Q(configuration=self.configuration) | Q(configuration__isnull=True)
        for company in candidates.filter(ours, name=entry.name):
            if not company.discovered_guid or company.discovered_guid.upper() not in (
                self.guids_in_bazy - {entry.guid}
            ):
                return company
        return None

    def _create(self, entry: CompanyEntry) -> None:
        if entry.inactive:
            self.result.skipped.append(_("%(name)s: inactive in Optima") % {"name": entry.name})
            return
        if entry.access is None or not entry.name:
            self.result.skipped.append(
                _("%(name)s: cannot read Baz_Dostep %(access)r")
                % {"name": entry.name or entry.id, "access": entry.raw_access}
            )
            return
        config = self.configuration
        server = self._server(entry)
        company = CompanyDatabase.objects.create(
            name=self._free_name(entry),
            configuration=config,
            discovered_guid=entry.guid,
            dialect=config.dialect,
            odbc_driver=config.odbc_driver,
            server=server,
            port=config.port if server.lower() == (config.server or "").lower() else None,
            database=entry.access.database,
            trusted_connection=config.trusted_connection,
            username=config.username,
            password=config.password,
            odbc_options=config.odbc_options,
        )
        Schedule.objects.create(company_database=company, enabled=False)
        self.seen.add(company.pk)
        self.result.created.append(company.name)

    def _update(self, company: CompanyDatabase, entry: CompanyEntry) -> None:
        before = _snapshot(company)
        company.configuration = self.configuration
        if entry.guid:
            company.discovered_guid = entry.guid
        if entry.name and entry.name != company.name and not _name_taken(entry.name, company):
            company.name = entry.name
        if entry.access is not None:
            company.database = entry.access.database
            company.server = self._server(entry)
        if not entry.inactive and company.missing_since is not None:
            company.is_active, company.missing_since = True, None
        if entry.inactive and self._mark_missing(company):
            return
        if _snapshot(company) != before:
            company.save()
            self.result.updated.append(company.name)
        else:
            self.result.unchanged.append(company.name)

    def _mark_missing(self, company: CompanyDatabase) -> bool:
        """Switch off a company gone from Bazy (or inactive there); False if already off."""
        if not company.is_active and company.missing_since is not None:
            return False
        company.is_active = False
        company.missing_since = company.missing_since or self.now
        company.save()
        self.result.marked_missing.append(company.name)
        return True

    def _server(self, entry: CompanyEntry) -> str:
        if self.configuration.dialect == ErpDialect.SQLITE:
            return ""  # an SQLite file has no server; Baz_Dostep's is meaningless here
        return entry.access.server or self.configuration.server or ""

    def _free_name(self, entry: CompanyEntry) -> str:
        name = entry.name[:NAME_LENGTH]
        if not _name_taken(name):
            return name
        # Company names are unique in syncadmin but not across configurations (nor between
        # an active and an inactive Bazy row): tell them apart by the database's name.
        label = Path(entry.access.database).name or entry.access.database
        for n in range(1, 100):
            suffix = f" ({label})" if n == 1 else f" ({label} {n})"
            candidate = entry.name[: NAME_LENGTH - len(suffix)] + suffix
            if not _name_taken(candidate):
                return candidate
        raise DiscoveryError(_("No free name for the company %(name)s.") % {"name": entry.name})


def _name_taken(name: str, company: CompanyDatabase | None = None) -> bool:
    others = CompanyDatabase.objects.filter(name=name)
    if company is not None:
        others = others.exclude(pk=company.pk)
    return others.exists()


def _snapshot(company: CompanyDatabase) -> tuple:
    return (
        company.name,
        company.configuration_id,
        company.discovered_guid,
        company.database,
        company.server,
        company.is_active,
        company.missing_since,
    )
