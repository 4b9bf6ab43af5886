"""The operator check against the demo configuration database, read through ODBC (SQLite3)."""

import pytest

from harmonogramy.models import ConfigurationDatabase
from importer.erp.demo import COMPANY_NAME, OPERATOR_PASSWORD
from operators.checks import check_operator
from operators.models import Operator


def op(acronym, password=OPERATOR_PASSWORD):
    return Operator.objects.create(acronym=acronym, password=password)


def test_the_demo_operator_with_its_password_passes(company):
    verdict = check_operator(company.effective_operator(), company)
    assert verdict.ok and verdict.checked and verdict.password_verified
    assert "SYNCHRO" in verdict.reason


def test_an_unknown_operator_fails_naming_it(company):
    verdict = check_operator(op("NIKT"), company)
    assert not verdict.ok
    assert "NIKT" in verdict.reason and "does not exist" in verdict.reason


def test_an_inactive_operator_fails(company):
    verdict = check_operator(op("ZABLOKOW"), company)
    assert not verdict.ok and "ZABLOKOW" in verdict.reason and "inactive" in verdict.reason


def test_an_operator_banned_from_the_company_fails(company):
    verdict = check_operator(op("ZAKAZ"), company)
    assert not verdict.ok and "ZAKAZ" in verdict.reason and "BazZakazy" in verdict.reason


def test_the_ban_is_per_company(company, erp_config):
    erp_config.insert(
        "Bazy",
        {
            "Baz_Nazwa": "Inna",
            "Baz_Dostep": "NET:inna,localhost,NT=0",
            "Baz_Nieaktywna": 0,
            "Baz_GUID": "AAAAAAAA-0000-0000-0000-000000000001",
        },
    )
    company.discovered_guid = "aaaaaaaa-0000-0000-0000-000000000001"  # case does not matter
    verdict = check_operator(op("ZAKAZ"), company)
    assert verdict.ok, verdict.reason


def test_a_wrong_password_fails_without_showing_either_password(company):
    operator = company.effective_operator()
    operator.password = "zle-haslo"
    verdict = check_operator(operator, company)
    assert not verdict.ok and "SYNCHRO" in verdict.reason and "password is wrong" in verdict.reason
    assert "zle-haslo" not in verdict.reason and OPERATOR_PASSWORD not in verdict.reason


def test_an_empty_password_fails_where_the_operator_has_one(company):
    operator = company.effective_operator()
    operator.password = ""
    verdict = check_operator(operator, company)
    assert not verdict.ok and "none is set" in verdict.reason


def test_the_company_is_found_by_name_without_a_guid(company):
    company.discovered_guid = ""
    company.name = COMPANY_NAME
    assert check_operator(company.effective_operator(), company).ok
    company.name = "Nieznana firma"
    verdict = check_operator(company.effective_operator(), company)
    assert not verdict.ok and "CDN.Bazy" in verdict.reason


def test_an_unknown_password_encoding_is_not_verified_and_says_so(company, erp_config):
    # A real Optima's Ope_Haslo (Comarch's encoding is not public) cannot be compared.
    erp_config("UPDATE Operatorzy SET Ope_Haslo = '3A0F9C77E1' WHERE Ope_Kod = 'SYNCHRO'")
    operator = company.effective_operator()
    operator.password = "cokolwiek"
    verdict = check_operator(operator, company)
    assert verdict.ok and not verdict.password_verified
    assert "not verified" in verdict.reason


def test_without_a_configuration_database_sql_server_fails_and_the_demo_is_skipped(company):
    company.configuration = None
    verdict = check_operator(company.effective_operator(), company)
    assert verdict.ok and not verdict.checked and "not checked" in verdict.reason
    company.dialect = "mssql"
    verdict = check_operator(company.effective_operator(), company)
    assert not verdict.ok and "no configuration database" in verdict.reason


def test_an_unreachable_configuration_database_fails_with_a_clear_message(company, tmp_path):
    company.configuration = ConfigurationDatabase.objects.create(
        dialect="sqlite", odbc_driver="SQLite3", database=str(tmp_path / "nie" / "ma.sqlite")
    )
    verdict = check_operator(company.effective_operator(), company)
    assert not verdict.ok and verdict.unreachable
    assert "unreachable" in verdict.reason and "SYNCHRO" in verdict.reason


def test_no_operator_at_all_fails(company):
    verdict = check_operator(None, company)
    assert not verdict.ok and "No Optima operator" in verdict.reason


@pytest.mark.parametrize("acronym", ["synchro", "SYNCHRO"])
def test_the_acronym_is_matched_case_insensitively(company, acronym):
    operator = company.effective_operator()
    operator.acronym = acronym
    assert check_operator(operator, company).ok
