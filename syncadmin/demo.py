"""The embedded demo: a demo Optima, its configuration in syncadmin, a web server and a device.

Used by ``manage.py demo``. Everything lives in ``SYNCADMIN_DATA_DIR`` and works again in a
used directory: the demo Optima, the admin login and the device token are kept, so a second
``demo --once`` never breaks a demo that is running.
"""

import base64
import hashlib
import hmac
import json
import secrets
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib import error, request
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model

DEMO_COMPANY = "Demo Sp. z o.o."
DEMO_CONFIGURATION = "Demo – konfiguracja"
DEMO_DEVICE = "Demo – telefon przedstawiciela REP01"
ADMIN_USERNAME = "admin"
SAMPLE_BATCH = (
    Path(__file__).resolve().parent.parent / "importer" / "demo_data" / "batch-valid.json"
)


@dataclass
class DemoSetup:
    """What `prepare` made: the company database row, its ERP file, logins and token."""

    company: object
    company_path: Path
    admin_password: str  # "" when the admin login already existed (its password is kept)
    device: object
    token: str


def prepare() -> DemoSetup:
    """Build (or reuse) the demo Optima and configure syncadmin for it. Needs a migrated DB."""
    from harmonogramy.models import CompanyDatabase, ConfigurationDatabase, Schedule
    from importer.erp.demo import build_demo
    from importer.models import Device
    from operators.models import Operator

    demo = build_demo(Path(settings.DATA_DIR) / "demo-optima")
    configuration, _ = ConfigurationDatabase.objects.update_or_create(
        name=DEMO_CONFIGURATION,
        defaults={
            "dialect": "sqlite",
            "odbc_driver": "SQLite3",
            "database": str(demo.configuration_path),
        },
    )
    company, _ = CompanyDatabase.objects.update_or_create(
        name=DEMO_COMPANY,
        defaults={
            "configuration": configuration,
            "dialect": "sqlite",
            "odbc_driver": "SQLite3",
            "database": str(demo.company_path),
            "default_warehouse": "MAGAZYN",
            "retail_customer_code": "DETAL",
            "default_cash_register": "KASA",
            "is_active": True,
        },
    )
    schedule, _ = Schedule.objects.get_or_create(
        company_database=company, defaults={"interval_minutes": 1}
    )
    schedule.enabled = True
    schedule.save()
    operator = Operator.objects.filter(acronym=demo.operator_acronym).first()
    if operator is None:
        Operator.objects.filter(is_default=True).update(is_default=False)
        operator = Operator(acronym=demo.operator_acronym, is_default=True)
    operator.password = demo.operator_password
    operator.save()

    admin_password = ""
    if not get_user_model().objects.filter(username=ADMIN_USERNAME).exists():
        admin_password = secrets.token_urlsafe(12)
        get_user_model().objects.create_superuser(ADMIN_USERNAME, "", admin_password)

    device = Device.objects.filter(name=DEMO_DEVICE, company_database=company).first()
    if device is None:
        device = Device(name=DEMO_DEVICE, sales_rep="REP01", company_database=company)
    token = demo_device_token()
    device.token_hash = Device.hash_token(token)
    device.token_hint = token[:6]
    device.is_active = True
    device.save()
    from devicedata.refresh import refresh

    refresh(company)  # the device's first download has data before the first run
    return DemoSetup(company, Path(demo.company_path).resolve(), admin_password, device, token)


