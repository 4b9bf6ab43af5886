"""The company database as one fast group's transaction sees it: trade rows written behind.

A fast group (`importer.group.ImportGroup`) writes many documents in one ERP transaction and
rolls all of it back if any document fails. Within it, `WriteBehind` stands in for
`OptimaCompany`:

* trade documents (TraNag with its TraElem and TraVat rows) are **kept** and written together
  at the group's end (`flush`: multi-row INSERTs, `OptimaCompany.insert_trade_documents`);
  a read of TraNag (a KP looking for the invoice it settles, the next number when it is not
  counted yet) writes what is kept first, so it sees the group's own documents;
* numbering locks are taken once per number string and cash report, and the last number and
  report position are counted on instead of read again (Optima's unique indexes refuse a
  clash with a writer that bypasses the lock);
* every other read and write passes straight through to the `OptimaCompany`.

A `WriteBehind` lives exactly as long as its transaction: the group makes a new one when it
begins and drops it when it commits or rolls back, so rows kept for documents that were
rolled back can never be written later.
"""

from __future__ import annotations

from importer.erp.optima import OptimaCompany


class WriteBehind:
    """`OptimaCompany`'s interface for a fast group (see the module docstring).

    ``ids`` collects {TrN_ImportRowId: TrN_TrNID} of every trade document written by `flush`.
    """

    def __init__(self, company: OptimaCompany):
        self.company = company
        self.ids: dict[str, int] = {}
        self._kept: list[tuple[dict, list[dict], list[dict]]] = []
        self._counted: dict[tuple, int] = {}
        self._locked: set[str] = set()

    def __getattr__(self, name: str):
        # Reads and writes this class does not keep go straight to the company database.
        return getattr(self.company, name)

    # --- kept rows -------------------------------------------------------------------------

    def insert_trade_document(self, header: dict, lines: list[dict], vat: list[dict]) -> None:
        """Keep a trade document until `flush` (the dicts themselves: the caller must not
        reuse them). Returns None: its TrN_TrNID is in ``ids`` once written. Raises
        ValueError for a computed column (TrN_NumerPelny), RuntimeError outside a
        transaction."""
        self.company._require_transaction()
        if "TrN_NumerPelny" in header:
            raise ValueError("TrN_NumerPelny is computed by the database; do not write it")
        self._kept.append((header, lines, vat))

    def flush(self) -> dict[str, int]:
        """Write the kept documents now, inside the group's transaction; returns ``ids``.
        Raises `ErpError` if the ERP refuses a row (the group rolls back)."""
        if self._kept:
            kept, self._kept = self._kept, []
            self.ids.update(self.company.insert_trade_documents(kept))
        return self.ids

    # --- reads that must see the kept rows ------------------------------------------------

    def trade_document_by_import_id(self, guid: str):
        self.flush()
        return self.company.trade_document_by_import_id(guid)

    def trade_documents_by_import_ids(self, guids: list[str]):
        self.flush()
        return self.company.trade_documents_by_import_ids(guids)

    # --- locks and counters, once per transaction -------------------------------------------

    def _lock_once(self, resource: str, take) -> None:
        if resource not in self._locked:
            self._locked.add(resource)
            take()

    def lock_numbering(self, table: str, numer_string: str) -> None:
        self._lock_once(
            f"{table}:{numer_string}", lambda: self.company.lock_numbering(table, numer_string)
        )

    def lock_report(self, report_id: int) -> None:
        self._lock_once(f"report:{report_id}", lambda: self.company.lock_report(report_id))

    def _count(self, key: tuple, read) -> int:
        if key in self._counted:
            self._counted[key] += 1
        else:
            self._counted[key] = read()
        return self._counted[key]

    def next_trade_number(self, numer_string: str) -> int:
        """As `OptimaCompany.next_trade_number`, counted on within the transaction."""

        def read():
            self.flush()
            return self.company.next_trade_number(numer_string)

        return self._count(("TraNag", numer_string), read)

    def next_cash_number(self, numer_string: str) -> int:
        return self._count(
            ("BnkZapisy", numer_string), lambda: self.company.next_cash_number(numer_string)
        )

    def next_report_line(self, report_id: int) -> int:
        return self._count(
            ("BnkRaporty", report_id), lambda: self.company.next_report_line(report_id)
        )
