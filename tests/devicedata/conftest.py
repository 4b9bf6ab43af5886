"""Fixtures of the device data tests: a GET as the demo device, the ERP written to."""

import pytest


@pytest.fixture
def get(client, demo_device):
    """get(path, **headers) -> response: GET under /api/mobile/v1/ as the demo device."""
    _, token = demo_device

    def _get(path, **headers):
        return client.get(f"/api/mobile/v1/{path}", HTTP_AUTHORIZATION=f"Bearer {token}", **headers)

    return _get


@pytest.fixture
def erp_write(demo_company):
    """write(sql, params=()) -> row count: one statement on the demo ERP, committed."""
    from importer.erp.adapter import connect

    def _write(sql, params=()):
        with connect(demo_company.erp_settings()) as conn:
            with conn.transaction():
                return conn.execute(sql.replace("{cdn}", conn.table("X")[:-1]), params)

    return _write