def demo_device_token() -> str:
    """The demo device's bearer token: derived from SECRET_KEY, so it is the same on every run
    of the demo (a running demo keeps working when another one starts) and is stored nowhere;
    only its hash is in the database, as for every device."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"syncadmin demo device", hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


class WebServer:
    """The Django app served by a threaded WSGI server on localhost (demo only)."""

    def __init__(self, host: str, port: int):
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
        from django.core.wsgi import get_wsgi_application

        class QuietHandler(WSGIRequestHandler):
            def log_message(self, *args):
                pass

        self.server = ThreadedWSGIServer((host, port), QuietHandler, allow_reuse_address=True)
        self.server.set_app(StaticFilesHandler(get_wsgi_application()))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "WebServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class SimulatedDevice:
    """A device speaking the mobile contract over HTTP: it downloads the master data of its
    company database (``GET /api/mobile/v1/<kind>``, page by page, then only what changed
    since its cursor) and sends documents built from it."""

    KINDS = ("products", "stock", "customers", "payment-forms", "warehouses")

    def __init__(self, base_url: str, token: str):
        self.base = f"{base_url}/api/mobile/v1"
        self.url = f"{self.base}/documents"
        self.token = token
        self.master: dict[str, dict[str, dict]] = {kind: {} for kind in self.KINDS}
        self.cursors: dict[str, str] = {}

    def _get(self, url: str) -> tuple[int, dict]:
        req = request.Request(url, headers={"Authorization": f"Bearer {self.token}"})
        try:
            with request.urlopen(req, timeout=60) as resp:
                return resp.status, json.loads(resp.read())
        except error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")

    def download(self) -> dict[str, int]:
        """Download every kind (first everything, later the changes since the cursor) into
        ``master``; returns {kind: rows held}. Raises RuntimeError on a refused request."""
        for kind in self.KINDS:
            since = self.cursors.get(kind)
            url = f"{self.base}/{kind}" + (f"?since={since}" if since else "")
            while url:
                status, page = self._get(url)
                if status != 200:
                    raise RuntimeError(f"GET {url}: HTTP {status} {page}")
                for row in page["changed"]:
                    self.master[kind][row["id"]] = row
                for removed in page["removed"]:
                    self.master[kind].pop(removed, None)
                self.cursors[kind] = page["cursor"]
                url = page["next"]
        return {kind: len(rows) for kind, rows in self.master.items()}

    def send(self, batch: dict) -> tuple[int, dict]:
        """POST a batch; returns (HTTP status, JSON answer)."""
        body = json.dumps(batch, ensure_ascii=False).encode("utf-8")
        req = request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json; charset=utf-8",
            },
        )
        try:
            with request.urlopen(req, timeout=60) as resp:
                return resp.status, json.loads(resp.read())
        except error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")

    @staticmethod
    def sample_batch() -> dict:
        return json.loads(SAMPLE_BATCH.read_text(encoding="utf-8"))

    def _price(self, product: dict, basis: str) -> str | None:
        for price in product["prices"]:
            if price["basis"] == basis and price["currency"] == "PLN":
                return price["value"]
        return None

    def new_sale(self, n: int) -> dict:
        """A fresh invoice and receipt built from the downloaded master data: the first
        customer with a NIP and its payment form and term, products in stock with their net
        price (invoice) and gross price (receipt), totals computed by the contract.
        Raises RuntimeError when the download holds nothing to sell."""
        from importer.money import compute_amounts

        stock = {}
        for level in self.master["stock"].values():
            stock[level["product_code"]] = stock.get(level["product_code"], Decimal(0)) + Decimal(
                level["available"]
            )
        products = [
            p
            for p in self.master["products"].values()
            if p["vat_rate"]
            and stock.get(p["code"], 0) > 0
            and self._price(p, "net")
            and self._price(p, "gross")
        ]
        customers = [c for c in self.master["customers"].values() if c["nip"]]
        if not products or not customers:
            raise RuntimeError(
                "the downloaded master data has no product in stock with "
                "prices, or no customer with a NIP"
            )
        products.sort(key=lambda p: p["code"])
        customer = sorted(customers, key=lambda c: c["code"])[0]
        now = datetime.now(ZoneInfo("Europe/Warsaw")).replace(microsecond=0)
        fs = {
            "guid": str(uuid.uuid4()),
            "type": "FS",
            "number": f"FS/{n}/DEMO/REP01",
            "issued_at": now.isoformat(),
            "customer": {"code": customer["code"]},
            "lines": [
                {
                    "product_code": p["code"],
                    "quantity": str(n % 7 + 1) if i == 0 else "2.5",
                    "unit": p["unit"],
                    "unit_price": self._price(p, "net"),
                    "vat_rate": p["vat_rate"],
                    **({"discount_percent": "10"} if i else {}),
                }
                for i, p in enumerate(products[:2])
            ],
        }
        if customer["payment"]["form"]:
            days = customer["payment"]["days"]
            fs["payment"] = {
                "form": customer["payment"]["form"],
                "due_date": str((now + timedelta(days=days)).date()),
            }
        first = products[0]
        pa = {
            "guid": str(uuid.uuid4()),
            "type": "PA",
            "number": f"PA/{n}/DEMO/REP01",
            "issued_at": now.isoformat(),
            "lines": [
                {
                    "product_code": first["code"],
                    "quantity": "1",
                    "unit": first["unit"],
                    "unit_price": self._price(first, "gross"),
                    "vat_rate": first["vat_rate"],
                }
            ],
        }
        for doc in (fs, pa):
            amounts = compute_amounts(doc)
            doc["totals"] = {k: str(getattr(amounts, k)) for k in ("net", "vat", "gross")}
        return {"documents": [fs, pa]}


def missing_from_erp(company, guids: list[str]) -> list[str]:
    """The GUIDs (of ``company``'s inbox) that are not in the ERP, asked of the ERP itself.

    A KNT linked to an existing customer (same NIP) counts as in the ERP when that customer
    exists.
    """
    from importer.doctypes import find_in_erp
    from importer.erp.adapter import connect
    from importer.erp.optima import OptimaCompany
    from importer.models import MobileDocument

    documents = {d.guid: d for d in MobileDocument.objects.filter(guid__in=guids)}
    missing = []
    with connect(company.erp_settings()) as conn:
        erp = OptimaCompany(conn)
        for guid in guids:
            doc = documents.get(guid)
            if doc is None:
                missing.append(guid)
                continue
            if find_in_erp(erp, doc.doc_type, guid):
                continue
            if doc.doc_type == "KNT" and doc.erp_id and erp.customer_by_id(doc.erp_id):
                continue
            missing.append(guid)
    return missing
