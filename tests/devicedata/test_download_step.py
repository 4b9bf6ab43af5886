"""The "download" step of a run, the command and when the step costs no ERP connection."""

import pytest
from django.core.management import call_command

from devicedata.models import DeviceDataState, MasterRecord
from importer.engine import run_import
from importer.models import RunStatus


def test_a_scheduled_run_refreshes_the_device_data_and_logs_it(demo_company, demo_device):
    run = run_import(demo_company, "schedule")
    assert run.status == RunStatus.SUCCEEDED
    assert MasterRecord.objects.filter(company_database=demo_company, kind="products").count() == 7
    assert run.entries.filter(message__startswith="device data refreshed").exists()
    # due again only after refresh_minutes: the next run does not read the ERP for it
    again = run_import(demo_company, "schedule")
    assert not again.entries.filter(message__contains="device data").exists()


def test_a_company_without_devices_gets_no_download_step(demo_company):
    run = run_import(demo_company, "schedule")
    assert not DeviceDataState.objects.filter(company_database=demo_company).exists()
    assert not run.entries.filter(message__contains="device data").exists()


def test_a_failed_download_is_a_warning_and_leaves_the_run_s_result(
    company_database, device_and_token
):
    # company_database points at an ERP file that is not there (and nothing waits)
    company_database.database = "/nonexistent-dir/optima.sqlite"
    company_database.save()
    run = run_import(company_database, "schedule")
    assert run.status == RunStatus.SUCCEEDED
    warning = run.entries.get(message__startswith="device data refresh failed")
    assert warning.level == 30
    assert DeviceDataState.objects.get(company_database=company_database).failing


def test_the_command_refreshes_and_reports(demo_company, capsys):
    call_command("refresh_device_data", "--database", demo_company.name)
    out = capsys.readouterr().out
    assert out.startswith(f"{demo_company.name}: device data refreshed")
    assert "products 7 (changed 7, removed 0)" in out


def test_the_command_exits_1_when_a_refresh_fails(company_database):
    company_database.database = "/nonexistent-dir/optima.sqlite"
    company_database.save()
    with pytest.raises(SystemExit) as exit_:
        call_command("refresh_device_data", "--all")
    assert exit_.value.code == 1
