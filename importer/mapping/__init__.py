"""How one inbox document becomes Optima rows (the ERP mapping).

One module per kind of document: `customer` (KNT → CDN.Kontrahenci), `trade` (FS, PA, RO,
WZ → CDN.TraNag/TraElem/TraVat) and `cash` (KP → CDN.BnkZapisy). Each exposes
``import_document(erp, document, context) -> ImportResult``, which looks up the master data,
builds complete rows and writes them through `importer.erp.optima.OptimaCompany`. The engine
calls it inside one ERP transaction, so a document is written whole or not at all.
"""

from importer.mapping.common import DocumentError, ImportContext, ImportResult

__all__ = ["DocumentError", "ImportContext", "ImportResult"]
