"""The dashboard rows, rendered in Python (syncadmin/dashboard/table.py): escaping, times in
the company's zone in the viewer's locale, translations, and forms that really post."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import translation

from harmonogramy.models import Schedule
from importer.models import SyncRun
from syncadmin.dashboard.formatting import LocalDatetimes, local_datetime
from tests.dashboard.conftest import make_company

pytestmark = pytest.mark.django_db

EVIL = "<script>alert('x')</script> & \"Co\""


def _row(html, company):
    start = html.index(f'id="company-{company.pk}"')
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


def _run(company, status, started, **extra):
    return SyncRun.objects.create(
        company_database=company,
        trigger="schedule",
        status=status,
        started_at=started,
        finished_at=started + timedelta(seconds=3),
        **extra,
    )


@pytest.fixture
def tokyo(db):
    """A failing database in Tokyo: one failed run at 23:30 UTC (08:30 the next day there)."""
    company = make_company(EVIL)
    company.time_zone = "Asia/Tokyo"
    company.failing_since = datetime(2025, 1, 2, 22, 0, tzinfo=UTC)
    company.save()
    _run(
        company,
        "failed",
        datetime(2025, 1, 2, 23, 30, tzinfo=UTC),
        imported_count=3,
        failed_count=1,
        first_error="FS/1 <b>bad</b> & \"quoted\" 'x'\nTraceback <i>line 2</i>",
    )
    return company


def test_database_names_and_error_texts_are_escaped(client_admin, cluster_alive, tokyo):
    html = client_admin.get("/").content.decode()
    row = _row(html, tokyo)
    assert "<script>" not in html.split("</head>")[1]
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Co&quot;</a>" in row
    assert "<b>" not in row and "<i>" not in row
    # The whole error in the title (escaped, newline kept), its first line in the cell.
    assert (
        'title="FS/1 &lt;b&gt;bad&lt;/b&gt; &amp; &quot;quoted&quot; &#x27;x&#x27;\n'
        'Traceback &lt;i&gt;line 2&lt;/i&gt;">'
    ) in row
    assert ">FS/1 &lt;b&gt;bad&lt;/b&gt; &amp; &quot;quoted&quot; &#x27;x&#x27;</div>" in row


def test_a_long_error_is_cut_to_one_line_of_100_characters(client_admin, cluster_alive):
    company = make_company("Alfa")
    _run(company, "failed", datetime(2025, 1, 2, 10, 0, tzinfo=UTC), first_error="x" * 300)
    cell = _row(client_admin.get("/").content.decode(), company).split('class="error-text"')[1]
    assert f">{'x' * 99}…</div>" in cell


def test_times_are_in_the_company_zone_in_english(client_admin, cluster_alive, tokyo):
    row = _row(client_admin.get("/").content.decode(), tokyo)
    assert 'data-state="failing"' in row
    assert ">2025-01-03 08:30</a>" in row  # last run
    assert '<div class="mini quiet">since 2025-01-03 07:00</div>' in row
    assert '<div class="mini quiet">2025-01-03 08:30</div></td>' in row  # last error's run
    assert "imported 3, failed 1" in row
    assert '<span class="run-status run-failed">failed</span>' in row
    assert '<span class="mini quiet">(schedule)</span>' in row


def test_times_labels_and_buttons_in_polish(admin_user, cluster_alive, tokyo):
    client = Client(headers={"accept-language": "pl"})
    client.force_login(admin_user)
    row = _row(client.get("/").content.decode(), tokyo)
    assert ">03.01.2025 08:30</a>" in row
    assert '<div class="mini quiet">od 03.01.2025 07:00</div>' in row
    assert "zaimportowane: 3, błędne: 1" in row
    assert "Synchronizuj teraz" in row and "Wstrzymaj" in row


def test_next_run_running_badge_and_buttons(client_admin, cluster_alive):
    busy = make_company("Alfa")
    Schedule.objects.filter(company_database=busy).update(
        next_run_at=datetime(2030, 6, 1, 10, 0, tzinfo=UTC)
    )
    busy.acquire_run_lock()
    inactive = make_company("Beta", active=False)
    paused = make_company("Gamma", enabled=False)
    bare = make_company("Delta")
    Schedule.objects.filter(company_database=bare).delete()
    html = client_admin.get("/").content.decode()

    row = _row(html, busy)
    assert "<td>2030-06-01 12:00</td>" in row  # Europe/Warsaw, summer time
    assert '<div class="run-badge running">running now…</div>' in row
    assert '<td class="last-run">—</td>' in row and '<td class="last-error">—</td>' in row
    assert 'class="button sync-now" >' in row and 'class="button pause"' in row
    assert 'class="button sync-now" disabled>' in _row(html, inactive)
    assert "<td>—</td>" in _row(html, paused)  # paused: no next run
    assert 'class="button resume"' in _row(html, paused)
    row = _row(html, bare)
    assert "<td>no schedule</td>" in row
    assert 'class="button pause"' not in row and 'class="button resume"' not in row


def test_the_row_forms_carry_a_working_csrf_token(admin_user, cluster_alive):
    company = make_company("Alfa")
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    client.force_login(admin_user)
    row = _row(client.get("/").content.decode(), company)
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', row)
    assert len(tokens) == 2  # synchronize now, pause
    response = client.post(f"/dashboard/{company.pk}/pause/", {"csrfmiddlewaretoken": tokens[1]})
    assert response.status_code == 302
    assert not Schedule.objects.get(company_database=company).enabled


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("seconds", [False, True])
def test_local_datetimes_writes_what_local_datetime_writes(language, seconds):
    moments = [None] + [
        datetime(2026, 3, 28, 22, 0, tzinfo=UTC) + timedelta(minutes=47 * i) for i in range(60)
    ]  # across the spring change of clocks in Europe
    zones = ["Europe/Warsaw", "Asia/Tokyo", "America/New_York", "UTC", "No/Such_Zone"]
    with translation.override(language):
        times = LocalDatetimes(seconds=seconds)
        for zone in zones:
            for moment in moments:
                assert times(moment, zone) == local_datetime(moment, zone, seconds=seconds)
