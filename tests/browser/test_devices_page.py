"""Every device in view, in a real browser: the dashboard's devices panel, "Odśwież dane
urządzeń", the devices page with a silent device flagged, and the API description page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from devicedata.models import MasterRecord
from importer.models import Device
from tests.browser.test_admin_journey import PASSWORD, find, find_all, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_administrator_sees_every_device_and_refreshes_their_data(
    browser, screenshot, live_server, demo_company, demo_device, django_user_model
):
    device, _ = demo_device
    silent = Device(name="Telefon REP02", sales_rep="Anna Nowak", company_database=demo_company)
    silent.issue_token()
    silent.save()
    Device.objects.filter(pk=silent.pk).update(created_at=timezone.now() - timedelta(days=3))
    django_user_model.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    base = live_server.url

    browser.get(f"{base}/")
    wait_for(lambda: find_all(browser, "#id_username"), message="the login form")
    find(browser, "#id_username").send_keys("admin")
    find(browser, "#id_password").send_keys(PASSWORD)
    find(browser, "form#login-form").submit()
    panel = wait_for(lambda: find_all(browser, "#devices-panel"), message="the devices panel")[0]
    assert "Urządzenia i ich dane" in panel.text
    assert "nigdy nie odświeżono" in panel.text
    assert "Telefon REP02" in panel.text  # silent: registered 3 days ago, never in contact
    screenshot("devices-01-dashboard-panel")

    find(browser, "button.refresh-device-data").click()
    wait_for(
        lambda: "dane urządzeń odświeżone" in find(browser, "body").text,
        message="the refresh message",
    )
    assert MasterRecord.objects.filter(company_database=demo_company, kind="products").count() == 7
    assert "aktualne" in find(browser, "#devices-panel").text
    screenshot("devices-02-refreshed")

    find(browser, "#devices-panel a[href$='/devices/']").click()
    wait_for(lambda: find_all(browser, "#devices-table"), message="the devices page")
    rows = {r.get_attribute("data-device"): r for r in find_all(browser, "tr.device-row")}
    assert "milczy" in rows[str(silent.pk)].text
    assert "silent" in rows[str(silent.pk)].get_attribute("class")
    assert "w kontakcie" in rows[str(device.pk)].text
    assert find_all(browser, "#silent-note")
    screenshot("devices-03-devices-page")

    browser.get(f"{base}/api/mobile/v1/docs")
    wait_for(lambda: "GET" in find(browser, "body").text, message="the API page")
    text = find(browser, "body").text
    assert "syncadmin device API" in text and "/products" in text and "/documents/{guid}" in text
    screenshot("devices-04-api-docs")
