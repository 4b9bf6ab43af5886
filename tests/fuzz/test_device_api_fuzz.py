"""The device API fuzzed by schemathesis from its OpenAPI document, against a live server on
127.0.0.1 (its own, started here), with a real device token and a refreshed demo ERP copy.

For every operation, generated requests (valid by the document and invalid ones) must get
no 5xx, a status, content type, headers and body the document allows, and a refused answer
(4xx) must leave syncadmin's database exactly as it was. Bounded: at most
``SYNCADMIN_FUZZ_EXAMPLES`` cases per operation and mode (default 25), and
``SYNCADMIN_FUZZ_SECONDS`` in all (default 120); what ran is printed.
"""

import os
import time

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("SYNCADMIN_FUZZ_EXAMPLES", "25"))
SECONDS = float(os.environ.get("SYNCADMIN_FUZZ_SECONDS", "120"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def erp_dialect():
    """One real ERP is enough here: the demo's SQLite file."""
    return "sqlite"


@pytest.fixture
def loopback_server(transactional_db):
    """A live server of the app bound to 127.0.0.1 only (a free port)."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("127.0.0.1:0")
    assert server.url.startswith("http://127.0.0.1:")
    yield server
    server.stop()


def database_state() -> dict:
    """Everything a device request could change in syncadmin's database, as plain values."""
    from devicedata.models import DeviceActivity, DeviceDataState, MasterRecord
    from importer.models import Device, MobileDocument, RunLogEntry, SyncRun

    return {
        model.__name__: sorted(map(repr, model.objects.values_list()))
        for model in (
            Device,
            MobileDocument,
            SyncRun,
            RunLogEntry,
            MasterRecord,
            DeviceDataState,
            DeviceActivity,
        )
    }


def test_the_device_api_survives_fuzzing_and_conforms(loopback_server, demo_company, capsys):
    from devicedata.openapi import document
    from devicedata.refresh import refresh
    from importer.models import Device

    assert refresh(demo_company).ok
    device = Device(name="REP-FUZZ", company_database=demo_company)
    token = device.issue_token()
    device.save()
    base = f"{loopback_server.url}/api/mobile/v1"
    schema = schemathesis.openapi.from_dict(document(base))
    deadline = time.monotonic() + SECONDS
    counts = {"cases": 0, "refused": 0, "operations": 0}

    def exercise(case):
        if time.monotonic() > deadline:
            return
        refused_before = database_state()
        response = case.call(
            base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
        case.validate_response(response, checks=CHECKS)
        counts["cases"] += 1
        if 400 <= response.status_code < 500:
            counts["refused"] += 1
            assert database_state() == refused_before, (
                f"{case.method} {case.path} → {response.status_code} changed the database"
            )

    for result in schema.get_all_operations():
        operation = result.ok()
        counts["operations"] += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode)

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def run(case):
                exercise(case)

            run()
    with capsys.disabled():
        print(
            f"\nschemathesis: {counts['operations']} operations, {counts['cases']} cases "
            f"({counts['refused']} refused, database unchanged after each) on {base}"
        )
    assert counts["cases"] >= counts["operations"]
