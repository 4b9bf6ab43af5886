"""From an HTTP POST of the device to Optima rows read back through ODBC (SQLite3 driver)."""

import uuid
from decimal import Decimal

import pytest

from importer.engine import run_import
from importer.models import DocumentStatus, MobileDocument, RunLogEntry, RunStatus
from tests.erp_fixtures import fs

pytestmark = pytest.mark.django_db(transaction=True)


def dec(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_sample_batch_lands_in_the_erp_with_the_contract_totals(
    send, demo_company, erp, sample_documents
):
    response = send(sample_documents)
    assert response.status_code == 200, response.content
    assert len(response.json()["accepted"]) == 5

    run = run_import(demo_company, "manual")

    assert run.status == RunStatus.SUCCEEDED, run.first_error
    assert (run.imported_count, run.failed_count, run.waiting_count) == (5, 0, 0)
    assert set(MobileDocument.objects.values_list("status", flat=True)) == {"imported"}

    fs_row = erp(
        "SELECT TrN_NumerPelny, TrN_NumerObcy, TrN_Bufor, TrN_RazemNetto, TrN_RazemVAT, "
        "TrN_RazemBrutto, TrN_OpeZalKod, TrN_TypDokumentu, TrN_Rodzaj, TrN_PodNazwa1, TrN_TrNID "
        "FROM TraNag WHERE TrN_ImportRowId = ?",
        ("7a1d9e02-4b6f-4f3e-8c2d-0e9f8a7b6c51",),
    )[0]
    assert fs_row[0] == "FS/1/11/2026"
    assert fs_row[1] == "FS/12/11/26/REP01"
    assert int(fs_row[2]) == 1
    assert (dec(fs_row[3]), dec(fs_row[4]), dec(fs_row[5])) == (
        Decimal("293.94"),
        Decimal("57.36"),
        Decimal("351.30"),
    )
    assert fs_row[6] == "SYNCHRO"
    assert (int(fs_row[7]), int(fs_row[8])) == (302, 302000)
    assert fs_row[9] == "Sklep Zielony Kąt Sp. z o.o."
    lines = erp(
        "SELECT TrE_Lp, TrE_TwrKod, TrE_Ilosc, TrE_WartoscNetto, TrE_Stawka FROM TraElem "
        "WHERE TrE_TrNId = ? ORDER BY TrE_Lp",
        (fs_row[10],),
    )
    assert [(r[0], r[1], dec(r[3])) for r in lines] == [
        (1, "KAWA-250", Decimal("222.00")),
        (2, "HERBATA-100", Decimal("56.94")),
        (3, "DOSTAWA", Decimal("15.00")),
    ]
    vat = sorted(
        (dec(r[0]), dec(r[1]), dec(r[2]))
        for r in erp(
            "SELECT TrV_Stawka, TrV_Netto, TrV_VAT FROM TraVat WHERE TrV_TrNID = ?", (fs_row[10],)
        )
    )
    assert vat == [
        (Decimal("5.00"), Decimal("56.94"), Decimal("2.85")),
        (Decimal("23.00"), Decimal("237.00"), Decimal("54.51")),
    ]

    pa = erp(
        "SELECT TrN_RazemNetto, TrN_RazemVAT, TrN_RazemBrutto, TrN_PodID FROM TraNag "
        "WHERE TrN_ImportRowId = ?",
        ("e5d4c3b2-a190-4f8e-9d7c-6b5a49382716",),
    )[0]
    assert (dec(pa[0]), dec(pa[1]), dec(pa[2])) == (
        Decimal("52.00"),
        Decimal("9.26"),
        Decimal("61.26"),
    )
    retail = erp("SELECT Knt_Kod FROM Kontrahenci WHERE Knt_KntId = ?", (pa[3],))[0][0]
    assert retail == "DETAL"

    knt = erp(
        "SELECT Knt_Kod, Knt_Nazwa1, Knt_Nip, Knt_Miasto, Knt_KntId FROM Kontrahenci "
        "WHERE Knt_ImportRowId = ?",
        ("3f0c2a4e-8d51-4c7b-9a7e-1b2c3d4e5f60",),
    )[0]
    assert knt[:4] == ("SKLEP-ZIELONY", "Sklep Zielony Kąt Sp. z o.o.", "5260250274", "Łódź")
    kp = erp(
        "SELECT BZp_Kwota, BZp_Kierunek, BZp_PodmiotID, BZp_NumerPelny FROM BnkZapisy "
        "WHERE BZp_ImportRowId = ?",
        ("c2b7f4d8-1e3a-4d5b-a6c7-98e7f6d5c4b3",),
    )[0]
    assert (dec(kp[0]), int(kp[1]), kp[2]) == (Decimal("100.00"), 1, knt[4])
    assert kp[3] == "KP/1/KASA/2026"
    ro = erp(
        "SELECT TrN_NumerPelny, TrN_RazemNetto FROM TraNag WHERE TrN_ImportRowId = ?",
        ("0b9a8c7d-6e5f-4a3b-8c1d-2e3f4a5b6c7d",),
    )[0]
    assert ro[0] == "RO/1/2026"
    assert dec(ro[1]) == Decimal("2083.56")  # 120 × 17.90 × 0.97
    fs_doc = MobileDocument.objects.get(guid="7a1d9e02-4b6f-4f3e-8c2d-0e9f8a7b6c51")
    assert fs_doc.erp_number == "FS/1/11/2026" and fs_doc.imported_at


def test_wz_and_a_second_fs_take_the_next_numbers(send, demo_company, erp):
    docs = [fs("A"), fs("B"), fs("C", type="WZ")]
    docs[2]["type"] = "WZ"
    assert send(docs).status_code == 200
    run = run_import(demo_company, "manual")
    assert run.status == RunStatus.SUCCEEDED, run.first_error
    numbers = [r[0] for r in erp("SELECT TrN_NumerPelny FROM TraNag ORDER BY TrN_TrNID")]
    assert numbers == ["FS/1/11/2026", "FS/2/11/2026", "WZ/1/11/2026"]


def test_number_month_comes_from_the_document_date_in_the_company_zone(send, demo_company, erp):
    # 23:30 UTC on 30 November is 00:30 on 1 December in Warsaw.
    assert send([fs(issued_at="2026-11-30T23:30:00Z")]).status_code == 200
    run_import(demo_company, "manual")
    assert erp("SELECT TrN_NumerPelny FROM TraNag")[0][0] == "FS/1/12/2026"


def test_sending_the_same_batch_twice_imports_it_once(send, demo_company, erp, sample_documents):
    send(sample_documents)
    run_import(demo_company, "manual")
    again = send(sample_documents)
    assert again.status_code == 200 and len(again.json()["duplicates"]) == 5
    second = run_import(demo_company, "manual")
    assert second.imported_count == 0
    assert erp("SELECT COUNT(*) FROM TraNag")[0][0] == 3
    assert erp("SELECT COUNT(*) FROM BnkZapisy")[0][0] == 1


def test_a_crash_after_the_erp_commit_yields_no_duplicate(send, demo_company, erp, monkeypatch):
    docs = [fs("A"), fs("B")]
    send(docs)
    import importer.group

    original = importer.group.mark_imported_many

    def crash(*args, **kwargs):
        raise RuntimeError("worker died after the ERP commit")

    monkeypatch.setattr(importer.group, "mark_imported_many", crash)
    crashed = run_import(demo_company, "manual")
    assert crashed.status == RunStatus.FAILED
    assert erp("SELECT COUNT(*) FROM TraNag")[0][0] == 1  # committed before the crash
    monkeypatch.setattr(importer.group, "mark_imported_many", original)

    healed = run_import(demo_company, "manual")
    assert healed.status == RunStatus.SUCCEEDED, healed.first_error
    assert erp("SELECT COUNT(*) FROM TraNag")[0][0] == 2
    assert sorted(r[0] for r in erp("SELECT TrN_ImportRowId FROM TraNag")) == sorted(
        d["guid"] for d in docs
    )
    assert set(MobileDocument.objects.values_list("status", flat=True)) == {"imported"}


def test_the_first_error_stops_the_run_and_later_documents_stay_received(send, demo_company, erp):
    bad_line = [
        {"product_code": "NIE-MA-TAKIEGO", "quantity": "1", "unit_price": "1.00", "vat_rate": "23"}
    ]
    docs = [fs("OK-1"), fs("ZLY-2", lines=bad_line), fs("OK-3")]
    send(docs)
    run = run_import(demo_company, "manual")
    assert run.status == RunStatus.FAILED
    assert (run.imported_count, run.failed_count, run.waiting_count) == (1, 1, 1)
    assert "ZLY-2" in run.first_error and docs[1]["guid"] in run.first_error
    assert "lines[0].product_code" in run.first_error and "NIE-MA-TAKIEGO" in run.first_error
    statuses = [MobileDocument.objects.get(guid=d["guid"]).status for d in docs]
    assert statuses == [DocumentStatus.IMPORTED, DocumentStatus.FAILED, DocumentStatus.RECEIVED]
    assert erp("SELECT COUNT(*) FROM TraNag")[0][0] == 1
    assert erp("SELECT COUNT(*) FROM TraElem")[0][0] == 1


def test_skip_policy_goes_on_after_a_failing_document(send, demo_company, erp):
    demo_company.error_policy = "skip"
    demo_company.save()
    docs = [fs("OK-1"), fs("ZLY-2", customer={"code": "NIEAKTYWNY"}), fs("OK-3")]
    send(docs)
    run = run_import(demo_company, "manual")
    assert (run.imported_count, run.failed_count, run.waiting_count) == (2, 1, 0)
    failed = MobileDocument.objects.get(guid=docs[1]["guid"])
    assert "inactive" in failed.error and "NIEAKTYWNY" in failed.error


def test_device_totals_that_differ_fail_the_document_and_leave_the_erp_unchanged(
    send, demo_company, erp
):
    send([fs(totals={"net": "20.00", "vat": "4.60", "gross": "24.70"})])
    run = run_import(demo_company, "manual")
    assert run.status == RunStatus.FAILED and "totals" in run.first_error
    assert erp("SELECT COUNT(*) FROM TraNag")[0][0] == 0


@pytest.mark.parametrize(
    "change, field",
    [
        ({"warehouse": "NIEZNANY"}, "warehouse"),
        ({"warehouse": "STARY"}, "warehouse"),
        ({"customer": {"code": "BRAK-KLIENTA"}}, "customer.code"),
        ({"payment": {"form": "barter"}}, "payment.form"),
    ],
)
def test_unknown_master_data_names_the_field_and_value(send, demo_company, erp, change, field):
    send([fs(**change)])
    run = run_import(demo_company, "manual")
    value = next(iter(change.values()))
    value = value if isinstance(value, str) else next(iter(value.values()))
    assert field in run.first_error and value in run.first_error
    assert erp("SELECT COUNT(*) FROM TraNag")[0][0] == 0


def test_a_failed_document_is_tried_again_on_the_next_run(send, demo_company, erp):
    doc = fs(warehouse="NIEZNANY")
    send([doc])
    run_import(demo_company, "manual")
    assert MobileDocument.objects.get(guid=doc["guid"]).status == DocumentStatus.FAILED
    demo_company.error_policy = "skip"
    demo_company.save()
    second = run_import(demo_company, "manual")
    assert second.failed_count == 1  # tried again, still failing
    assert MobileDocument.objects.get(guid=doc["guid"]).attempts == 2


def test_a_knt_with_a_known_nip_is_linked_not_created_twice(send, demo_company, erp):
    knt = {
        "guid": "a3f0c2a4-8d51-4c7b-9a7e-1b2c3d4e5f61",
        "type": "KNT",
        "number": "KNT/9",
        "issued_at": "2026-11-27T08:05:00+01:00",
        "name": "Hurtownia ABC (z telefonu)",
        "nip": "774-000-14-54",
    }
    order = fs("ZAM", customer={"guid": knt["guid"]})
    send([order, knt])  # the customer after the document that needs it
    run = run_import(demo_company, "manual")
    assert run.status == RunStatus.SUCCEEDED, run.first_error
    assert erp("SELECT COUNT(*) FROM Kontrahenci WHERE Knt_Nip = ?", ("7740001454",))[0][0] == 1
    assert MobileDocument.objects.get(guid=knt["guid"]).erp_number == "HURT-ABC"
    pod = erp("SELECT k.Knt_Kod FROM TraNag t JOIN Kontrahenci k ON k.Knt_KntId = t.TrN_PodID")
    assert pod == [("HURT-ABC",)]
    assert run.entries.filter(message__contains="HURT-ABC", document_guid=knt["guid"]).exists()


def test_a_long_customer_name_is_spread_over_the_name_columns(send, demo_company, erp):
    name = "Przedsiębiorstwo Handlowo-Usługowe " * 3 + "Żółw"
    knt = {
        "guid": "b3f0c2a4-8d51-4c7b-9a7e-1b2c3d4e5f62",
        "type": "KNT",
        "number": "K/1",
        "issued_at": "2026-11-27T08:05:00+01:00",
        "name": name.strip(),
    }
    send([knt])
    run_import(demo_company, "manual")
    row = erp(
        "SELECT Knt_Nazwa1, Knt_Nazwa2, Knt_Nazwa3 FROM Kontrahenci WHERE Knt_ImportRowId = ?",
        (knt["guid"],),
    )[0]
    assert "".join(p or "" for p in row) == name.strip()
    assert [len(p or "") <= limit for p, limit in zip(row, (50, 50, 250), strict=True)] == [
        True
    ] * 3


def test_the_longest_name_the_contract_allows_fits_the_three_name_columns(send, demo_company, erp):
    """250 characters without a space (the contract's limit) over Knt_Nazwa1..3 (50, 50
    and 250 in Optima): cut at the column widths, joined back exactly, and copied the same
    way onto the invoice's payer snapshot TrN_PodNazwa1..3."""
    knt = {
        "guid": "c3f0c2a4-8d51-4c7b-9a7e-1b2c3d4e5f63",
        "type": "KNT",
        "number": "K/2",
        "issued_at": "2026-11-27T08:05:00+01:00",
        "name": "Ż" * 250,
    }
    send([knt, fs(customer={"guid": knt["guid"]})])
    run = run_import(demo_company, "manual")
    assert run.status == RunStatus.SUCCEEDED, run.first_error
    row = erp(
        "SELECT Knt_Nazwa1, Knt_Nazwa2, Knt_Nazwa3 FROM Kontrahenci WHERE Knt_ImportRowId = ?",
        (knt["guid"],),
    )[0]
    assert [len(p) for p in row] == [50, 50, 150]
    assert erp("SELECT TrN_PodNazwa1, TrN_PodNazwa2, TrN_PodNazwa3 FROM TraNag") == [row]


def test_documents_are_never_written_confirmed_by_direct_sql(send, demo_company, erp):
    """TrN_Bufor = 0 would skip Optima's side effects: a company database set so (bypassing
    the admin's refusal) fails its run with the reason and writes nothing."""
    demo_company.documents_as_drafts = False
    demo_company.save()
    send([fs()])
    run = run_import(demo_company, "manual")
    assert run.status == RunStatus.FAILED and "TrN_Bufor = 0" in run.first_error
    assert erp("SELECT COUNT(*) FROM TraNag") == [(0,)]


def test_a_run_with_nothing_waiting_opens_no_erp_connection(demo_company, monkeypatch):
    import importer.engine as engine

    monkeypatch.setattr(engine, "connect", lambda *a, **k: pytest.fail("connected to the ERP"))
    run = run_import(demo_company, "manual")
    assert run.status == RunStatus.SUCCEEDED and run.imported_count == 0


def test_a_knt_nip_sent_with_prefix_and_dashes_reaches_the_erp_normalised(send, demo_company, erp):
    knt = {
        "guid": "d3f0c2a4-8d51-4c7b-9a7e-1b2c3d4e5f64",
        "type": "KNT",
        "number": "K/3",
        "issued_at": "2026-11-27T08:05:00+01:00",
        "name": "Nowy Klient",
        "nip": "PL 526-025-02-74",
    }
    send([knt])
    run_import(demo_company, "manual")
    row = erp(
        "SELECT Knt_NipKraj, Knt_Nip FROM Kontrahenci WHERE Knt_ImportRowId = ?", (knt["guid"],)
    )
    assert row == [("PL", "5260250274")]


def test_a_kp_sees_the_invoice_it_settles_written_earlier_in_the_same_group(
    send, demo_company, erp, monkeypatch
):
    # Groups grow 1, 2, 4 …: documents 4 to 7 share one fast transaction, whose headers are
    # kept until the group ends. The KP asks the ERP for its FS in the middle of the group,
    # so the kept rows must be written first.
    invoice = fs("FS/4/REP01")
    kp = {
        "guid": str(uuid.uuid4()),
        "type": "KP",
        "number": "KP/1/REP01",
        "issued_at": "2026-11-27T10:20:00+01:00",
        "customer": {"code": "HURT-ABC"},
        "amount": "24.60",
        "settles": invoice["guid"],
    }
    docs = [fs("FS/1/REP01"), fs("FS/2/REP01"), fs("FS/3/REP01"), invoice, kp, fs("FS/5/REP01")]
    assert send(docs).status_code == 200
    from importer.group import ImportGroup

    redone = []
    rollback = ImportGroup.rollback
    monkeypatch.setattr(
        ImportGroup, "rollback", lambda self: (redone.append(self.careful), rollback(self))
    )
    run = run_import(demo_company, "manual")
    assert run.status == RunStatus.SUCCEEDED, run.first_error
    assert run.imported_count == 6
    assert not redone  # the fast pass did it: no group had to be done again carefully
    settled = RunLogEntry.objects.get(run=run, document_guid=kp["guid"]).message
    assert "FS/4/11/2026" in settled
    # every line points at its own header
    assert (
        erp(
            "SELECT COUNT(*) FROM TraElem e JOIN TraNag n ON n.TrN_TrNID = e.TrE_TrNId "
            "WHERE n.TrN_NumerObcy = 'FS/4/REP01'"
        )[0][0]
        == 1
    )
    ids = {guid: erp_id for guid, erp_id in MobileDocument.objects.values_list("guid", "erp_id")}
    for guid, trn_id in erp("SELECT TrN_ImportRowId, TrN_TrNID FROM TraNag"):
        assert ids[guid] == trn_id


@pytest.mark.parametrize("policy", ["stop", "skip"])
def test_a_document_failing_inside_a_fast_group_leaves_no_stray_writes(
    send, demo_company, erp, policy
):
    # Documents 4 to 7 and 8 to 15 are fast groups; the 5th document fails there, so the
    # group's kept rows must be thrown away with its transaction, never written later.
    demo_company.error_policy = policy
    demo_company.save()
    bad = fs(
        "FS/5/BAD",
        lines=[
            {"product_code": "NO-SUCH", "quantity": "1", "unit_price": "1.00", "vat_rate": "23"}
        ],
    )
    docs = (
        [fs(f"FS/{i}/OK") for i in range(1, 5)] + [bad] + [fs(f"FS/{i}/OK") for i in range(6, 13)]
    )
    assert send(docs).status_code == 200
    run = run_import(demo_company, "manual")
    assert run.failed_count == 1
    expected = 4 if policy == "stop" else 11
    assert run.imported_count == expected
    assert not RunLogEntry.objects.filter(message__contains="already in the ERP").exists()
    assert erp("SELECT COUNT(*) FROM TraNag")[0][0] == expected
    # every header has its line and VAT row
    assert (
        erp(
            "SELECT COUNT(*) FROM TraNag n WHERE NOT EXISTS (SELECT 1 FROM TraElem e "
            "WHERE e.TrE_TrNId = n.TrN_TrNID)"
        )[0][0]
        == 0
    )
    assert (
        erp(
            "SELECT COUNT(*) FROM TraNag n WHERE NOT EXISTS (SELECT 1 FROM TraVat v "
            "WHERE v.TrV_TrNID = n.TrN_TrNID)"
        )[0][0]
        == 0
    )
    numbers = sorted(r[0] for r in erp("SELECT TrN_NumerNr FROM TraNag"))
    assert numbers == list(range(1, expected + 1))  # gap-free
    imported = MobileDocument.objects.filter(status=DocumentStatus.IMPORTED)
    assert imported.count() == expected
    assert not imported.filter(guid=bad["guid"]).exists()


@pytest.mark.parametrize("erp_dialect", ["sqlite"])
def test_the_erp_refusing_a_line_at_a_fast_groups_end_fails_only_that_document(
    send, demo_company, erp_dialect
):
    # A trigger stands in for Optima refusing a row. In the fast pass the refusal comes when
    # the group's rows are written at its end; the group is done again carefully and only
    # the refused document fails, with the ERP's message. (SQLite only: the trigger is SQLite's.)
    from importer.erp.adapter import connect

    with connect(demo_company.erp_settings()) as conn:
        conn.execute(
            "CREATE TRIGGER refuse_x BEFORE INSERT ON TraElem "
            "WHEN (SELECT TrN_NumerObcy FROM TraNag WHERE TrN_TrNID = NEW.TrE_TrNId) = 'FS/X' "
            "BEGIN SELECT RAISE(ABORT, 'Optima: line refused'); END"
        )
    demo_company.error_policy = "skip"
    demo_company.save()
    docs = (
        [fs(f"FS/{i}/OK") for i in range(1, 5)]
        + [fs("FS/X")]
        + [fs(f"FS/{i}/OK") for i in range(6, 9)]
    )
    assert send(docs).status_code == 200
    run = run_import(demo_company, "manual")
    assert (run.imported_count, run.failed_count) == (7, 1), run.first_error
    refused = MobileDocument.objects.get(number="FS/X")
    assert refused.status == DocumentStatus.FAILED and "line refused" in refused.error
    with connect(demo_company.erp_settings()) as conn:
        assert conn.fetch_value("SELECT COUNT(*) FROM TraNag WHERE TrN_NumerObcy = 'FS/X'") == 0
        assert conn.fetch_value("SELECT COUNT(*) FROM TraNag") == 7
        assert conn.fetch_value("SELECT COUNT(*) FROM TraElem") == 7
