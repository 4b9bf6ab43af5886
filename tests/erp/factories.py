"""Optima rows for tests: the meaningful columns; `OptimaCompany` fills every other NOT NULL
column with its neutral value."""

from datetime import datetime
from decimal import Decimal

from importer.erp import conventions as cv
from importer.erp.optima import OptimaCompany


def trade_header(
    optima: OptimaCompany,
    *,
    guid=None,
    nr=1,
    numer_string="FS/@numerS/2026",
    ddf_id=None,
    **overrides,
) -> dict:
    """A TraNag row of an FS for HURT-ABC in the demo master data."""
    customer = optima.customer_by_code("HURT-ABC")
    definition = optima.document_definition(cv.CLASS_FS)
    header = {
        "TrN_TypDokumentu": cv.CLASS_FS,
        "TrN_Rodzaj": cv.plain_kind(cv.CLASS_FS),
        "TrN_DDfId": ddf_id or definition.id,
        "TrN_NumerNr": nr,
        "TrN_NumerString": numer_string,
        "TrN_NumerObcy": "FS/1/REP01",
        "TrN_Bufor": cv.DRAFT,
        "TrN_DataDok": datetime(2026, 11, 27),
        "TrN_DataWys": datetime(2026, 11, 27),
        "TrN_DataOpe": datetime(2026, 11, 27),
        "TrN_PodmiotTyp": cv.COUNTERPARTY_CUSTOMER,
        "TrN_PodID": customer.id,
        "TrN_PodNazwa1": customer.name,
        "TrN_RazemNetto": Decimal("37.00"),
        "TrN_RazemVAT": Decimal("8.51"),
        "TrN_RazemBrutto": Decimal("45.51"),
        "TrN_Waluta": cv.SYSTEM_CURRENCY,
        "TrN_OpeZalKod": "SYNCHRO",
        "TrN_TS_Zal": datetime(2026, 11, 27, 10, 15, 0),
        "TrN_ImportRowId": guid,
        "TrN_ImportAppId": cv.IMPORT_APP_ID,
    }
    header.update(overrides)
    return header


def trade_line(optima: OptimaCompany, lp=1, code="KAWA-250", qty="2", price="18.50") -> dict:
    product = optima.product_by_code(code)
    net = (Decimal(qty) * Decimal(price)).quantize(cv.MONEY)
    return {
        "TrE_Lp": lp,
        "TrE_TypDokumentu": cv.CLASS_FS,
        "TrE_TwrId": product.id,
        "TrE_TwrKod": product.code,
        "TrE_TwrNazwa": product.name,
        "TrE_Ilosc": Decimal(qty),
        "TrE_Jm": product.unit,
        "TrE_Cena0": Decimal(price),
        "TrE_CenaT": Decimal(price),
        "TrE_Rabat": Decimal(0),
        "TrE_Stawka": product.vat_rate,
        "TrE_Flaga": product.vat_flag,
        "TrE_WartoscNetto": net,
        "TrE_WartoscBrutto": (net * (1 + product.vat_rate / 100)).quantize(cv.MONEY),
    }


def cash_entry(optima: OptimaCompany, *, guid=None, nr=1, amount="100.00") -> dict:
    definition = optima.document_definition_by_symbol(cv.KP_SYMBOL)
    register = optima.cash_register("KASA")
    report = optima.open_cash_report(register.id, datetime(2026, 11, 27))
    numer_string = "KP/@numerS/KASA/2026"
    return {
        "BZp_BRaID": register.id,
        "BZp_DDfID": definition.id,
        "BZp_NumerNr": nr,
        "BZp_NumerString": numer_string,
        "BZp_BRpID": report.id,
        "BZp_BRpLP": nr,
        "BZp_Kwota": Decimal(amount),
        "BZp_Kierunek": cv.DIRECTION_RECEIVED,
        "BZp_Waluta": cv.SYSTEM_CURRENCY,
        "BZp_Opis": "",
        "BZp_PodmiotTyp": cv.COUNTERPARTY_CUSTOMER,
        "BZp_PodmiotID": optima.customer_by_code("HURT-ABC").id,
        "BZp_DataDok": datetime(2026, 11, 27),
        "BZp_ImportRowId": guid,
        "BZp_OpeZalKod": "SYNCHRO",
        "BZp_TS_Zal": datetime(2026, 11, 27, 10, 20),
    }
