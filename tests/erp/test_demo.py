"""The demo Optima: two SQLite files built through the SQLite3 ODBC driver."""

from importer.erp import conventions as cv
from importer.erp.adapter import connect
from importer.erp.demo import build_demo
from importer.erp.optima import OptimaCompany

SAMPLE_CODES = {
    "customers": ["HURT-ABC", "DETAL"],
    "products": ["KAWA-250", "HERBATA-100", "DOSTAWA"],
    "warehouses": ["MAGAZYN"],
    "payment_forms": ["przelew"],
}


def test_demo_company_covers_the_sample_batch(demo_erp):
    assert demo_erp.company_path.exists() and demo_erp.configuration_path.exists()
    with connect(demo_erp.company_settings()) as conn:
        optima = OptimaCompany(conn)
        assert all(optima.customer_by_code(c) for c in SAMPLE_CODES["customers"])
        assert all(not optima.product_by_code(p).inactive for p in SAMPLE_CODES["products"])
        assert optima.warehouse_by_symbol("MAGAZYN").name == "Magazyn główny"
        assert optima.payment_form_by_name("przelew").kind == cv.PAYMENT_TRANSFER
        assert optima.customer_by_code("DETAL").name == "Klient detaliczny"
        for klass in (cv.CLASS_FS, cv.CLASS_PA, cv.CLASS_RO, cv.CLASS_WZ, cv.CLASS_KP):
            assert optima.document_definition(klass) is not None
        assert optima.cash_register().symbol == "KASA"
        # the sample KNT's NIP is new to the demo: importing it creates a customer
        assert optima.customers_by_nip("5260250274") == []


def test_demo_configuration_lists_the_company_and_operators(demo_erp):
    with connect(demo_erp.configuration_settings()) as conn:
        bazy = conn.fetch_all(
            "SELECT Baz_BazID, Baz_Nazwa, Baz_NazwaBazy, Baz_NazwaSerwera, "
            "Baz_Nieaktywna, Baz_GUID FROM Bazy"
        )
        operators = {
            r[0]: r[1:]
            for r in conn.fetch_all(
                "SELECT Ope_Kod, Ope_Nazwisko, Ope_Nieaktywny, Ope_Haslo, Ope_OpeID FROM Operatorzy"
            )
        }
        bans = conn.fetch_all("SELECT BZa_BazID, BZa_OpeID FROM BazZakazy")
    assert len(bazy) == 1
    baz_id, name, database, server, inactive, guid = bazy[0]
    assert (name, database, server, inactive) == (
        "Demo Sp. z o.o.",
        str(demo_erp.company_path),
        "localhost",
        0,
    )
    assert len(guid) == 36
    synchro = operators[demo_erp.operator_acronym]
    assert synchro[:2] == ("Automat synchronizacji", 0)
    assert cv.check_password_verifier(demo_erp.operator_password, synchro[2])
    assert not cv.check_password_verifier("wrong", synchro[2])
    assert operators["ZABLOKOW"][1] == 1
    assert bans == [(baz_id, operators["ZAKAZ"][3])]


def test_build_demo_is_idempotent_and_reset_recreates(demo_erp):
    with connect(demo_erp.company_settings()) as conn, conn.transaction():
        conn.execute("UPDATE Towary SET Twr_Nazwa = ? WHERE Twr_Kod = ?", ("zmieniona", "DOSTAWA"))
    again = build_demo(demo_erp.company_path.parent)
    assert again == demo_erp
    with connect(again.company_settings()) as conn:
        assert conn.fetch_value("SELECT COUNT(*) FROM Towary WHERE Twr_Kod = 'DOSTAWA'") == 1
        assert (
            conn.fetch_value("SELECT Twr_Nazwa FROM Towary WHERE Twr_Kod = 'DOSTAWA'")
            == "zmieniona"
        )
    with connect(again.configuration_settings()) as conn:
        assert conn.fetch_value("SELECT COUNT(*) FROM Operatorzy") == 3
        assert conn.fetch_value("SELECT COUNT(*) FROM BazZakazy") == 1
    build_demo(demo_erp.company_path.parent, reset=True)
    with connect(again.company_settings()) as conn:
        assert (
            conn.fetch_value("SELECT Twr_Nazwa FROM Towary WHERE Twr_Kod = 'DOSTAWA'") == "Dostawa"
        )
