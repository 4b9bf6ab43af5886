"""The SQL path cannot write confirmed documents: the admin refuses it and says why."""

import pytest
from django.urls import reverse

from harmonogramy.models import CompanyDatabase
from tests.admin.helpers import company_form_data

pytestmark = pytest.mark.django_db


def test_setting_confirmed_documents_is_refused_with_the_reason(client_admin, company_database):
    url = reverse("admin:harmonogramy_companydatabase_change", args=[company_database.pk])
    data = company_form_data(company_database)
    data.pop("documents_as_drafts")  # the checkbox unticked

    response = client_admin.post(url, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert "TrN_Bufor = 0" in page and "CDN.BnkZdarzenia" in page
    assert CompanyDatabase.objects.get(pk=company_database.pk).documents_as_drafts is True


def test_the_inactive_nip_option_is_saved(client_admin, company_database):
    url = reverse("admin:harmonogramy_companydatabase_change", args=[company_database.pk])
    response = client_admin.post(
        url, company_form_data(company_database, inactive_nip_match="create")
    )
    assert response.status_code == 302
    assert CompanyDatabase.objects.get(pk=company_database.pk).inactive_nip_match == "create"
