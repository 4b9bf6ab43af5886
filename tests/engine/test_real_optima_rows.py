"""Every document type lands in the real-shape replica as rows a real Optima accepts.

Runs on the demo Optima on SQLite and PostgreSQL through ODBC (strict replica: every NOT NULL
column without a recorded default must be written). Also: the catalog probe before the first
write (a NOT NULL column the shape does not know is filled and warned about; a column the
writer needs missing stops the run with nothing written), Optima's numbering per number
string, ``@magazyn``, the KP's open cash report and the operator id from CDN.Operatorzy.
"""

import uuid

import pytest

from importer.engine import run_import
from importer.erp.adapter import connect
from importer.erp.demo import OPERATORS
from importer.models import DocumentStatus, MobileDocument, RunLogEntry, RunStatus
from tests.erp_fixtures import fs

pytestmark = pytest.mark.django_db(transaction=True)

WZ = {
    "type": "WZ",
    "number": "WZ/3/REP01",
    "issued_at": "2026-11-27T15:00:00+01:00",
    "customer": {"code": "HURT-ABC"},
    "warehouse": "MAGAZYN",
    "lines": [
        {"product_code": "CIASTKA-200", "quantity": "4", "unit_price": "6.2500", "vat_rate": "8"}
    ],
}


def _conn(company):
    return connect(company.erp_settings())


def _execute(company, sql):
    with _conn(company) as conn:
        with conn.transaction():
            conn.execute(
                sql.format(schema=f"{conn.dialect.schema}." if conn.dialect.schema else "")
            )


def test_six_document_types_land_complete(send, demo_company, erp, sample_documents):
    documents = sample_documents + [{**WZ, "guid": str(uuid.uuid4())}]
    assert {d["type"] for d in documents} == {"KNT", "FS", "KP", "PA", "RO", "WZ"}
    assert send(documents).status_code == 200

    run = run_import(demo_company, "manual")

    assert run.status == RunStatus.SUCCEEDED, run.first_error
    assert run.imported_count == 6
    for document in MobileDocument.objects.all():
        table, key = {
            "KNT": ("Kontrahenci", "Knt_ImportRowId"),
            "KP": ("BnkZapisy", "BZp_ImportRowId"),
        }.get(document.doc_type, ("TraNag", "TrN_ImportRowId"))
        assert erp(f"SELECT COUNT(*) FROM {table} WHERE {key} = ?", (document.guid,)) == [(1,)]

    # Optima's conventions on the header, the lines and the VAT table
    header = erp(
        "SELECT TrN_TrNID, TrN_Waluta, TrN_KursL, TrN_KursM, TrN_PodNazwa1, "
        "TrN_PodMiasto, TrN_PodKodPocztowy, TrN_OdbNazwa1, TrN_OdbUlica, TrN_DataKur, "
        "TrN_DataDok, TrN_TS_Mod, TrN_OpeModKod, TrN_RazemBruttoWal, TrN_RazemBrutto "
        "FROM TraNag WHERE TrN_ImportRowId = ?",
        ("7a1d9e02-4b6f-4f3e-8c2d-0e9f8a7b6c51",),
    )[0]
    assert header[1] == "" and int(header[2]) == 1 and int(header[3]) == 1
    assert header[4] == "Sklep Zielony Kąt Sp. z o.o." == header[7]
    assert (header[5], header[6], header[8]) == ("Łódź", "90-001", "Polna")
    assert str(header[9])[:10] == str(header[10])[:10] == "2026-11-27"
    assert header[11] is not None and header[12] == "SYNCHRO"
    assert str(header[13]) == str(header[14])
    lines = erp(
        "SELECT TrE_Aktywny, TrE_Waluta, TrE_PodmiotTyp, TrE_PodID, TrE_DataDok, "
        "TrE_JmZ, TrE_Jm FROM TraElem WHERE TrE_TrNId = ?",
        (header[0],),
    )
    knt_id = erp("SELECT Knt_KntId FROM Kontrahenci WHERE Knt_Kod = 'SKLEP-ZIELONY'")[0][0]
    assert lines and all(
        int(r[0]) == 1 and r[1] == "" and int(r[2]) == 1 and r[3] == knt_id and r[5] == r[6]
        for r in lines
    )
    customer = erp(
        "SELECT Knt_Rodzaj_Odbiorca, Knt_NipE, Knt_TS_Mod, Knt_Nazwa2, Knt_Nazwa3 "
        "FROM Kontrahenci WHERE Knt_KntId = ?",
        (knt_id,),
    )[0]
    assert int(customer[0]) == 1 and customer[1] == "5260250274" and customer[2] is not None
    assert customer[3] == "" and customer[4] == ""
    kp = erp(
        "SELECT BZp_BRpID, BZp_BRpLP, BZp_NumerPelny, BZp_Opis, BZp_Waluta, BZp_Nazwa1, "
        "BZp_DDfID FROM BnkZapisy"
    )[0]
    report = erp("SELECT BRp_BRpID FROM BnkRaporty WHERE BRp_Zamkniety = 0")[0][0]
    assert kp[0] == report and int(kp[1]) == 1
    assert kp[2] == "KP/1/KASA/2026" and kp[3].startswith("Zapłata za FS/1/11/2026")
    assert kp[4] == "" and kp[5] == "Sklep Zielony Kąt Sp. z o.o."
    assert erp("SELECT DDf_Symbol FROM DokDefinicje WHERE DDf_DDfID = ?", (kp[6],)) == [("KP",)]


