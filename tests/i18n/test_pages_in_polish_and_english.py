"""The admin speaks Polish by default (no Accept-Language) and English on request.

tests/settings.py makes the rest of the suite run in English; here ``polish_default`` puts
back the product's own default from syncadmin.settings, and the compiled catalogs in
locale/ are the ones the product ships.
"""

import pytest
from django.test import Client
from django.urls import reverse

import syncadmin.settings as product_settings
from harmonogramy.models import CompanyDatabase, Schedule
from importer.models import Device, MobileDocument, SyncRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def polish_default(settings):
    assert product_settings.LANGUAGE_CODE == "pl"
    settings.LANGUAGE_CODE = product_settings.LANGUAGE_CODE


@pytest.fixture
def company(db):
    company = CompanyDatabase.objects.create(
        name="Hurtownia Łódź",
        dialect="sqlite",
        odbc_driver="SQLite3",
        database="/nonexistent/hurtownia.db",
    )
    Schedule.objects.create(company_database=company, interval_minutes=15)
    return company


def _admin(django_user_model, language=None) -> Client:
    user = django_user_model.objects.create_superuser("root", "root@example.com", "x-Pass-987")
    client = Client(headers={"accept-language": language} if language else {})
    client.force_login(user)
    return client


def test_the_dashboard_is_polish_without_a_header(polish_default, company, django_user_model):
    html = _admin(django_user_model).get("/").content.decode()
    assert '<html lang="pl"' in html
    assert "syncadmin – automat synchronizacji dla Comarch ERP Optima" in html
    assert "Bazy firmowe" in html and "Synchronizuj teraz" in html
    assert "Następne uruchomienie" in html and "Wszystkie uruchomienia (Raportowanie)" in html
    assert "co 15 min, codziennie, całą dobę" in html
    assert "Zadania zaplanowane" in html  # django-q2's model names, from our catalog
    assert "Django" not in html.split("<body")[1].split('id="content"')[0]  # no Django title


def test_the_dashboard_is_english_on_request(polish_default, company, django_user_model):
    html = _admin(django_user_model, "en").get("/").content.decode()
    assert '<html lang="en"' in html
    assert "syncadmin — sync service for Comarch ERP Optima" in html
    assert "Company databases" in html and "Synchronize now" in html
    assert "every 15 min, every day, all day" in html
    assert "Synchronizuj teraz" not in html


def test_accept_language_pl_wins_over_an_english_default(company, django_user_model):
    html = _admin(django_user_model, "pl-PL,pl;q=0.9,en;q=0.5").get("/").content.decode()
    assert '<html lang="pl"' in html and "Synchronizuj teraz" in html


def test_the_company_database_page(polish_default, company, django_user_model):
    url = reverse("admin:harmonogramy_companydatabase_change", args=[company.pk])
    html = _admin(django_user_model).get(url).content.decode()
    for text in (
        "Zmień baza firmowa",
        "Połączenie",
        "Ustawienia importu",
        "Magazyn domyślny",
        "Kontrahent detaliczny",
        "Importuj do bufora",
        "Dzienne pliki logu",
        "Najbliższe uruchomienia (strefa czasowa firmy)",
        "Harmonogram słownie",
    ):
        assert text in html, text
    html = _admin_en(url)
    assert "Daily log files" in html and "Default warehouse" in html


def _admin_en(url) -> str:
    client = Client(headers={"accept-language": "en"})
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="root"))
    return client.get(url).content.decode()


def test_the_sent_documents_list(polish_default, company, django_user_model):
    device = Device(name="Telefon REP01", company_database=company)
    device.issue_token()
    device.save()
    MobileDocument.objects.create(
        guid="7a1d9e02-4b6f-4f3e-8c2d-0e9f8a7b6c51",
        device=device,
        company_database=company,
        doc_type="FS",
        number="FS/1/REP01",
        issued_at="2026-11-27T10:15:00+01:00",
        payload={},
    )
    url = reverse("admin:importer_mobiledocument_changelist")
    html = _admin(django_user_model).get(url).content.decode()
    assert "Dokumenty wysłane" in html and "Faktura sprzedaży (FS)" in html
    assert "Wybierz dokument wysłany do obejrzenia" in html
    assert "Przywróć do odebranych" in html and "zignorowany" in html
    html = _admin_en(url)
    assert "Sent documents" in html and "Sales invoice (FS)" in html


def test_api_errors_follow_accept_language(polish_default, device_and_token, client):
    _, token = device_and_token

    def post(**headers):
        return client.post(
            "/api/mobile/v1/documents",
            data='{"documents": "x"}',
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            **headers,
        )

    polish = post()  # no Accept-Language: the default
    assert polish.status_code == 400
    assert "Pole documents jest wymagane i musi być listą dokumentów." in str(polish.json())
    english = post(HTTP_ACCEPT_LANGUAGE="en")
    assert "documents is required and must be a list of documents." in str(english.json())
    unknown = client.get("/api/mobile/v1/documents", HTTP_AUTHORIZATION="Bearer nope")
    assert unknown.status_code in (401, 405)
    assert "Nieznany token." in str(unknown.json()) or "Metoda GET" in str(unknown.json())


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("erp_dialect", ["sqlite"])
def test_a_run_logs_in_polish_by_default(
    polish_default, send, demo_company, sample_documents, django_user_model
):
    from django.utils import translation

    from importer.engine import run_import

    assert send(sample_documents).status_code == 200
    translation.deactivate()  # like a worker: no request, the default language
    run = run_import(demo_company, "manual")
    assert run.status == "succeeded", run.first_error
    messages = list(run.entries.values_list("message", flat=True))
    assert messages[0] == (
        "rozpoczęto synchronizację – ręcznie (przycisk); dokumenty do zaimportowania: 5 "
        "(odebrane albo wcześniej błędne, próbowane ponownie)"
    )
    assert any(m.endswith("zaimportowano jako FS/1/11/2026") for m in messages)
    assert messages[-1].startswith("zakończono synchronizację: udane, zaimportowane: 5")

    url = reverse("admin:importer_syncrun_change", args=[run.pk])
    html = _admin(django_user_model).get(url).content.decode()
    assert "Wpisy logu tego uruchomienia" in html and "sposób uruchomienia" in html.lower()
    assert "zaimportowano jako FS/1/11/2026" in html
    assert "Log entries of this run" in _admin_en(url)


def test_a_failed_run_reads_in_polish(polish_default, company):
    from django.utils import translation

    from importer.engine import run_import
    from tests.admin.helpers import make_document

    device = Device(name="Telefon REP01", company_database=company)
    device.issue_token()
    device.save()
    make_document(device, "received", "FS/1/REP01")
    translation.deactivate()
    run = run_import(company, "schedule")
    assert run.status == "failed"
    assert (
        run.first_error == "nie skonfigurowano operatora Optimy: ustaw operatora domyślnego "
        "lub operatora bazy firmowej"
    ), run.first_error
    assert SyncRun.objects.get(pk=run.pk).get_status_display() == "błąd"
