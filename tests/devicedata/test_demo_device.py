"""The demo's simulated device, from an empty data directory on the embedded default: it
downloads products, prices, stock and customers, sends documents built from them, and the
import puts every one of them in the ERP; the admin shows both."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_demo_once_downloads_master_data_and_sends_documents_built_from_it(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "SYNCADMIN_REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["SYNCADMIN_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "manage.py", "demo", "--once"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert (
        "device downloaded master data: products 7, stock 4, customers 2, "
        "payment-forms 3, warehouses 1"
    ) in out
    assert "device sent 2 document(s): accepted 2" in out  # the sale built from the download
    assert "imported 7, failed 0" in out
    # syncadmin's own database holds the copy the device read and the documents it sent
    db = sqlite3.connect(tmp_path / "data" / "syncadmin.sqlite3")
    kinds = dict(db.execute("SELECT kind, COUNT(*) FROM devicedata_masterrecord GROUP BY kind"))
    assert kinds == {"products": 7, "stock": 4, "customers": 2, "payment-forms": 3, "warehouses": 1}
    sale = db.execute(
        "SELECT payload FROM importer_mobiledocument WHERE number = 'FS/1/DEMO/REP01'"
    ).fetchone()[0]
    assert '"customer": {"code": "HURT-ABC"}' in sale and '"form": "przelew"' in sale
    # the downloaded net price of the first product in stock (CIASTKA-200)
    assert '"product_code": "CIASTKA-200"' in sale and '"unit_price": "6.2000"' in sale