def test_the_operator_id_comes_from_cdn_operatorzy(send, demo_company, erp, tmp_path):
    """With a configuration database the operator's Ope_OpeID and name are written into
    TrN_OpeZalID/TrN_OpeZalNazwisko (the demo's operator SYNCHRO is Ope_OpeID 1)."""
    from harmonogramy.models import ConfigurationDatabase
    from importer.erp.demo import build_demo

    demo = build_demo(tmp_path / "configuration")
    demo_company.configuration = ConfigurationDatabase.objects.create(
        name="Konfiguracja",
        dialect="sqlite",
        odbc_driver="SQLite3",
        database=str(demo.configuration_path),
    )
    demo_company.name = demo.company_name
    demo_company.save()
    assert send([fs()]).status_code == 200

    run = run_import(demo_company, "manual")

    assert run.status == RunStatus.SUCCEEDED, run.first_error
    row = erp("SELECT TrN_OpeZalID, TrN_OpeZalNazwisko, TrN_OpeModID FROM TraNag")[0]
    assert (row[0], row[1], row[2]) == (1, OPERATORS[0][1], 1)


def test_a_new_not_null_column_is_filled_and_named_once(send, demo_company, erp):
    _execute(
        demo_company,
        "ALTER TABLE {schema}TraNag ADD COLUMN TrN_NowaKolumna integer NOT NULL DEFAULT 5",
    )  # has a default: nothing to say
    _execute(demo_company, "ALTER TABLE {schema}TraElem ADD COLUMN TrE_Nowa varchar(10)")
    if demo_company.dialect == "postgresql":
        _execute(demo_company, "ALTER TABLE {schema}TraNag ADD COLUMN TrN_Wymagana integer")
        _execute(
            demo_company, "ALTER TABLE {schema}TraNag ALTER COLUMN TrN_Wymagana SET NOT NULL"
        )  # an empty table takes it
    else:  # SQLite cannot add a NOT NULL column without a default: rebuild the table
        _execute(demo_company, "ALTER TABLE TraNag RENAME TO TraNag_old")
        with _conn(demo_company) as conn:
            create = conn.fetch_value("SELECT sql FROM sqlite_master WHERE name = 'TraNag_old'")
        create = create.replace('"TraNag_old"', "TraNag").replace("TraNag_old", "TraNag")
        create = create.rstrip().rstrip(")") + ", TrN_Wymagana integer NOT NULL)"
        _execute(demo_company, "DROP TABLE TraNag_old")
        _execute(demo_company, create)
    assert send([fs(), fs(number="FS/2/REP01")]).status_code == 200

    run = run_import(demo_company, "manual")

    assert run.status == RunStatus.SUCCEEDED, run.first_error
    assert erp("SELECT TrN_Wymagana, TrN_NowaKolumna FROM TraNag") == [(0, 5), (0, 5)]
    warnings = list(RunLogEntry.objects.filter(run=run, level=30).values_list("message", flat=True))
    named = [w for w in warnings if "trn_wymagana" in w.lower()]
    assert len(named) == 1, warnings
    assert not any("TrN_NowaKolumna" in w or "TrE_Nowa" in w for w in warnings)


