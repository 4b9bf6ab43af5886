"""One date format per language, in the company's time zone: Polish 03.12.2026 13:15,
English 2026-12-03 13:15 (not the US month first)."""

from datetime import UTC, datetime

import pytest
from django.utils import translation

from importer.models import SyncRun

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, expected",
    [
        ("pl", "Firma Testowa 03.12.2026 14:15 udane"),
        ("en", "Firma Testowa 2026-12-03 14:15 succeeded"),
    ],
)
def test_a_runs_title_is_in_the_company_time_zone_and_the_languages_format(
    company_database, language, expected
):
    run = SyncRun.objects.create(
        company_database=company_database, trigger="manual", status="succeeded"
    )
    run.started_at = datetime(2026, 12, 3, 13, 15, tzinfo=UTC)  # 14:15 in Warsaw
    with translation.override(language):
        assert str(run) == expected
