"""The document types of the contract, in one table: adding a type is one entry here.

Each `DocType` says what the contract calls it, how it is checked at intake (``contract``:
which rule set of `importer.contract.documents`), which Optima class it has
(``TrN_TypDokumentu``/``DDf_Klasa``, None where Optima's row is not a trade document), where
its ERP row lives and by which import key it is found again (`find_in_erp`), which mapping
module writes it (``import_document(erp, document, context)``), and whether a KP may settle it.
Sources: the mobile contract ("Fields of every document") and Optima's conventions
(`importer.erp.conventions`).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from importer.erp import conventions as cv


@dataclass(frozen=True)
class DocType:
    """One document type. ``table``/``import_key``: the ERP row and its GUID column;
    ``contract``: "trade", "kp" or "knt"; ``mapping``: the module under
    ``importer.mapping`` that writes it."""

    code: str
    label: object
    erp_class: int | None
    table: str
    import_key: str
    contract: str
    mapping: str
    settleable: bool = False

    @property
    def is_trade(self) -> bool:
        """Written to CDN.TraNag (a header with lines and a VAT table)."""
        return self.table == "TraNag"

    def import_document(self, erp, document, context):
        """Write ``document`` through its mapping (see `importer.mapping`)."""
        module = importlib.import_module(f"importer.mapping.{self.mapping}")
        return module.import_document(erp, document, context)


REGISTRY: dict[str, DocType] = {
    t.code: t
    for t in (
        DocType(
            "FS",
            _("Sales invoice (FS)"),
            cv.CLASS_FS,
            "TraNag",
            "TrN_ImportRowId",
            "trade",
            "trade",
            settleable=True,
        ),
        DocType(
            "PA",
            _("Receipt (PA)"),
            cv.CLASS_PA,
            "TraNag",
            "TrN_ImportRowId",
            "trade",
            "trade",
            settleable=True,
        ),
        DocType(
            "RO",
            _("Customer order (RO)"),
            cv.CLASS_RO,
            "TraNag",
            "TrN_ImportRowId",
            "trade",
            "trade",
        ),
        DocType(
            "WZ", _("Goods issue (WZ)"), cv.CLASS_WZ, "TraNag", "TrN_ImportRowId", "trade", "trade"
        ),
        DocType(
            "KP", _("Cash received (KP)"), cv.CLASS_KP, "BnkZapisy", "BZp_ImportRowId", "kp", "cash"
        ),
        DocType(
            "KNT",
            _("New customer (KNT)"),
            None,
            "Kontrahenci",
            "Knt_ImportRowId",
            "knt",
            "customer",
        ),
    )
}

DOCUMENT_TYPES: tuple[str, ...] = tuple(REGISTRY)
TRADE_TYPES: tuple[str, ...] = tuple(c for c, t in REGISTRY.items() if t.is_trade)
SETTLEABLE: frozenset[str] = frozenset(c for c, t in REGISTRY.items() if t.settleable)
#: Contract type -> Optima class of the trade documents (TrN_TypDokumentu, DDf_Klasa).
TRADE_CLASSES: dict[str, int] = {
    c: t.erp_class for c, t in REGISTRY.items() if t.is_trade and t.erp_class is not None
}


def get(code: str) -> DocType:
    """The `DocType` of a contract type ("FS"). KeyError for an unknown one."""
    return REGISTRY[code]


def find_in_erp(erp, doc_type: str, guid: str):
    """The ERP row that carries ``guid`` as its import key (``*_ImportRowId``), if any, as
    an `ImportResult` (the ERP number, a customer's code for a KNT, and the row id).

    ``erp`` is an `OptimaCompany` (or a group's view of it).
    """
    from importer.mapping import ImportResult

    table = REGISTRY[doc_type].table
    if table == "Kontrahenci":
        found = erp.customer_by_import_id(guid)
        return ImportResult(found.code, found.id) if found else None
    if table == "BnkZapisy":
        ref = erp.cash_entry_by_import_id(guid)
    else:
        ref = erp.trade_document_by_import_id(guid)
    return ImportResult(ref.number, ref.id) if ref else None
