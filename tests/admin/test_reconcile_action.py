"""The company databases' admin action "Reconcile with the ERP": list, confirm, back in queue."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from importer.engine import run_import
from importer.models import DocumentStatus, MobileDocument
from tests.faults.test_restore_and_reconcile import INVOICE, RECEIPT, _restore_backup_without

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("erp_dialect", ["sqlite"])
def test_the_action_lists_then_puts_back_what_the_erp_lost(
    client_admin, send, demo_company, sample_documents
):
    assert send(sample_documents).status_code == 200
    run_import(demo_company, "manual")
    _restore_backup_without(demo_company, INVOICE, RECEIPT)
    url = reverse("admin:harmonogramy_companydatabase_changelist")
    data = {"action": "reconcile", helpers.ACTION_CHECKBOX_NAME: [demo_company.pk]}

    page = client_admin.post(url, data).content.decode()
    assert INVOICE in page and RECEIPT in page and "Put them back in the queue" in page
    assert not MobileDocument.objects.filter(status=DocumentStatus.RECEIVED).exists()

    response = client_admin.post(url, {**data, "apply": "1"}, follow=True)
    assert "2 documents are back in the queue" in response.content.decode()
    back = MobileDocument.objects.filter(status=DocumentStatus.RECEIVED)
    assert sorted(d.guid for d in back) == sorted([INVOICE, RECEIPT])
