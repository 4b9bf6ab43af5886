"""Typed reads and writes of the Optima company database subset (optima-schema.md).

All ERP SQL text of the import lives here. Reads select columns by position, so the case
folding of PostgreSQL does not matter; driver-specific types are normalized: money and rates
come back as ``Decimal`` (via ``Decimal(str(v))``, quantized to the column's scale, never
float arithmetic), flags as ``int``/``bool``, text as ``str`` ("" for NULL).
Writes are meant to run inside ``conn.transaction()``.

Rows are complete: every write names the columns of its rule (the mapping's values, checked
against the columns it declared, `declare_writes`) plus every other column a real Optima
requires, with the neutral value of its type (`importer.erp.catalog`). Which columns those
are comes from the target's own catalog once `probe_catalog` has run (the engine runs it
before the first write of a run), else from syncadmin's copy of Optima's shape.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from importer.erp import catalog as target_catalog
from importer.erp import shape
from importer.erp.adapter import ErpConnection, ErpError
from importer.erp.conventions import PERCENT, join_name

#: Kontrahenci columns copied onto a document as the customer's snapshot, by the suffix
#: they share with TrN_Pod*/TrN_Odb* and BZp_* (Nazwa1..3 and the address).
CUSTOMER_SNAPSHOT = (
    "Nazwa1",
    "Nazwa2",
    "Nazwa3",
    "Ulica",
    "NrDomu",
    "NrLokalu",
    "Miasto",
    "KodPocztowy",
    "Poczta",
    "Kraj",
    "Wojewodztwo",
    "Powiat",
    "Gmina",
    "Adres2",
)


@dataclass(frozen=True)
class Customer:
    """Kontrahenci row. ``name`` joins Knt_Nazwa1..3; ``nip`` as stored ("" when none);
    ``snapshot`` {suffix: text} of `CUSTOMER_SNAPSHOT` ("Nazwa1" -> Knt_Nazwa1 ...);
    ``nip_e`` Knt_NipE, ``gln`` Knt_GLN; ``final`` Knt_Finalny, ``vat_payer``
    Knt_PodatekVat (0/1)."""

    id: int
    code: str
    name: str
    nip: str
    nip_country: str
    inactive: bool
    snapshot: dict = field(default_factory=dict, compare=False)
    nip_e: str = ""
    gln: str = ""
    final: int = 0
    vat_payer: int = 0


@dataclass(frozen=True)
class Product:
    """Towary row; ``vat_rate`` Decimal("23.00"), ``vat_flag`` see conventions; ``kind``
    Twr_Typ; ``ean``, ``catalog_number`` (Twr_NumerKat), ``sww``, ``supplier_code``
    (Twr_KodDostawcy) as stored ("" for NULL)."""

    id: int
    code: str
    name: str
    unit: str
    vat_rate: Decimal
    vat_flag: int
    inactive: bool
    kind: int = 1
    ean: str = ""
    catalog_number: str = ""
    sww: str = ""
    supplier_code: str = ""


@dataclass(frozen=True)
class Warehouse:
    id: int
    symbol: str
    name: str
    inactive: bool


@dataclass(frozen=True)
class PaymentForm:
    """FormyPlatnosci row; ``kind`` = FPl_Typ (1 cash, 2 transfer, 3 card), ``days`` = term."""

    id: int
    name: str
    kind: int
    days: int


@dataclass(frozen=True)
class DocumentDefinition:
    """DokDefinicje row; ``template`` = DDf_Numeracja."""

    id: int
    klass: int
    symbol: str
    template: str


@dataclass(frozen=True)
class CashRegister:
    id: int
    symbol: str
    name: str


@dataclass(frozen=True)
class CashReport:
    """An open BnkRaporty row of a register: ``opened`` BRp_DataDok, ``closes`` BRp_DataZam
    (None: open-ended), ``number`` BRp_NumerPelny."""

    id: int
    register_id: int
    opened: object
    closes: object
    number: str


@dataclass(frozen=True)
class ErpDocumentRef:
    """An imported ERP document: its id and full number (TrN_NumerPelny / BZp_NumerPelny)."""

    id: int
    number: str


def _text(value) -> str:
    return "" if value is None else str(value)


def _int(value) -> int:
    return 0 if value is None else int(value)


def _flag(value) -> bool:
    return bool(_int(value))


def _normalize_nip(nip: str) -> str:
    nip = "".join(ch for ch in (nip or "") if ch not in " -").upper()
    return nip.removeprefix("PL")


class OptimaCompany:
    """Reads and writes of one Optima company database over an `ErpConnection`.

    Lookups return None (or []) when nothing matches; database failures raise `ErpError`.

    With ``cache_master_data=True`` (an import run) the small master-data tables are read
    once per instance: products, warehouses, payment forms, definitions and cash registers
    are remembered found or not (syncadmin never writes them), customers by code only when
    found (a KNT document of the same run may create one). Use one instance per run, so a
    change an administrator makes in Optima is seen by the next run.
    """

    _CUSTOMER = (
        "SELECT Knt_KntId, Knt_Kod, Knt_Nazwa1, Knt_Nazwa2, Knt_Nazwa3, Knt_Nip, "
        "Knt_NipKraj, Knt_Nieaktywny, Knt_NipE, Knt_GLN, Knt_Finalny, Knt_PodatekVat, "
        + ", ".join(f"Knt_{suffix}" for suffix in CUSTOMER_SNAPSHOT)
        + " FROM {Kontrahenci}"
    )
    _PRODUCT = (
        "SELECT Twr_TwrId, Twr_Kod, Twr_Nazwa, Twr_JM, Twr_Stawka, Twr_Flaga, "
        "Twr_NieAktywny, Twr_Typ, Twr_EAN, Twr_NumerKat, Twr_SWW, Twr_KodDostawcy "
        "FROM {Towary}"
    )
    _WAREHOUSE = "SELECT Mag_MagId, Mag_Symbol, Mag_Nazwa, Mag_NieAktywny FROM {Magazyny}"
    _PAYMENT = "SELECT FPl_FPlId, FPl_Nazwa, FPl_Typ, FPl_Termin FROM {FormyPlatnosci}"
    _DEFINITION = "SELECT DDf_DDfID, DDf_Klasa, DDf_Symbol, DDf_Numeracja FROM {DokDefinicje}"
    _REGISTER = "SELECT BRa_BRaID, BRa_Symbol, BRa_Nazwa FROM {BnkRachunki}"

    def __init__(
        self,
        conn: ErpConnection,
        *,
        cache_master_data: bool = False,
        writes: dict[str, frozenset] | None = None,
    ):
        self.conn = conn
        self._cache: dict | None = {} if cache_master_data else None
        self._writes: dict[str, frozenset] = dict(writes or {})
        self._filler: dict[str, dict] = {}
        self.catalog: target_catalog.Catalog | None = None

    def insert_trade_documents(
        self, documents: list[tuple[dict, list[dict], list[dict]]]
    ) -> dict[str, int]:
        """INSERT many trade documents at once: ``documents`` is a list of (header, lines,
        VAT rows), each completed (`complete`). The headers go in multi-row INSERTs
        (`ErpConnection.insert_many`), their TrN_TrNID is read back by import key
        (TrN_ImportRowId, one SELECT per 500), then the lines and VAT rows the same way with
        those ids filled in. Must run inside a transaction (RuntimeError otherwise).

        Returns {TrN_ImportRowId: TrN_TrNID}. Raises `ErpError` if the ERP refuses a row.
        """
        self._require_transaction()
        if not documents:
            return {}
        headers = [self.complete("TraNag", header) for header, _l, _v in documents]
        self.conn.insert_many("TraNag", headers)
        ids = self._trade_ids([header["TrN_ImportRowId"] for header in headers])
        if len(ids) != len(headers):
            raise ErpError(
                "TraNag rows just written cannot be read back by TrN_ImportRowId.",
                kind="other",
                transient=False,
            )
        for table, column, position in (("TraElem", "TrE_TrNId", 1), ("TraVat", "TrV_TrNID", 2)):
            rows = []
            for header, document in zip(headers, documents, strict=True):
                trn_id = ids[header["TrN_ImportRowId"]]
                rows += [
                    {**self.complete(table, row), column: trn_id} for row in document[position]
                ]
            self.conn.insert_many(table, rows)
        return ids

    def _trade_ids(self, guids: list[str]) -> dict[str, int]:
        """{TrN_ImportRowId: TrN_TrNID} of those ``guids`` found (one query per 500)."""
        ids = {}
        for start in range(0, len(guids), 500):
            chunk = guids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for guid, trn_id in self.conn.fetch_all(
                self._sql(
                    "SELECT TrN_ImportRowId, TrN_TrNID FROM {TraNag} "
                    f"WHERE TrN_ImportRowId IN ({marks})"
                ),
                chunk,
            ):
                ids[_text(guid)] = int(trn_id)
        return ids

    def _cached(self, key: tuple, read, keep_none: bool = True):
        """``read()``, remembered under ``key`` when caching is on."""
        if self._cache is None:
            return read()
        if key in self._cache:
            return self._cache[key]
        value = read()
        if value is not None or keep_none:
            self._cache[key] = value
        return value

    def _sql(self, text: str) -> str:
        names = (
            "Kontrahenci",
            "Towary",
            "Magazyny",
            "FormyPlatnosci",
            "DokDefinicje",
            "BnkRachunki",
            "BnkRaporty",
            "TraNag",
            "BnkZapisy",
        )
        return text.format(**{n: self.conn.table(n) for n in names})

    def _one(self, sql: str, params=()):
        return self.conn.fetch_one(self.conn.dialect.limit_one(self._sql(sql)), params)

    # --- customers -------------------------------------------------------------------------

    @staticmethod
    def _customer(row) -> Customer | None:
        if row is None:
            return None
        snapshot = {
            suffix: _text(value) for suffix, value in zip(CUSTOMER_SNAPSHOT, row[12:], strict=True)
        }
        return Customer(
            id=int(row[0]),
            code=_text(row[1]),
            name=join_name(row[2], row[3], row[4]),
            nip=_text(row[5]),
            nip_country=_text(row[6]),
            inactive=_flag(row[7]),
            snapshot=snapshot,
            nip_e=_text(row[8]),
            gln=_text(row[9]),
            final=_int(row[10]),
            vat_payer=_int(row[11]),
        )

    def customer_by_code(self, code: str) -> Customer | None:
        """The customer with Knt_Kod = ``code`` (exact), active or not."""
        return self._cached(
            ("customer", code),
            lambda: self._customer(self._one(self._CUSTOMER + " WHERE Knt_Kod = ?", (code,))),
            keep_none=False,
        )

    def customer_by_import_id(self, guid: str) -> Customer | None:
        """The customer a device created (Knt_ImportRowId = ``guid``)."""
        return self._customer(
            self._one(self._CUSTOMER + " WHERE Knt_ImportRowId = ?", (str(guid),))
        )

    def customer_by_id(self, knt_id: int) -> Customer | None:
        return self._customer(self._one(self._CUSTOMER + " WHERE Knt_KntId = ?", (knt_id,)))

    def customers_by_nip(self, nip: str) -> list[Customer]:
        """Customers whose Knt_Nip, without spaces, dashes and a leading "PL", equals the
        normalized ``nip``; ordered by id. An empty NIP never matches (returns [])."""
        nip = _normalize_nip(nip)
        if not nip:
            return []
        stored = "UPPER(REPLACE(REPLACE(Knt_Nip, ' ', ''), '-', ''))"
        sql = self._sql(self._CUSTOMER + f" WHERE {stored} IN (?, ?) ORDER BY Knt_KntId")
        found = (self._customer(r) for r in self.conn.fetch_all(sql, (nip, "PL" + nip)))
        return [customer for customer in found if customer is not None]

    def customer_code_taken(self, code: str) -> bool:
        sql = self._sql("SELECT COUNT(*) FROM {Kontrahenci} WHERE Knt_Kod = ?")
        return _int(self.conn.fetch_value(sql, (code,))) > 0

    # --- products, warehouses, payment forms, definitions, registers ----------------------

    def product_by_code(self, code: str) -> Product | None:
        """The product with Twr_Kod = ``code``, active or not."""
        return self._cached(("product", code), lambda: self._product_by_code(code))

    def _product_by_code(self, code: str) -> Product | None:
        row = self._one(self._PRODUCT + " WHERE Twr_Kod = ?", (code,))
        if row is None:
            return None
        return Product(
            id=int(row[0]),
            code=_text(row[1]),
            name=_text(row[2]),
            unit=_text(row[3]),
            vat_rate=Decimal(str(row[4])).quantize(PERCENT),
            vat_flag=_int(row[5]),
            inactive=_flag(row[6]),
            kind=_int(row[7]),
            ean=_text(row[8]),
            catalog_number=_text(row[9]),
            sww=_text(row[10]),
            supplier_code=_text(row[11]),
        )

    @staticmethod
    def _warehouse(row) -> Warehouse | None:
        if row is None:
            return None
        return Warehouse(
            id=int(row[0]), symbol=_text(row[1]), name=_text(row[2]), inactive=_flag(row[3])
        )

    def warehouse_by_symbol(self, symbol: str) -> Warehouse | None:
        return self._cached(
            ("warehouse", symbol),
            lambda: self._warehouse(
                self._one(self._WAREHOUSE + " WHERE Mag_Symbol = ?", (symbol,))
            ),
        )

    def first_active_warehouse(self) -> Warehouse | None:
        return self._cached(
            ("warehouse",),
            lambda: self._warehouse(
                self._one(self._WAREHOUSE + " WHERE Mag_NieAktywny = 0 ORDER BY Mag_MagId")
            ),
        )

    @staticmethod
    def _payment(row) -> PaymentForm:
        return PaymentForm(id=int(row[0]), name=_text(row[1]), kind=_int(row[2]), days=_int(row[3]))

    def payment_form_by_name(self, name: str) -> PaymentForm | None:
        """Case-insensitive exact name match (str.casefold, so "GOTÓWKA" finds "gotówka");
        the lowest id wins if two match."""
        wanted = (name or "").strip().casefold()
        return self._cached(("payment form", wanted), lambda: self._payment_form_named(wanted))

    def _payment_form_named(self, wanted: str) -> PaymentForm | None:
        rows = self._cached(
            ("payment forms",),
            lambda: self.conn.fetch_all(self._sql(self._PAYMENT + " ORDER BY FPl_FPlId")),
        )
        for row in rows:
            if _text(row[1]).strip().casefold() == wanted:
                return self._payment(row)
        return None

    def default_payment_form(self, kind: int = 1) -> PaymentForm | None:
        """The payment form of FPl_Typ ``kind`` with the lowest id."""
        return self._cached(
            ("payment form of kind", kind),
            lambda: self._payment_or_none(
                self._one(self._PAYMENT + " WHERE FPl_Typ = ? ORDER BY FPl_FPlId", (kind,))
            ),
        )

    def _payment_or_none(self, row) -> PaymentForm | None:
        return self._payment(row) if row else None

    def document_definition(self, klass: int) -> DocumentDefinition | None:
        """The active definition (DDf_Nieaktywna = 0) of class ``klass`` with the lowest id."""
        return self._cached(("definition", klass), lambda: self._document_definition(klass))

    def _document_definition(self, klass: int) -> DocumentDefinition | None:
        return self._definition(
            self._one(
                self._DEFINITION + " WHERE DDf_Klasa = ? AND DDf_Nieaktywna = 0 ORDER BY DDf_DDfID",
                (klass,),
            )
        )

    def document_definition_by_symbol(self, symbol: str) -> DocumentDefinition | None:
        """The active definition whose DDf_Symbol is ``symbol`` ("KP"), lowest id first.
        Optima's cash documents are found this way (FACTS.md, "Cash and bank")."""
        return self._cached(
            ("definition symbol", symbol),
            lambda: self._definition(
                self._one(
                    self._DEFINITION + " WHERE DDf_Symbol = ? AND DDf_Nieaktywna = 0 "
                    "ORDER BY DDf_DDfID",
                    (symbol,),
                )
            ),
        )

    @staticmethod
    def _definition(row) -> DocumentDefinition | None:
        if row is None:
            return None
        return DocumentDefinition(
            id=int(row[0]), klass=_int(row[1]), symbol=_text(row[2]), template=_text(row[3])
        )

    def cash_register(self, symbol: str | None = None) -> CashRegister | None:
        """The register with BRa_Symbol = ``symbol``; with None, the one with the lowest id."""
        return self._cached(("register", symbol), lambda: self._cash_register(symbol))

    def _cash_register(self, symbol: str | None) -> CashRegister | None:
        if symbol is None:
            row = self._one(self._REGISTER + " ORDER BY BRa_BRaID")
        else:
            row = self._one(self._REGISTER + " WHERE BRa_Symbol = ?", (symbol,))
        if row is None:
            return None
        return CashRegister(id=int(row[0]), symbol=_text(row[1]), name=_text(row[2]))

    def open_cash_report(self, register_id: int, day) -> CashReport | None:
        """The open cash report (BnkRaporty, BRp_Zamkniety = 0) of register ``register_id``
        whose period BRp_DataDok..BRp_DataZam covers ``day`` (a midnight ``datetime``; an
        open-ended report has no BRp_DataZam); the latest one if several do."""
        return self._cached(
            ("report", register_id, day),
            lambda: self._open_report(register_id, day),
            keep_none=False,
        )

    def _open_report(self, register_id: int, day) -> CashReport | None:
        row = self._one(
            "SELECT BRp_BRpID, BRp_BRaID, BRp_DataDok, BRp_DataZam, BRp_NumerPelny "
            "FROM {BnkRaporty} WHERE BRp_BRaID = ? AND BRp_Zamkniety = 0 "
            "AND BRp_DataDok <= ? AND (BRp_DataZam IS NULL OR BRp_DataZam >= ?) "
            "ORDER BY BRp_DataDok DESC",
            (register_id, day, day),
        )
        if row is None:
            return None
        return CashReport(
            id=int(row[0]),
            register_id=_int(row[1]),
            opened=row[2],
            closes=row[3],
            number=_text(row[4]),
        )

    def next_report_line(self, report_id: int) -> int:
        """The next BZp_BRpLP (position) in cash report ``report_id``: MAX + 1. Call
        `lock_report` first."""
        sql = self._sql("SELECT MAX(BZp_BRpLP) FROM {BnkZapisy} WHERE BZp_BRpID = ?")
        return _int(self.conn.fetch_value(sql, (report_id,))) + 1

    def lock_report(self, report_id: int) -> None:
        """Serialize positions in cash report ``report_id`` until the transaction ends."""
        self._lock(f"syncadmin:report:{int(report_id)}")

    # --- imported documents ----------------------------------------------------------------

    def trade_document_by_import_id(self, guid: str) -> ErpDocumentRef | None:
        """(TrN_TrNID, TrN_NumerPelny) of the trade document imported with ``guid``."""
        row = self._one(
            "SELECT TrN_TrNID, TrN_NumerPelny FROM {TraNag} WHERE TrN_ImportRowId = ?", (str(guid),)
        )
        return ErpDocumentRef(int(row[0]), _text(row[1])) if row else None

    def trade_documents_by_import_ids(self, guids: list[str]) -> dict[str, ErpDocumentRef]:
        """`trade_document_by_import_id` for many GUIDs at once: {guid: ref} of those found
        (one query per 500 GUIDs)."""
        found = {}
        guids = [str(g) for g in guids]
        for start in range(0, len(guids), 500):
            chunk = guids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self.conn.fetch_all(
                self._sql(
                    "SELECT TrN_ImportRowId, TrN_TrNID, TrN_NumerPelny FROM {TraNag} "
                    f"WHERE TrN_ImportRowId IN ({marks})"
                ),
                chunk,
            )
            for row in rows:
                found[_text(row[0])] = ErpDocumentRef(int(row[1]), _text(row[2]))
        return found

    def cash_entry_by_import_id(self, guid: str) -> ErpDocumentRef | None:
        """(BZp_BZpID, BZp_NumerPelny) of the cash entry imported with ``guid``."""
        row = self._one(
            "SELECT BZp_BZpID, BZp_NumerPelny FROM {BnkZapisy} WHERE BZp_ImportRowId = ?",
            (str(guid),),
        )
        return ErpDocumentRef(int(row[0]), _text(row[1])) if row else None

    # --- numbering (lock, then read, then insert, in one transaction) ---------------------

    def _lock(self, resource: str) -> None:
        self.conn.lock(resource)

    def lock_numbering(self, table: str, numer_string: str) -> None:
        """Serialize numbering of ``numer_string`` in ``table`` ("TraNag" or "BnkZapisy")
        until the transaction ends."""
        self._lock(f"syncadmin:numbering:{table}:{numer_string}")

    def next_trade_number(self, numer_string: str) -> int:
        """MAX(TrN_NumerNr) + 1 over every TraNag row with this TrN_NumerString (annulled
        ones included, so no number is given twice); 1 if none. Optima's unique index
        TrNNumer is (TrN_NumerString, TrN_NumerNr, TrN_Anulowany): a number belongs to the
        number string, whatever the definition or type. Call `lock_numbering` first."""
        sql = self._sql("SELECT MAX(TrN_NumerNr) FROM {TraNag} WHERE TrN_NumerString = ?")
        return _int(self.conn.fetch_value(sql, (numer_string,))) + 1

    def next_cash_number(self, numer_string: str) -> int:
        """MAX(BZp_NumerNr) + 1 for this BZp_NumerString (Optima's unique index BZpNumeracja
        is (BZp_NumerString, BZp_NumerNr)); 1 if none. Call `lock_numbering` first."""
        sql = self._sql("SELECT MAX(BZp_NumerNr) FROM {BnkZapisy} WHERE BZp_NumerString = ?")
        return _int(self.conn.fetch_value(sql, (numer_string,))) + 1

    # --- complete rows ---------------------------------------------------------------------

    def declare_writes(self, writes: dict[str, frozenset]) -> None:
        """The columns each table's rows set by rule ({bare table: column names}); a row
        naming another column is refused (RuntimeError), so the catalog probe sees every
        column syncadmin means to write."""
        self._writes.update(writes)
        self._filler.clear()

    def probe_catalog(self) -> target_catalog.Catalog:
        """Read the target's catalog of every declared table and compare it (see
        `importer.erp.catalog`). Call it before the first write of a run. Returns the
        catalog, whose ``warnings`` name the columns filled with neutral values; raises
        `catalog.CatalogConflict` before anything is written, `ErpError` on ODBC failures."""
        self.catalog = target_catalog.probe(
            self.conn, {table: set(columns) for table, columns in self._writes.items()}
        )
        self._filler.clear()
        return self.catalog

    def filler(self, table: str) -> dict:
        """{column: neutral value} of the required columns of ``table`` that no rule sets:
        from the probed catalog when there is one, else from syncadmin's shape."""
        found = self._filler.get(table)
        if found is None:
            writes = self._writes.get(table, frozenset())
            if self.catalog is not None and table in self.catalog.tables:
                found = self.catalog.tables[table].filler()
            else:
                known = shape.table(table)
                found = {
                    c.name: target_catalog.neutral_value(c.family)
                    for c in known.required
                    if c.name not in writes
                }
            self._filler[table] = found
        return found

    def complete(self, table: str, row: dict) -> dict:
        """``row`` with every other required column of ``table`` set to its neutral value.
        Raises RuntimeError when ``row`` names a column not declared for ``table``."""
        declared = self._writes.get(table)
        if declared is not None and not row.keys() <= declared:
            extra = sorted(set(row) - declared)
            raise RuntimeError(f"CDN.{table}: undeclared columns written: {', '.join(extra)}")
        filler = self.filler(table)
        return {**filler, **row} if filler else row

    # --- writes ----------------------------------------------------------------------------

    def _require_transaction(self) -> None:
        if not self.conn.in_transaction:
            raise RuntimeError("Optima writes must run inside conn.transaction()")

    def insert_customer(self, values: dict) -> int:
        """INSERT a complete Kontrahenci row (keys = column names, see `complete`); returns
        Knt_KntId."""
        self._require_transaction()
        return self._inserted("Kontrahenci", values, "Knt_KntId")

    def insert_trade_document(self, header: dict, lines: list[dict], vat: list[dict]) -> int | None:
        """INSERT a TraNag header, its TraElem lines and TraVat rows (`insert_many`), each
        completed (`complete`); sets TrE_TrNId / TrV_TrNID itself. Returns TrN_TrNID. A
        computed column (TrN_NumerPelny) must not be given (ValueError)."""
        self._require_transaction()
        if "TrN_NumerPelny" in header:
            raise ValueError("TrN_NumerPelny is computed by the database; do not write it")
        header = self.complete("TraNag", header)
        lines = [self.complete("TraElem", line) for line in lines]
        vat = [self.complete("TraVat", row) for row in vat]
        trn_id = self.conn.insert("TraNag", header, "TrN_TrNID")
        self.conn.insert_many("TraElem", [{**line, "TrE_TrNId": trn_id} for line in lines])
        self.conn.insert_many("TraVat", [{**row, "TrV_TrNID": trn_id} for row in vat])
        return trn_id

    def insert_cash_entry(self, values: dict) -> int:
        """INSERT a complete BnkZapisy row (keys = column names; BZp_NumerPelny is computed
        by the database and must not be given: ValueError); returns BZp_BZpID."""
        self._require_transaction()
        if "BZp_NumerPelny" in values:
            raise ValueError("BZp_NumerPelny is computed by the database; do not write it")
        return self._inserted("BnkZapisy", values, "BZp_BZpID")

    def _inserted(self, table: str, values: dict, id_column: str) -> int:
        new_id = self.conn.insert(table, self.complete(table, values), id_column)
        assert new_id is not None  # insert() returns the identity when asked for one
        return new_id

    def insert_row(self, table: str, values: dict, id_column: str | None = None) -> int | None:
        """INSERT one complete row of any table (master data of the demo and the tests)."""
        return self.conn.insert(table, self.complete(table, values), id_column)