def test_a_column_the_writer_needs_missing_stops_the_run_before_any_write(
    send, demo_company, erp, sample_documents
):
    _execute(demo_company, "ALTER TABLE {schema}TraNag DROP COLUMN TrN_PodNazwa2")
    assert send(sample_documents).status_code == 200

    run = run_import(demo_company, "manual")

    assert run.status == RunStatus.FAILED
    assert "TraNag.TrN_PodNazwa2" in run.first_error and "missing" in run.first_error
    assert run.imported_count == 0
    assert erp("SELECT COUNT(*) FROM Kontrahenci WHERE Knt_Kod = 'SKLEP-ZIELONY'") == [(0,)]
    assert erp("SELECT COUNT(*) FROM TraNag") == [(0,)]
    assert set(MobileDocument.objects.values_list("status", flat=True)) == {DocumentStatus.RECEIVED}


def test_a_shorter_text_column_is_a_conflict(send, demo_company, erp):
    if demo_company.dialect != "postgresql":
        pytest.skip("SQLite declares lengths but cannot alter a column's type")
    _execute(demo_company, "ALTER TABLE {schema}TraNag ALTER COLUMN TrN_PodNazwa1 TYPE varchar(40)")
    assert send([fs()]).status_code == 200

    run = run_import(demo_company, "manual")

    assert run.status == RunStatus.FAILED
    assert "TrN_PodNazwa1" in run.first_error and "40" in run.first_error
    assert erp("SELECT COUNT(*) FROM TraNag") == [(0,)]


def test_numbers_are_unique_per_number_string_across_definitions(send, demo_company, erp):
    """Two definitions whose templates give the same number string share one sequence
    (Optima's unique index TrNNumer), and @magazyn puts the warehouse symbol in."""
    _execute(
        demo_company,
        "UPDATE {schema}DokDefinicje SET DDf_Numeracja = "
        "'@symbol/@numerS/@magazyn/@rok_kal' WHERE DDf_Symbol = 'FS'",
    )
    _execute(
        demo_company,
        "UPDATE {schema}DokDefinicje SET DDf_Symbol = 'FS', DDf_Numeracja "
        "= '@symbol/@numerS/@magazyn/@rok_kal' WHERE DDf_Symbol = 'WZ'",
    )
    documents = [fs(), {**WZ, "guid": str(uuid.uuid4())}, fs(number="FS/2/REP01")]
    assert send(documents).status_code == 200

    run = run_import(demo_company, "manual")

    assert run.status == RunStatus.SUCCEEDED, run.first_error
    numbers = sorted(r[0] for r in erp("SELECT TrN_NumerPelny FROM TraNag"))
    assert numbers == ["FS/1/MAGAZYN/2026", "FS/2/MAGAZYN/2026", "FS/3/MAGAZYN/2026"]


def test_a_kp_without_an_open_cash_report_fails_naming_register_and_date(
    send, demo_company, erp, sample_documents
):
    _execute(demo_company, "UPDATE {schema}BnkRaporty SET BRp_Zamkniety = 1")
    knt, invoice, kp = sample_documents[:3]
    assert send([knt, invoice, kp]).status_code == 200

    run = run_import(demo_company, "manual")

    assert run.status == RunStatus.FAILED
    failed = MobileDocument.objects.get(guid=kp["guid"])
    assert failed.status == DocumentStatus.FAILED
    assert "KASA" in failed.error and "2026-11-27" in failed.error
    assert erp("SELECT COUNT(*) FROM BnkZapisy") == [(0,)]


@pytest.mark.parametrize("option, expected", [("refuse", "failed"), ("create", "imported")])
def test_a_nip_of_an_inactive_customer_is_never_linked_silently(
    send, demo_company, erp, option, expected
):
    demo_company.inactive_nip_match = option
    demo_company.save()
    knt = {
        "guid": str(uuid.uuid4()),
        "type": "KNT",
        "number": "KNT/9/REP01",
        "issued_at": "2026-11-27T08:05:00+01:00",
        "name": "Nowa Firma Łódź",
        "nip": "1132191233",
    }  # the NIP of the demo's inactive NIEAKTYWNY
    assert send([knt]).status_code == 200

    run_import(demo_company, "manual")

    document = MobileDocument.objects.get(guid=knt["guid"])
    assert document.status == expected
    if expected == "failed":
        assert "NIEAKTYWNY" in document.error and "inactive" in document.error
        assert erp(
            "SELECT COUNT(*) FROM Kontrahenci WHERE Knt_ImportRowId = ?", (knt["guid"],)
        ) == [(0,)]
    else:
        assert document.erp_number != "NIEAKTYWNY"
        assert erp(
            "SELECT Knt_Nieaktywny FROM Kontrahenci WHERE Knt_ImportRowId = ?", (knt["guid"],)
        ) == [(0,)]
