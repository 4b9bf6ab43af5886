"""Reads of Optima's operators in the configuration database (CDN.Operatorzy, CDN.BazZakazy).

Used by the operator check (`operators.checks.check_operator`). Only reads: syncadmin never
writes to the configuration database. Tables (optima-schema.md): ``Operatorzy`` (Ope_OpeID,
Ope_Kod, Ope_Nieaktywny, Ope_Haslo), ``Bazy`` (Baz_BazID, Baz_Nazwa, Baz_GUID,
Baz_Nieaktywna), ``BazZakazy`` (BZa_BazID, BZa_OpeID: the operator may NOT open that company).
"""

from dataclasses import dataclass, field

from importer.erp.adapter import ErpConnection


@dataclass(frozen=True)
class OperatorRow:
    """One ``CDN.Operatorzy`` row. ``password_verifier`` is ``Ope_Haslo`` as stored (Comarch's
    encoding in a real Optima, syncadmin's own verifier in the demo); never shown."""

    id: int
    acronym: str
    inactive: bool
    password_verifier: str = field(default="", repr=False)
    name: str = ""  # Ope_Nazwisko

    @property
    def has_password(self) -> bool:
        return bool(self.password_verifier)


@dataclass(frozen=True)
class CompanyRow:
    """One ``CDN.Bazy`` row: a company known to the configuration database."""

    id: int
    name: str
    guid: str
    inactive: bool


class OptimaOperators:
    """Operator reads on an open connection to a configuration database (any dialect)."""

    def __init__(self, conn: ErpConnection):
        self.conn = conn

    def operator(self, acronym: str) -> OperatorRow | None:
        """The operator whose ``Ope_Kod`` is ``acronym`` (case-insensitive, as Optima's
        default collation), or None. Raises `ErpError` on ODBC failures."""
        row = self.conn.fetch_one(
            "SELECT Ope_OpeID, Ope_Kod, Ope_Nieaktywny, Ope_Haslo, Ope_Nazwisko "
            f"FROM {self.conn.table('Operatorzy')} WHERE UPPER(Ope_Kod) = UPPER(?)",
            (acronym,),
        )
        if row is None:
            return None
        return OperatorRow(
            id=int(row[0]),
            acronym=str(row[1]),
            inactive=bool(int(row[2] or 0)),
            password_verifier=str(row[3] or ""),
            name=str(row[4] or ""),
        )

    def company(self, *, guid: str = "", name: str = "") -> CompanyRow | None:
        """The ``CDN.Bazy`` row of a company: by ``Baz_GUID`` when ``guid`` is given and
        found, else by ``Baz_Nazwa`` (an active row preferred). None when neither matches.

        Bazy is small (one row per company), so it is read whole and matched here: GUIDs are
        compared case-insensitively whatever type the dialect gives the column.
        """
        rows = [
            CompanyRow(
                id=int(r[0]),
                name=str(r[1] or ""),
                guid=str(r[2] or "").strip("{}"),
                inactive=bool(int(r[3] or 0)),
            )
            for r in self.conn.fetch_all(
                "SELECT Baz_BazID, Baz_Nazwa, Baz_GUID, Baz_Nieaktywna "
                f"FROM {self.conn.table('Bazy')} ORDER BY Baz_Nieaktywna, Baz_BazID"
            )
        ]
        wanted = guid.strip().strip("{}").lower()
        if wanted:
            for row in rows:
                if row.guid.lower() == wanted:
                    return row
        for row in rows:
            if name and row.name == name:
                return row
        return None

    def is_banned(self, operator_id: int, company_id: int) -> bool:
        """True if ``CDN.BazZakazy`` bars the operator from the company (``Baz_BazID``)."""
        count = self.conn.fetch_value(
            f"SELECT COUNT(*) FROM {self.conn.table('BazZakazy')} "
            "WHERE BZa_OpeID = ? AND BZa_BazID = ?",
            (int(operator_id), int(company_id)),
        )
        return int(count or 0) > 0
