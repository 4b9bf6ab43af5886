"""An ERP that cannot be reached or refuses us: each run ends failed with a readable error in
``SyncRun.first_error`` and the run log, and nothing changes (documents stay waiting, not
even an attempt is counted). PostgreSQL through psqlODBC stands in for SQL Server.
"""

import socket
import uuid

import pytest
from django.utils import translation

from importer.engine import run_import
from importer.erp.adapter import classify, connect
from importer.models import DocumentStatus, LogLevel, MobileDocument, RunStatus
from tests.erp_fixtures import fs

ON_POSTGRESQL = pytest.mark.parametrize("erp_dialect", ["postgresql"])


@pytest.fixture(autouse=True)
def _english():
    """The run's messages in English (the source text), whatever catalog is compiled."""
    with translation.override("en"):
        yield


def _closed_port() -> int:
    with socket.socket() as probe:  # a port nobody listens on (just released by the OS)
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _assert_failed_and_nothing_changed(company, docs, *fragments):
    run = run_import(company, "manual")
    assert run.status == RunStatus.FAILED
    assert run.first_error.startswith("ERP error on"), run.first_error
    for fragment in fragments:
        assert fragment.lower() in run.first_error.lower(), run.first_error
    logged = run.entries.filter(level=LogLevel.ERROR).values_list("message", flat=True)
    assert run.first_error in list(logged)
    assert (run.imported_count, run.failed_count, run.waiting_count) == (0, 0, len(docs))
    rows = MobileDocument.objects.filter(guid__in=[d["guid"] for d in docs])
    assert {(r.status, r.attempts) for r in rows} == {(DocumentStatus.RECEIVED, 0)}
    return run


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
@pytest.mark.parametrize(
    "change, fragments",
    [
        ({"server": "no-such-host.invalid"}, ["no-such-host.invalid", "could not translate"]),
        ({"server": "127.0.0.1", "port": "closed"}, ["127.0.0.1", "refused"]),
        (
            {"database": "syncadmin_no_such_database"},
            ["syncadmin_no_such_database", "does not exist"],
        ),
    ],
    ids=["wrong-server-name", "closed-port", "missing-database"],
)
def test_an_unreachable_erp_fails_the_run_readably_and_changes_nothing(
    send, demo_company, change, fragments
):
    docs = [fs("A"), fs("B")]
    assert send(docs).status_code == 200
    for field, value in change.items():
        setattr(demo_company, field, _closed_port() if value == "closed" else value)
    demo_company.save()
    _assert_failed_and_nothing_changed(demo_company, docs, *fragments)


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_a_login_the_server_refuses_fails_the_run_readably(send, demo_company):
    # Works under any pg_hba method: a NOLOGIN role is refused even where logins are trusted;
    # a stock Debian (peer on the socket) refuses the other OS user's role before that.
    admin_settings = demo_company.erp_settings()
    role = f"syncadmin_nologin_{uuid.uuid4().hex[:8]}"
    with connect(admin_settings) as admin:
        admin.execute(f"CREATE ROLE {role} NOLOGIN")
    try:
        docs = [fs("A")]
        assert send(docs).status_code == 200
        demo_company.username = role
        demo_company.save()
        run = _assert_failed_and_nothing_changed(demo_company, docs, role)
        refusals = (
            "not permitted to log in",
            "peer authentication failed",
            "password authentication failed",
        )
        assert any(r in run.first_error.lower() for r in refusals), run.first_error
    finally:
        with connect(admin_settings) as admin:
            admin.execute(f"DROP ROLE IF EXISTS {role}")


def _password_required_on_localhost(company) -> str:
    """'' if 127.0.0.1 asks for a password (md5/scram), else why the test cannot run."""
    with connect(company.erp_settings()) as conn:
        methods = {
            m
            for (m,) in conn.fetch_all(
                "SELECT auth_method FROM pg_hba_file_rules WHERE type = 'host' "
                "AND (address = '127.0.0.1' OR address = 'all' OR address IS NULL)"
            )
        }
    if methods & {"md5", "scram-sha-256", "password"}:
        return ""
    return (
        f"pg_hba.conf authenticates 127.0.0.1 with {sorted(methods) or 'nothing'}: a "
        "wrong password is accepted, so a refused password cannot be provoked"
    )


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_a_wrong_password_fails_the_run_readably_and_never_shows_it(send, demo_company):
    reason = _password_required_on_localhost(demo_company)
    if reason:
        pytest.skip(reason)
    admin_settings = demo_company.erp_settings()
    role = f"syncadmin_pw_{uuid.uuid4().hex[:8]}"
    with connect(admin_settings) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'right-one'")
    try:
        docs = [fs("A")]
        assert send(docs).status_code == 200
        demo_company.server, demo_company.username = "127.0.0.1", role
        demo_company.password = "wrong-one-s3cret"
        demo_company.save()
        run = _assert_failed_and_nothing_changed(demo_company, docs, "password")
        assert "wrong-one-s3cret" not in run.first_error
    finally:
        with connect(admin_settings) as admin:
            admin.execute(f"DROP ROLE IF EXISTS {role}")


@pytest.mark.parametrize(
    "sqlstate, message",
    [
        (
            "57P01",
            (
                "[57P01] FATAL: terminating connection due to administrator command;"
                "\nThe connection has been lost (35) (SQLExecDirectW)"
            ),
        ),
        ("08S01", "[08S01] SQLExecDirectW unable due to the connection lost (35)"),
        ("HY000", "[HY000] internal SAVEPOINT failed (-1) (SQLExecDirectW)"),
    ],
    ids=["terminated", "link-lost", "psqlodbc-savepoint"],
)
def test_a_lost_connection_is_a_transient_connection_error(sqlstate, message):
    error = classify(type("FakeOdbcError", (Exception,), {})(sqlstate, message))
    assert (error.kind, error.transient) == ("connection", True)
