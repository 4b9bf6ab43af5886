"""After the ERP is restored from a backup taken before some imports, `manage.py reconcile`
finds the documents marked imported that the ERP no longer holds and, confirmed, puts them
back in the queue; the next run imports them again. Real ODBC on SQLite and PostgreSQL."""

import io

import pytest
from django.core.management import CommandError, call_command

from importer.engine import run_import
from importer.erp.adapter import connect
from importer.models import DocumentStatus, MobileDocument, RunStatus

pytestmark = pytest.mark.django_db(transaction=True)

INVOICE = "7a1d9e02-4b6f-4f3e-8c2d-0e9f8a7b6c51"
RECEIPT = "c2b7f4d8-1e3a-4d5b-a6c7-98e7f6d5c4b3"


def _restore_backup_without(company, trade_guid, cash_guid):
    """What a restore from an older backup leaves: the invoice and the KP gone."""
    with connect(company.erp_settings()) as conn:
        t = conn.table
        with conn.transaction():
            trn = conn.fetch_value(
                f"SELECT TrN_TrNID FROM {t('TraNag')} WHERE TrN_ImportRowId = ?", (trade_guid,)
            )
            conn.execute(f"DELETE FROM {t('TraElem')} WHERE TrE_TrNId = ?", (trn,))
            conn.execute(f"DELETE FROM {t('TraVat')} WHERE TrV_TrNID = ?", (trn,))
            conn.execute(f"DELETE FROM {t('TraNag')} WHERE TrN_TrNID = ?", (trn,))
            conn.execute(f"DELETE FROM {t('BnkZapisy')} WHERE BZp_ImportRowId = ?", (cash_guid,))


def test_reconcile_puts_what_the_restore_lost_back_in_the_queue(
    send, demo_company, erp, sample_documents
):
    assert send(sample_documents).status_code == 200
    assert run_import(demo_company, "manual").status == RunStatus.SUCCEEDED
    _restore_backup_without(demo_company, INVOICE, RECEIPT)

    out = io.StringIO()
    call_command("reconcile", "--database", demo_company.name, "--yes", stdout=out)

    text = out.getvalue()
    assert "2 imported document(s) are not in the ERP" in text
    assert INVOICE in text and RECEIPT in text
    back = MobileDocument.objects.filter(status=DocumentStatus.RECEIVED)
    assert sorted(d.guid for d in back) == sorted([INVOICE, RECEIPT])
    assert MobileDocument.objects.filter(status=DocumentStatus.IMPORTED).count() == 3
    run = run_import(demo_company, "manual")
    assert run.status == RunStatus.SUCCEEDED and run.imported_count == 2, run.first_error
    assert erp("SELECT COUNT(*) FROM TraNag WHERE TrN_ImportRowId = ?", (INVOICE,)) == [(1,)]
    assert erp("SELECT COUNT(*) FROM BnkZapisy WHERE BZp_ImportRowId = ?", (RECEIPT,)) == [(1,)]


def test_nothing_missing_changes_nothing_and_without_a_terminal_it_asks_for_yes(
    send, demo_company, sample_documents
):
    assert send(sample_documents).status_code == 200
    run_import(demo_company, "manual")
    out = io.StringIO()
    call_command("reconcile", "--database", demo_company.name, stdout=out)
    assert "every imported document is in the ERP" in out.getvalue()

    _restore_backup_without(demo_company, INVOICE, RECEIPT)
    with pytest.raises(CommandError, match="--yes"):
        call_command("reconcile", "--database", demo_company.name, stdout=io.StringIO())
    assert not MobileDocument.objects.filter(status=DocumentStatus.RECEIVED).exists()
