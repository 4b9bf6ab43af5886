"""Every schedule that can never run is refused in the admin form, with the reason shown."""

import pytest
from django.urls import reverse

from harmonogramy.models import CompanyDatabase, Schedule
from tests.admin.helpers import company_form_data


def _post(client, company, **overrides):
    url = reverse("admin:harmonogramy_companydatabase_change", args=[company.pk])
    return client.post(url, company_form_data(company, **overrides))


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"schedule-0-weekdays": []}, "Choose at least one day of the week."),
        ({"schedule-0-interval_minutes": "0"}, "The interval must be between 1 and 1440 minutes."),
        (
            {"schedule-0-interval_minutes": "1441"},
            "The interval must be between 1 and 1440 minutes.",
        ),
        ({"time_zone": "Europe/Atlantis"}, "unknown time zone"),
        ({"time_zone": ""}, "This field is required."),
        (
            {"schedule-0-active_from": "08:00", "schedule-0-active_to": "08:00"},
            "start and end at the same time",
        ),
        ({"schedule-0-active_from": "08:00"}, "Give both ends of the active hours"),
        ({"schedule-0-active_to": "18:00"}, "Give both ends of the active hours"),
    ],
    ids=[
        "no-days",
        "interval-0",
        "interval-1441",
        "unknown-zone",
        "no-zone",
        "from-equals-to",
        "only-from",
        "only-to",
    ],
)
def test_a_schedule_that_can_never_run_is_refused_with_the_reason(
    client_admin, company_database, overrides, reason
):
    before = Schedule.objects.filter(company_database=company_database).values().get()
    response = _post(client_admin, company_database, **overrides)
    assert response.status_code == 200
    html = response.content.decode()
    assert reason in html
    assert "errornote" in html
    assert Schedule.objects.filter(company_database=company_database).values().get() == before
    assert CompanyDatabase.objects.get(pk=company_database.pk).time_zone == "Europe/Warsaw"
