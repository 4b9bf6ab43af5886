"""GET /api/mobile/v1/<kind>: first download, changes since a cursor, paging, ETag and 304,
one company database per device, the last good copy after a failed refresh."""

import pytest

from devicedata.models import DeviceActivity, DeviceDataState
from devicedata.refresh import refresh


def test_a_first_download_returns_everything_and_a_cursor(demo_company, get):
    refresh(demo_company)
    answer = get("products")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["kind"] == "products" and body["removed"] == [] and body["has_more"] is False
    assert body["next"] is None
    assert {p["code"] for p in body["changed"]} >= {"KAWA-250", "HERBATA-100"}
    assert int(body["cursor"]) > 0
    assert answer["X-Data-Stale"] == "false" and answer["X-Data-As-Of"]
    for kind in ("stock", "customers", "payment-forms", "warehouses"):
        assert get(kind).json()["changed"], kind


def test_since_the_cursor_only_changes_and_removed_ids_come(demo_company, get, erp_write):
    refresh(demo_company)
    cursor = get("customers").json()["cursor"]
    again = get(f"customers?since={cursor}").json()
    assert again["changed"] == [] and again["removed"] == [] and again["cursor"] == cursor
    detal_id = next(c["id"] for c in get("customers").json()["changed"] if c["code"] == "DETAL")
    erp_write("UPDATE {cdn}Kontrahenci SET Knt_Nieaktywny = 1 WHERE Knt_Kod = 'DETAL'")
    erp_write("UPDATE {cdn}Kontrahenci SET Knt_Miasto = 'Kraków' WHERE Knt_Kod = 'HURT-ABC'")
    refresh(demo_company)
    changes = get(f"customers?since={cursor}").json()
    assert changes["removed"] == [detal_id]
    assert [(c["code"], c["address"]["city"]) for c in changes["changed"]] == [
        ("HURT-ABC", "Kraków")
    ]
    assert int(changes["cursor"]) > int(cursor)
    # a first download leaves the removed one out and says nothing of it
    first = get("customers").json()
    assert [c["code"] for c in first["changed"]] == ["HURT-ABC"] and first["removed"] == []


def test_pages_follow_the_next_link_to_the_whole_set(demo_company, get):
    refresh(demo_company)
    codes, url, pages = [], "products?limit=3", 0
    while url:
        body = get(url).json()
        pages += 1
        codes += [p["code"] for p in body["changed"]]
        assert len(body["changed"]) <= 3
        url = body["next"].split("/api/mobile/v1/", 1)[1] if body["has_more"] else None
    assert pages == 3 and len(codes) == 7 and len(set(codes)) == 7
    assert get(f"products?since={body['cursor']}").json()["changed"] == []


def test_an_unchanged_set_answers_304_to_its_etag(demo_company, get, erp_write):
    refresh(demo_company)
    first = get("stock")
    etag = first["ETag"]
    assert get("stock", HTTP_IF_NONE_MATCH=etag).status_code == 304
    refresh(demo_company)  # nothing changed in the ERP: still 304
    assert get("stock", HTTP_IF_NONE_MATCH=etag).status_code == 304
    erp_write("UPDATE {cdn}TwrIlosci SET TwI_Ilosc = 99")
    refresh(demo_company)
    changed = get("stock", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert {s["quantity"] for s in changed.json()["changed"]} == {"99.0000"}


def test_a_device_sees_only_its_own_company_database(demo_company, get, company_database):
    from importer.models import Device

    refresh(demo_company)
    other = Device(name="Obcy", company_database=company_database)
    token = other.issue_token()
    other.save()
    from django.test import Client

    answer = Client().get("/api/mobile/v1/products", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200 and answer.json()["changed"] == []
    assert get("products").json()["changed"]


def test_a_failed_refresh_serves_the_last_good_copy_and_says_stale(demo_company, get):
    refresh(demo_company)
    good = get("products").json()["changed"]
    DeviceDataState.objects.filter(company_database=demo_company).update(
        last_error="ERP unreachable"
    )
    answer = get("products")
    assert answer.json()["changed"] == good and answer["X-Data-Stale"] == "true"


@pytest.mark.parametrize(
    "query, field",
    [
        ("since=abc", "since"),
        ("since=-1", "since"),
        ("limit=0", "limit"),
        ("limit=5001", "limit"),
        ("limit=x", "limit"),
    ],
)
def test_a_bad_cursor_or_limit_is_a_400_naming_the_field(
    company_database, device_and_token, client, query, field
):
    _, token = device_and_token
    answer = client.get(f"/api/mobile/v1/products?{query}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == field


def test_no_token_is_401_and_a_deactivated_device_403(device_and_token, client):
    device, token = device_and_token
    assert client.get("/api/mobile/v1/warehouses").status_code == 401
    device.is_active = False
    device.save()
    assert (
        client.get("/api/mobile/v1/warehouses", HTTP_AUTHORIZATION=f"Bearer {token}").status_code
        == 403
    )


def test_a_download_is_the_device_s_contact(demo_company, get, demo_device):
    device, _ = demo_device
    refresh(demo_company)
    get("products")
    activity = DeviceActivity.objects.get(device=device)
    assert activity.last_download_at and activity.last_download_kind == "products"
    device.refresh_from_db()
    assert device.last_seen_at is not None
