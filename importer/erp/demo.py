"""The demo Optima: a configuration database and a company database with master data.

Built through pyodbc and the SQLite3 ODBC driver only (the same path production uses, no
``sqlite3`` module), in two files: ``optima_config.sqlite`` and ``optima_company.sqlite``.
`build_company_database` / `seed_company` work on any dialect (the tests use PostgreSQL).

The tables have Optima's real shape (`importer.erp.ddl`, strict reading) and every master
data row is complete: the values below, every other NOT NULL column with its neutral value
(`OptimaCompany.insert_row`), and an import id in every ``*_ImportRowId`` column (Optima's
unique indexes allow one NULL only). The master data covers every code of the sample batch
(``importer/demo_data/batch-valid.json``), and the cash register KASA has an open cash report.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from importer.erp import conventions as cv
from importer.erp.adapter import ErpConnection, ErpConnectionSettings, connect
from importer.erp.ddl import create_company_schema, create_configuration_schema
from importer.erp.optima import OptimaCompany

CONFIGURATION_FILE = "optima_config.sqlite"
COMPANY_FILE = "optima_company.sqlite"
COMPANY_NAME = "Demo Sp. z o.o."
OPERATOR_ACRONYM = "SYNCHRO"
OPERATOR_PASSWORD = "synchro-demo"


@dataclass
class DemoOptima:
    """Where the demo lives and how to log in to it."""

    configuration_path: Path
    company_path: Path
    company_name: str
    operator_acronym: str
    operator_password: str

    def company_settings(self, driver: str = "SQLite3") -> ErpConnectionSettings:
        """Connection settings of the demo company database."""
        return sqlite_settings(self.company_path, driver)

    def configuration_settings(self, driver: str = "SQLite3") -> ErpConnectionSettings:
        """Connection settings of the demo configuration database."""
        return sqlite_settings(self.configuration_path, driver)


def sqlite_settings(path: Path, driver: str = "SQLite3") -> ErpConnectionSettings:
    """`ErpConnectionSettings` for a SQLite file through the SQLite3 ODBC driver."""
    return ErpConnectionSettings(dialect="sqlite", driver=driver, database=str(path))


# --- master data ---------------------------------------------------------------------------
# (code, name, nip, inactive)
CUSTOMERS = (
    ("HURT-ABC", "Hurtownia ABC Sp. z o.o.", "7740001454", 0),
    ("DETAL", "Klient detaliczny", "", 0),
    ("NIEAKTYWNY", "Zamknięta Firma Łódź", "1132191233", 1),
)
# (code, name, unit, type, vat code, inactive)
PRODUCTS = (
    ("KAWA-250", "Kawa mielona 250 g", "szt", cv.PRODUCT_GOODS, "23", 0),
    ("HERBATA-100", "Herbata czarna 100 torebek", "szt", cv.PRODUCT_GOODS, "5", 0),
    ("DOSTAWA", "Dostawa", "usł", cv.PRODUCT_SERVICE, "23", 0),
    ("CIASTKA-200", "Ciastka maślane 200 g", "szt", cv.PRODUCT_GOODS, "8", 0),
    ("KAWA-EKSPORT", "Kawa ziarnista 1 kg (eksport)", "szt", cv.PRODUCT_GOODS, "0", 0),
    ("SZKOLENIE", "Szkolenie z obsługi ekspresu", "godz", cv.PRODUCT_SERVICE, "zw", 0),
    ("KAUCJA", "Kaucja za paletę", "szt", cv.PRODUCT_SERVICE, "np", 0),
    ("WYCOFANY", "Produkt wycofany ze sprzedaży", "szt", cv.PRODUCT_GOODS, "23", 1),
)
# (symbol, name, inactive)
WAREHOUSES = (("MAGAZYN", "Magazyn główny", 0), ("STARY", "Magazyn stary", 1))
# (name, type, days)
PAYMENT_FORMS = (
    ("gotówka", cv.PAYMENT_CASH, 0),
    ("przelew", cv.PAYMENT_TRANSFER, 14),
    ("karta", cv.PAYMENT_CARD, 0),
)
# (class, symbol, name, numbering template)
DOCUMENT_DEFINITIONS = (
    (cv.CLASS_FS, "FS", "Faktura sprzedaży", "@symbol/@numerS/@miesiac/@rok_kal"),
    (cv.CLASS_PA, "PA", "Paragon", "@symbol/@numerS/@rok_kal"),
    (cv.CLASS_RO, "RO", "Rezerwacja odbiorcy", "@symbol/@numerS/@rok_kal"),
    (cv.CLASS_WZ, "WZ", "Wydanie zewnętrzne", "@symbol/@numerS/@miesiac/@rok_kal"),
    (cv.CLASS_KP, "KP", "Kasa przyjmie", "@symbol/@numerS/@rejestr/@rok_kal"),
    (cv.CLASS_KW, "KW", "Kasa wypłaci", "@symbol/@numerS/@rejestr/@rok_kal"),
)
# (symbol, name): the cash register first, so it is the default (lowest id)
CASH_REGISTERS = (("KASA", "Kasa główna"), ("BANK", "Rachunek bankowy"))
#: The open cash report of KASA: its period covers every date the demo and tests use.
OPEN_REPORT = ("KASA", datetime(2000, 1, 1), datetime(2099, 12, 31), "RK/@numerS/KASA")
# Price types (DefCeny): (number DfC_Lp, name, type 1 net / 2 gross)
PRICE_TYPES = ((1, "hurtowa", 1), (2, "detaliczna", 2))
# Prices (TwrCeny) of the products offered to devices: code -> (wholesale net, retail gross)
PRICES = {
    "KAWA-250": ("18.50", "22.76"),
    "HERBATA-100": ("9.99", "10.49"),
    "DOSTAWA": ("15.00", "18.45"),
    "CIASTKA-200": ("6.20", "6.70"),
    "KAWA-EKSPORT": ("59.00", "59.00"),
    "SZKOLENIE": ("200.00", "200.00"),
    "KAUCJA": ("30.00", "30.00"),
}
# Stock (TwrIlosci) in MAGAZYN: code -> (quantity, reserved); services have none
STOCK = {
    "KAWA-250": ("120", "5"),
    "HERBATA-100": ("80.5", "0"),
    "CIASTKA-200": ("40", "2"),
    "KAWA-EKSPORT": ("12", "0"),
}
STOCK_DATE = datetime(2026, 1, 2)
# (acronym, full name, inactive, banned from the demo company)
OPERATORS = (
    (OPERATOR_ACRONYM, "Automat synchronizacji", 0, False),
    ("ZABLOKOW", "Operator zablokowany", 1, False),
    ("ZAKAZ", "Operator bez dostępu do firmy", 0, True),
)


def _missing(conn: ErpConnection, table: str, column: str, value) -> bool:
    sql = f"SELECT COUNT(*) FROM {conn.table(table)} WHERE {column} = ?"
    return int(conn.fetch_value(sql, (value,)) or 0) == 0


def _table_exists(conn: ErpConnection, table: str) -> bool:
    if conn.dialect.name == "sqlite":
        sql = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
        return int(conn.fetch_value(sql, (table,)) or 0) > 0
    sql = (
        "SELECT COUNT(*) FROM information_schema.tables "
        "WHERE LOWER(table_schema) = ? AND LOWER(table_name) = ?"
    )
    return int(conn.fetch_value(sql, (conn.dialect.schema.lower(), table.lower())) or 0) > 0


def _guid() -> str:
    return str(uuid.uuid4()).upper()


def _stamps(prefix: str, now: datetime, id_suffix: str = "ID") -> dict:
    """Who made the row and when (the demo's own operator, id 1 of its configuration DB)."""
    values: dict[str, object] = {}
    for kind in ("Zal", "Mod"):
        values[f"{prefix}_Ope{kind}{id_suffix}"] = 1
        values[f"{prefix}_Ope{kind}Kod"] = OPERATOR_ACRONYM
        values[f"{prefix}_Ope{kind}Nazwisko"] = OPERATORS[0][1]
        values[f"{prefix}_TS_{kind}"] = now
    return values


def seed_company(conn: ErpConnection) -> None:
    """Insert the demo master data that is not there yet (idempotent, matched by code)."""
    now = datetime.now().replace(microsecond=0)
    erp = OptimaCompany(conn)
    with conn.transaction():
        for code, name, nip, inactive in CUSTOMERS:
            if _missing(conn, "Kontrahenci", "Knt_Kod", code):
                erp.insert_row(
                    "Kontrahenci",
                    {
                        "Knt_Kod": code,
                        "Knt_Nazwa1": name,
                        "Knt_NipKraj": "PL" if nip else "",
                        "Knt_Nip": nip,
                        "Knt_NipE": nip,
                        "Knt_Miasto": "Warszawa",
                        "Knt_Poczta": "Warszawa",
                        "Knt_Ulica": "Marszałkowska",
                        "Knt_NrDomu": "1",
                        "Knt_KodPocztowy": "00-001",
                        "Knt_Kraj": "Polska",
                        "Knt_KrajISO": "PL",
                        "Knt_Nieaktywny": inactive,
                        "Knt_Rodzaj_Odbiorca": cv.CUSTOMER_IS_RECEIVER,
                        "Knt_PodatekVat": int(bool(nip)),
                        "Knt_Finalny": int(not nip),
                        "Knt_eSklepZrodlo": 1,
                        "Knt_FCzynnosci": 1,
                        "Knt_ZamknMiesTyp": 1,
                        "Knt_ImportRowId": _guid(),
                        **_stamps("Knt", now),
                    },
                )
        for code, name, unit, kind, vat, inactive in PRODUCTS:
            if _missing(conn, "Towary", "Twr_Kod", code):
                flag, rate = cv.vat_flag_and_rate(vat)
                erp.insert_row(
                    "Towary",
                    {
                        "Twr_Kod": code,
                        "Twr_Nazwa": name,
                        "Twr_JM": unit,
                        "Twr_Typ": kind,
                        "Twr_Stawka": rate,
                        "Twr_Flaga": flag,
                        "Twr_StawkaZak": rate,
                        "Twr_FlagaZak": flag,
                        "Twr_NieAktywny": inactive,
                        "Twr_Mobile": 0 if inactive else 1,
                        "Twr_ESklepStatus": 1,
                        "Twr_JMPrzelicznikL": 1,
                        "Twr_JMPrzelicznikM": 1,
                        "Twr_JmPomPrzelicznikL": 1,
                        "Twr_JmPomPrzelicznikM": 1,
                        "Twr_KursL": cv.RATE_L,
                        "Twr_KursM": cv.RATE_M,
                        "Twr_Waluta": cv.SYSTEM_CURRENCY,
                        **_stamps("Twr", now),
                    },
                )
        for symbol, name, inactive in WAREHOUSES:
            if _missing(conn, "Magazyny", "Mag_Symbol", symbol):
                erp.insert_row(
                    "Magazyny",
                    {
                        "Mag_Symbol": symbol,
                        "Mag_Nazwa": name,
                        "Mag_NieAktywny": inactive,
                        **_stamps("Mag", now),
                    },
                )
        for name, kind, days in PAYMENT_FORMS:
            if _missing(conn, "FormyPlatnosci", "FPl_Nazwa", name):
                erp.insert_row(
                    "FormyPlatnosci",
                    {
                        "FPl_Nazwa": name,
                        "FPl_Typ": kind,
                        "FPl_Termin": days,
                        "FPl_NieAktywny": 0,
                        "FPl_ImportRowId": _guid(),
                    },
                )
        for klass, symbol, name, template in DOCUMENT_DEFINITIONS:
            if _missing(conn, "DokDefinicje", "DDf_Symbol", symbol):
                erp.insert_row(
                    "DokDefinicje",
                    {
                        "DDf_Klasa": klass,
                        "DDf_Symbol": symbol,
                        "DDf_Nazwa": name,
                        "DDf_Numeracja": template,
                        "DDf_Nieaktywna": 0,
                        "DDf_ImportRowId": _guid(),
                        "DDf_ImportRowId2": _guid(),
                        **_stamps("DDf", now),
                    },
                )
        for symbol, name in CASH_REGISTERS:
            if _missing(conn, "BnkRachunki", "BRa_Symbol", symbol):
                erp.insert_row(
                    "BnkRachunki",
                    {
                        "BRa_Symbol": symbol,
                        "BRa_Akronim": symbol,
                        "BRa_Nazwa": name,
                        "BRa_RachunekNr": symbol,  # unique with BRa_BNaID (NULL: no bank)
                        "BRa_Nieaktywny": 0,
                        "BRa_Waluta": cv.SYSTEM_CURRENCY,
                        "BRa_KursL": cv.RATE_L,
                        "BRa_KursM": cv.RATE_M,
                        "BRa_ImportRowId": _guid(),
                        **_stamps("BRa", now),
                    },
                )
        _seed_prices_and_stock(conn, erp)
        symbol, opened, closes, numer_string = OPEN_REPORT
        register = conn.fetch_value(
            f"SELECT BRa_BRaID FROM {conn.table('BnkRachunki')} WHERE BRa_Symbol = ?", (symbol,)
        )
        if _missing(conn, "BnkRaporty", "BRp_BRaID", register):
            erp.insert_row(
                "BnkRaporty",
                {
                    "BRp_BRaID": register,
                    "BRp_DataDok": opened,
                    "BRp_DataZam": closes,
                    "BRp_NumerNr": 1,
                    "BRp_NumerString": numer_string,
                    "BRp_NumerObcy": "",
                    "BRp_Zamkniety": 0,
                    "BRp_ImportRowId": _guid(),
                    **_stamps("BRp", now),
                },
            )


def _seed_prices_and_stock(conn: ErpConnection, erp: OptimaCompany) -> None:
    """Price types (DefCeny), the products' prices (TwrCeny) and stock in MAGAZYN
    (TwrIlosci), where missing; the customer HURT-ABC pays by transfer in 14 days."""
    for number, name, kind in PRICE_TYPES:
        if _missing(conn, "DefCeny", "DfC_Lp", number):
            erp.insert_row(
                "DefCeny",
                {
                    "DfC_Lp": number,
                    "DfC_Nazwa": name,
                    "DfC_Typ": kind,
                    "DfC_Aktualizacja": 1,
                    "DfC_Nieaktywna": 0,
                    "DfC_Waluta": cv.SYSTEM_CURRENCY,
                },
            )
    ids = {
        code: twr_id
        for twr_id, code in conn.fetch_all(f"SELECT Twr_TwrId, Twr_Kod FROM {conn.table('Towary')}")
    }
    for code, values in PRICES.items():
        if code in ids and _missing(conn, "TwrCeny", "TwC_TwrID", ids[code]):
            for (number, _name, kind), value in zip(PRICE_TYPES, values, strict=True):
                erp.insert_row(
                    "TwrCeny",
                    {
                        "TwC_TwrID": ids[code],
                        "TwC_TwCNumer": number,
                        "TwC_Typ": kind,
                        "TwC_Wartosc": Decimal(value),
                        "TwC_Waluta": cv.SYSTEM_CURRENCY,
                        "TwC_Aktualizacja": 1,
                    },
                )
    mag_id = conn.fetch_value(
        f"SELECT Mag_MagId FROM {conn.table('Magazyny')} WHERE Mag_Symbol = ?", (WAREHOUSES[0][0],)
    )
    for code, (quantity, reserved) in STOCK.items():
        if code in ids and _missing(conn, "TwrIlosci", "TwI_TwrId", ids[code]):
            erp.insert_row(
                "TwrIlosci",
                {
                    "TwI_TwrId": ids[code],
                    "TwI_MagId": mag_id,
                    "TwI_Data": STOCK_DATE,
                    "TwI_Ilosc": Decimal(quantity),
                    "TwI_Rezerwacje": Decimal(reserved),
                },
            )
    transfer = conn.fetch_value(
        f"SELECT FPl_FPlId FROM {conn.table('FormyPlatnosci')} WHERE FPl_Nazwa = ?", ("przelew",)
    )
    conn.execute(
        f"UPDATE {conn.table('Kontrahenci')} SET Knt_FplID = ?, Knt_Termin = 14 "
        "WHERE Knt_Kod = ? AND Knt_FplID IS NULL",
        (transfer, CUSTOMERS[0][0]),
    )


def build_company_database(conn: ErpConnection) -> None:
    """Create the company tables if missing, then `seed_company`. Any dialect."""
    if not _table_exists(conn, "TraNag"):
        create_company_schema(conn)
    seed_company(conn)


def seed_configuration(
    conn: ErpConnection,
    company_path: Path,
    *,
    company_name: str = COMPANY_NAME,
    operator_password: str = OPERATOR_PASSWORD,
) -> None:
    """Insert the demo company (Bazy) and operators (Operatorzy, BazZakazy) if missing.

    Ope_Haslo holds syncadmin's own verifier (`conventions.make_password_verifier`), NOT
    Comarch's encoding, which is not public. Every demo operator has the same password.
    """
    access = f"NET:{Path(company_path).resolve()},localhost,NT=0"
    if len(access) > 254:
        raise ValueError("The demo company path is too long for Bazy.Baz_Dostep (254).")
    with conn.transaction():
        if _missing(conn, "Bazy", "Baz_Nazwa", company_name):
            OptimaCompany(conn).insert_row(
                "Bazy",
                {
                    "Baz_Nazwa": company_name,
                    "Baz_Dostep": access,
                    "Baz_Nieaktywna": 0,
                    "Baz_GUID": _guid(),
                },
            )
        else:
            conn.execute(
                f"UPDATE {conn.table('Bazy')} SET Baz_Dostep = ? WHERE Baz_Nazwa = ?",
                (access, company_name),
            )
        baz_id = conn.fetch_value(
            f"SELECT Baz_BazID FROM {conn.table('Bazy')} WHERE Baz_Nazwa = ?", (company_name,)
        )
        erp = OptimaCompany(conn)
        for acronym, full_name, inactive, banned in OPERATORS:
            if _missing(conn, "Operatorzy", "Ope_Kod", acronym):
                ope_id = erp.insert_row(
                    "Operatorzy",
                    {
                        "Ope_Kod": acronym,
                        "Ope_Nazwisko": full_name,
                        "Ope_Nieaktywny": inactive,
                        "Ope_Administrator": 0,
                        "Ope_Kasa": CASH_REGISTERS[0][0],
                        "Ope_Magazyn": WAREHOUSES[0][0],
                        "Ope_Haslo": cv.make_password_verifier(operator_password),
                    },
                    "Ope_OpeID",
                )
                if banned:
                    erp.insert_row("BazZakazy", {"BZa_BazID": baz_id, "BZa_OpeID": ope_id})


def build_configuration_database(conn: ErpConnection, company_path: Path) -> None:
    """Create the configuration tables if missing, then `seed_configuration`. Any dialect."""
    if not _table_exists(conn, "Bazy"):
        create_configuration_schema(conn)
    seed_configuration(conn, company_path)


def build_demo(directory: Path, *, reset: bool = False, driver: str = "SQLite3") -> DemoOptima:
    """Create (or complete) the demo Optima in ``directory`` and describe it.

    Idempotent: an existing demo keeps its documents; missing tables and master data are
    added. ``reset=True`` deletes both files first. Raises `ErpError` if the SQLite3 ODBC
    driver is missing or the files cannot be written.
    """
    directory = Path(directory).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    config_path = directory / CONFIGURATION_FILE
    company_path = directory / COMPANY_FILE
    if reset:
        for path in (config_path, company_path):
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    with connect(sqlite_settings(company_path, driver)) as conn:
        build_company_database(conn)
    with connect(sqlite_settings(config_path, driver)) as conn:
        build_configuration_database(conn, company_path)
    return DemoOptima(
        configuration_path=config_path,
        company_path=company_path,
        company_name=COMPANY_NAME,
        operator_acronym=OPERATOR_ACRONYM,
        operator_password=OPERATOR_PASSWORD,
    )
