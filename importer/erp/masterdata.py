"""Reads of the master data a company's mobile devices need (the "download" direction).

What a sales rep's device must know to confirm a document, read from one Optima company
database over an `ErpConnection`:

* products offered to mobile devices (``Towary``: ``Twr_Mobile = 1``, ``Twr_NieAktywny = 0``)
  with their prices per price type (``TwrCeny`` joined with ``DefCeny`` on the price number,
  ``TwC_TwCNumer = DfC_Lp``; inactive price types left out);
* their stock per active warehouse (``TwrIlosci``: the latest row by ``TwI_Data`` of each
  product and warehouse);
* active customers (``Kontrahenci``, ``Knt_Nieaktywny = 0``) with their payment form and term;
* active payment forms (``FormyPlatnosci``) and active warehouses (``Magazyny``).

Every function returns plain dataclasses with Python values: text as ``str`` ("" for NULL),
money, prices and quantities as ``Decimal`` (built with ``Decimal(str(v))``, never float
arithmetic), flags and ids as ``int``. Columns are read by position, so PostgreSQL's case
folding does not matter. Read only: nothing here writes. Database failures raise `ErpError`.
No Django here (the ERP leaf).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from importer.erp.adapter import ErpConnection
from importer.erp.conventions import PERCENT, join_name, vat_code

#: ``DefCeny.DfC_Typ`` / ``TwrCeny.TwC_Typ``: whether a price is net or gross. syncadmin's
#: reading (1 net, 2 gross), the one public integrations use; UNVERIFIED against Comarch's
#: documentation, which does not publish it. Any other value is passed on as "net".
PRICE_GROSS = 2

_QUANTITY = Decimal("0.0001")
_PRICE = Decimal("0.0001")


@dataclass(frozen=True)
class Price:
    """One price of a product: ``number`` the price type (DfC_Lp), ``name`` DfC_Nazwa,
    ``basis`` "net" or "gross", ``value`` Decimal with 4 places (TwC_Wartosc), ``currency``
    TwC_Waluta ("" is the system currency, złoty)."""

    number: int
    name: str
    basis: str
    value: Decimal
    currency: str


@dataclass(frozen=True)
class MobileProduct:
    """A product offered to devices. ``vat_rate`` Decimal("23.00"); ``vat_flag`` Twr_Flaga
    (2 taxed, 1 zw, 4 np); ``vat_code`` the contract's code ("23", "zw", …, "" when the
    flag and rate are not a known combination); ``prices`` in price-type order."""

    id: int
    code: str
    name: str
    unit: str
    ean: str
    vat_rate: Decimal
    vat_flag: int
    vat_code: str
    prices: tuple[Price, ...] = field(default=())


@dataclass(frozen=True)
class Stock:
    """Stock of one product in one warehouse: ``quantity`` TwI_Ilosc and ``reserved``
    TwI_Rezerwacje (Decimal, 4 places); ``available`` = quantity − reserved."""

    product_id: int
    product_code: str
    warehouse_id: int
    warehouse_symbol: str
    quantity: Decimal
    reserved: Decimal

    @property
    def available(self) -> Decimal:
        return self.quantity - self.reserved


@dataclass(frozen=True)
class MobileCustomer:
    """An active customer. ``name`` joins the three parts, ``name_parts`` keeps them
    (Knt_Nazwa1..3); ``payment_form`` the FormyPlatnosci name ("" when none is set),
    ``payment_days`` Knt_Termin (the customer's own term in days)."""

    id: int
    code: str
    name: str
    name_parts: tuple[str, str, str]
    nip: str
    nip_country: str
    street: str
    house_no: str
    flat_no: str
    city: str
    postal_code: str
    post_office: str
    country: str
    email: str
    phone: str
    payment_form: str
    payment_days: int


@dataclass(frozen=True)
class MobilePaymentForm:
    """An active payment form: ``kind`` FPl_Typ (1 cash, 2 transfer, 3 card), ``days`` the
    default term."""

    id: int
    name: str
    kind: int
    days: int


@dataclass(frozen=True)
class MobileWarehouse:
    id: int
    symbol: str
    name: str


def _text(value) -> str:
    return "" if value is None else str(value)


def _int(value) -> int:
    return 0 if value is None else int(value)


def _decimal(value, places: Decimal) -> Decimal:
    return Decimal(str(value if value is not None else 0)).quantize(places)


class MasterDataReader:
    """The master-data reads of one company database (one instance per refresh)."""

    def __init__(self, conn: ErpConnection):
        self.conn = conn

    def _t(self, name: str) -> str:
        return self.conn.table(name)

    def products(self) -> list[MobileProduct]:
        """Products with ``Twr_Mobile = 1`` and ``Twr_NieAktywny = 0``, ordered by id, each
        with its prices (two queries however many products)."""
        rows = self.conn.fetch_all(
            "SELECT Twr_TwrId, Twr_Kod, Twr_Nazwa, Twr_JM, Twr_EAN, Twr_Stawka, Twr_Flaga "
            f"FROM {self._t('Towary')} WHERE Twr_Mobile = 1 AND Twr_NieAktywny = 0 "
            "ORDER BY Twr_TwrId"
        )
        prices = self.prices()
        products = []
        for row in rows:
            rate = _decimal(row[5], PERCENT)
            flag = _int(row[6])
            try:
                code = vat_code(flag, rate)
            except ValueError:
                code = ""
            products.append(
                MobileProduct(
                    id=int(row[0]),
                    code=_text(row[1]),
                    name=_text(row[2]),
                    unit=_text(row[3]),
                    ean=_text(row[4]),
                    vat_rate=rate,
                    vat_flag=flag,
                    vat_code=code,
                    prices=tuple(prices.get(int(row[0]), ())),
                )
            )
        return products

    def prices(self) -> dict[int, list[Price]]:
        """{Twr_TwrId: [Price, …]} of every product, price types in DfC_Lp order; price types
        with ``DfC_Nieaktywna`` set are left out."""
        rows = self.conn.fetch_all(
            "SELECT c.TwC_TwrID, d.DfC_Lp, d.DfC_Nazwa, c.TwC_Typ, c.TwC_Wartosc, c.TwC_Waluta "
            f"FROM {self._t('TwrCeny')} c JOIN {self._t('DefCeny')} d "
            "ON d.DfC_Lp = c.TwC_TwCNumer "
            "WHERE d.DfC_Nieaktywna IS NULL OR d.DfC_Nieaktywna = 0 "
            "ORDER BY c.TwC_TwrID, d.DfC_Lp"
        )
        found: dict[int, list[Price]] = {}
        for twr_id, number, name, kind, value, currency in rows:
            found.setdefault(int(twr_id), []).append(
                Price(
                    number=int(number),
                    name=_text(name),
                    basis="gross" if _int(kind) == PRICE_GROSS else "net",
                    value=_decimal(value, _PRICE),
                    currency=_text(currency),
                )
            )
        return found

    def stock(self) -> list[Stock]:
        """Stock of the mobile products in the active warehouses: per product and warehouse
        the TwrIlosci row with the latest ``TwI_Data`` (a NULL date counts as the oldest);
        ordered by product id, then warehouse id. Rows without a warehouse (totals) are left
        out."""
        rows = self.conn.fetch_all(
            "SELECT i.TwI_TwrId, t.Twr_Kod, i.TwI_MagId, m.Mag_Symbol, i.TwI_Data, "
            "i.TwI_Ilosc, i.TwI_Rezerwacje "
            f"FROM {self._t('TwrIlosci')} i "
            f"JOIN {self._t('Towary')} t ON t.Twr_TwrId = i.TwI_TwrId "
            f"JOIN {self._t('Magazyny')} m ON m.Mag_MagId = i.TwI_MagId "
            "WHERE t.Twr_Mobile = 1 AND t.Twr_NieAktywny = 0 AND m.Mag_NieAktywny = 0"
        )
        latest: dict[tuple[int, int], tuple] = {}
        for row in rows:
            key = (int(row[0]), int(row[2]))
            held = latest.get(key)
            if held is None or _later(row[4], held[4]):
                latest[key] = row
        return [
            Stock(
                product_id=key[0],
                product_code=_text(row[1]),
                warehouse_id=key[1],
                warehouse_symbol=_text(row[3]),
                quantity=_decimal(row[5], _QUANTITY),
                reserved=_decimal(row[6], _QUANTITY),
            )
            for key, row in sorted(latest.items())
        ]

    def customers(self) -> list[MobileCustomer]:
        """Customers with ``Knt_Nieaktywny = 0``, ordered by id, with the name of their
        payment form (``Knt_FplID``)."""
        rows = self.conn.fetch_all(
            "SELECT k.Knt_KntId, k.Knt_Kod, k.Knt_Nazwa1, k.Knt_Nazwa2, k.Knt_Nazwa3, "
            "k.Knt_Nip, k.Knt_NipKraj, k.Knt_Ulica, k.Knt_NrDomu, k.Knt_NrLokalu, "
            "k.Knt_Miasto, k.Knt_KodPocztowy, k.Knt_Poczta, k.Knt_Kraj, k.Knt_Email, "
            "k.Knt_Telefon1, f.FPl_Nazwa, k.Knt_Termin "
            f"FROM {self._t('Kontrahenci')} k "
            f"LEFT JOIN {self._t('FormyPlatnosci')} f ON f.FPl_FPlId = k.Knt_FplID "
            "WHERE k.Knt_Nieaktywny = 0 ORDER BY k.Knt_KntId"
        )
        return [
            MobileCustomer(
                id=int(r[0]),
                code=_text(r[1]),
                name=join_name(r[2], r[3], r[4]),
                name_parts=(_text(r[2]), _text(r[3]), _text(r[4])),
                nip=_text(r[5]),
                nip_country=_text(r[6]),
                street=_text(r[7]),
                house_no=_text(r[8]),
                flat_no=_text(r[9]),
                city=_text(r[10]),
                postal_code=_text(r[11]),
                post_office=_text(r[12]),
                country=_text(r[13]),
                email=_text(r[14]),
                phone=_text(r[15]),
                payment_form=_text(r[16]),
                payment_days=_int(r[17]),
            )
            for r in rows
        ]

    def payment_forms(self) -> list[MobilePaymentForm]:
        """Payment forms with ``FPl_NieAktywny = 0``, ordered by id."""
        rows = self.conn.fetch_all(
            "SELECT FPl_FPlId, FPl_Nazwa, FPl_Typ, FPl_Termin "
            f"FROM {self._t('FormyPlatnosci')} WHERE FPl_NieAktywny = 0 ORDER BY FPl_FPlId"
        )
        return [
            MobilePaymentForm(id=int(r[0]), name=_text(r[1]), kind=_int(r[2]), days=_int(r[3]))
            for r in rows
        ]

    def warehouses(self) -> list[MobileWarehouse]:
        """Warehouses with ``Mag_NieAktywny = 0``, ordered by id."""
        rows = self.conn.fetch_all(
            "SELECT Mag_MagId, Mag_Symbol, Mag_Nazwa "
            f"FROM {self._t('Magazyny')} WHERE Mag_NieAktywny = 0 ORDER BY Mag_MagId"
        )
        return [MobileWarehouse(id=int(r[0]), symbol=_text(r[1]), name=_text(r[2])) for r in rows]


def _later(candidate, held) -> bool:
    """Is TwI_Data ``candidate`` later than ``held``? NULL is the oldest."""
    if candidate is None:
        return False
    if held is None:
        return True
    return candidate > held
