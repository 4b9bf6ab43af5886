"""Intake: documents accepted per second through POST /api/mobile/v1/documents.

gunicorn with 2 workers (a subprocess on a free port, on a throwaway SQLite data directory)
receives batches of 100 FS documents of 5 lines from a few client threads on the same
machine (they compete for its cores). Target: ≥ 1,000 documents/s.

    python bench/bench_intake.py [--batches 100] [--clients 3]
"""

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, percentile, print_figures, print_machine, setup_django


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(data_dir: Path, port: int) -> subprocess.Popen:
    import importlib.util

    if importlib.util.find_spec("gunicorn") is None:
        raise SystemExit(
            "bench_intake needs gunicorn: .venv/bin/pip install -e '.[test]' "
            "(scripts/setup.sh --test does it)."
        )
    env = dict(
        os.environ,
        SYNCADMIN_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="syncadmin.settings",
        LOG_LEVEL="WARNING",
    )
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "syncadmin.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health")
            conn.getresponse().read()
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(server.stderr.read().decode(errors="replace")) from None
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def main(argv=None) -> list:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=100)
    parser.add_argument("--clients", type=int, default=3)
    args = parser.parse_args(argv)
    data_dir = setup_django()
    print_machine()
    from bench.workload import fs_document
    from harmonogramy.models import CompanyDatabase
    from importer.models import Device, MobileDocument

    company = CompanyDatabase.objects.create(
        name="Intake",
        dialect="sqlite",
        odbc_driver="SQLite3",
        database=str(data_dir / "none.sqlite"),
    )
    device = Device(name="BENCH", company_database=company)
    token = device.issue_token()
    device.save()
    counter = iter(range(10**9))
    bodies = [
        json.dumps({"documents": [fs_document(next(counter)) for _ in range(100)]}).encode()
        for _ in range(args.batches)
    ]
    port = free_port()
    server = start_gunicorn(data_dir, port)
    latencies, errors, lock = [], [], threading.Lock()
    queue = list(bodies)

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        while True:
            with lock:
                if not queue:
                    return
                body = queue.pop()
            started = time.perf_counter()
            conn.request("POST", "/api/mobile/v1/documents", body, headers)
            response = conn.getresponse()
            payload = response.read()
            with lock:
                latencies.append(time.perf_counter() - started)
                if response.status != 200:
                    errors.append((response.status, payload[:200]))

    try:
        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(30)
    stored = MobileDocument.objects.count()
    accepted = 100 * (args.batches - len(errors))
    if errors:
        print(f"intake: {len(errors)} batches refused, e.g. {errors[0]}")
    rate = accepted / elapsed if elapsed else 0.0
    print(
        f"intake: {accepted} documents in {args.batches} batches of 100 in {elapsed:.2f} s "
        f"with {args.clients} clients; {stored} in the inbox"
    )
    figures = [
        ("intake_documents_per_second", rate, "documents/s"),
        ("intake_batch_p50", percentile(latencies, 50) * 1000, "ms"),
        ("intake_batch_p95", percentile(latencies, 95) * 1000, "ms"),
    ]
    print_figures(figures)
    return figures


if __name__ == "__main__":
    main()
