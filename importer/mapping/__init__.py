"""How one inbox document becomes Optima rows (the ERP mapping).

One module per kind of document: `customer` (KNT → CDN.Kontrahenci), `trade` (FS, PA, RO,
WZ → CDN.TraNag/TraElem/TraVat) and `cash` (KP → CDN.BnkZapisy). Each exposes
``import_document(erp, document, context) -> ImportResult``, which looks up the master data,
builds complete rows and writes them through `importer.erp.optima.OptimaCompany`. The engine
calls it inside one ERP transaction, so a document is written whole or not at all.
"""

from importer.mapping.common import DocumentError, ImportContext, ImportResult


def declared_writes() -> dict[str, frozenset]:
    """{bare table: columns set by rule} over every mapping: what a run may write, for the
    catalog probe (`OptimaCompany.probe_catalog`) before its first write."""
    from importer.mapping import cash, customer, trade

    writes: dict[str, frozenset] = {}
    for module in (customer, trade, cash):
        for table, columns in module.WRITES.items():
            writes[table] = writes.get(table, frozenset()) | columns
    return writes


__all__ = ["DocumentError", "ImportContext", "ImportResult", "declared_writes"]
