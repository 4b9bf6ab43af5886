""" "Test connection": is a company or configuration database set up right? Each step in words.

Asked from the admin (the "Test connection" button of both pages). It answers, in order, the
questions an administrator has when a setup does not work, and stops at the first one that
fails (the later ones cannot be answered then):

1. is the ODBC driver installed here? (if not: which Debian package or download provides it);
2. does the server answer, and does it accept the login?
3. are Optima's tables there (a company database: those syncadmin reads and writes, and their
   columns as the import's catalog probe sees them; a configuration database: CDN.Bazy and
   CDN.Operatorzy)?

Only reads: it opens one connection, runs ``SELECT ... WHERE 1 = 0`` per table and reads the
catalog. Messages never contain the password.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from importer.erp.adapter import ErpError, available_drivers, connect
from importer.erp.catalog import CatalogConflict, probe
from importer.mapping import declared_writes

#: Where an ODBC driver comes from, by the driver names syncadmin knows.
DRIVER_PACKAGES = {
    "ODBC Driver 18 for SQL Server": "msodbcsql18 (Microsoft's package repository for Debian)",
    "ODBC Driver 17 for SQL Server": "msodbcsql17 (Microsoft's package repository for Debian)",
    "FreeTDS": "tdsodbc",
    "SQLite3": "libsqliteodbc",
    "PostgreSQL Unicode": "odbc-postgresql",
    "PostgreSQL ANSI": "odbc-postgresql",
}
COMPANY_TABLES = (
    "TraNag",
    "TraElem",
    "TraVat",
    "Kontrahenci",
    "Towary",
    "Magazyny",
    "DokDefinicje",
    "FormyPlatnosci",
    "BnkZapisy",
    "BnkRaporty",
    "BnkRachunki",
)
CONFIGURATION_TABLES = ("Bazy", "Operatorzy")


@dataclass(frozen=True)
class Step:
    """One answered question: ``ok`` and the sentence that says it."""

    ok: bool
    message: str


def check_connection(database, *, company: bool) -> list[Step]:
    """Test ``database`` (a `CompanyDatabase` when ``company``, else a
    `ConfigurationDatabase`); returns the steps answered, the last one failed if any did.
    Never raises for ERP problems."""
    driver = database.odbc_driver
    if driver not in available_drivers():
        package = DRIVER_PACKAGES.get(driver)
        hint = (
            _("install the package %(package)s") % {"package": package}
            if package
            else _("install it, or choose one of the installed drivers: %(drivers)s")
            % {"drivers": ", ".join(available_drivers()) or "—"}
        )
        return [
            Step(
                False,
                _("The ODBC driver “%(driver)s” is not installed on this machine: %(hint)s.")
                % {"driver": driver, "hint": hint},
            )
        ]
    steps = [Step(True, _("The ODBC driver “%(driver)s” is installed.") % {"driver": driver})]
    try:
        settings = database.erp_settings()
        conn = connect(settings)
    except ErpError as exc:
        return [*steps, Step(False, _connection_failure(exc))]
    with conn:
        steps.append(
            Step(
                True,
                _("%(target)s answers and accepts the login.") % {"target": settings.describe()},
            )
        )
        tables = COMPANY_TABLES if company else CONFIGURATION_TABLES
        missing = []
        for table in tables:
            try:
                conn.fetch_all(f"SELECT 1 FROM {conn.table(table)} WHERE 1 = 0")
            except ErpError:
                missing.append(f"CDN.{table}")
        if missing:
            steps.append(
                Step(
                    False,
                    _("These tables of Optima are missing: %(tables)s. Is it the right database?")
                    % {"tables": ", ".join(missing)},
                )
            )
            return steps
        steps.append(
            Step(True, _("Optima's tables are there (%(count)d checked).") % {"count": len(tables)})
        )
        if company:
            steps.append(_catalog_step(conn))
    return steps


def _connection_failure(exc: ErpError) -> str:
    if exc.kind == "login":
        return _(
            "The server refused the login: %(error)s. Check the user and the password "
            "(or integrated security)."
        ) % {"error": exc.message}
    if exc.kind == "driver":
        return _("The ODBC driver cannot be loaded: %(error)s.") % {"error": exc.message}
    return _(
        "The server cannot be reached: %(error)s. Check the server, the port and the network."
    ) % {"error": exc.message}


def _catalog_step(conn) -> Step:
    try:
        found = probe(conn, {table: set(columns) for table, columns in declared_writes().items()})
    except CatalogConflict as exc:
        return Step(
            False,
            _("The tables do not match what syncadmin writes; imports would stop: %(problems)s")
            % {"problems": exc},
        )
    except ErpError as exc:
        return Step(
            False, _("The tables' columns cannot be read: %(error)s") % {"error": exc.message}
        )
    if found.warnings:
        return Step(
            True,
            _(
                "The tables take what syncadmin writes; columns this Optima adds "
                "get neutral values: %(columns)s"
            )
            % {"columns": "; ".join(found.warnings)},
        )
    return Step(True, _("The tables take every column syncadmin writes."))
