"""The schedule inline: weekdays as checkboxes, validated by the timetable rule."""

from datetime import time

from django.urls import reverse

from harmonogramy.models import CompanyDatabase, Schedule
from tests.admin.helpers import company_form_data


def _post(client, company, **overrides):
    url = reverse("admin:harmonogramy_companydatabase_change", args=[company.pk])
    return client.post(url, company_form_data(company, **overrides))


def test_it_saves_weekdays_as_iso_digits(client_admin, company_database):
    response = _post(
        client_admin,
        company_database,
        **{
            "schedule-0-weekdays": ["5", "1", "3"],
            "schedule-0-active_from": "07:00",
            "schedule-0-active_to": "18:00",
            "schedule-0-interval_minutes": "30",
        },
    )
    assert response.status_code == 302
    schedule = Schedule.objects.get(company_database=company_database)
    assert schedule.weekdays == "135"
    assert (schedule.active_from, schedule.active_to) == (time(7), time(18))
    assert schedule.next_run_at is not None


def test_it_refuses_an_empty_day_set(client_admin, company_database):
    response = _post(client_admin, company_database, **{"schedule-0-weekdays": []})
    assert response.status_code == 200
    assert "Choose at least one day of the week." in response.content.decode()
    assert Schedule.objects.get(company_database=company_database).weekdays == "1234567"


def test_it_refuses_from_equal_to(client_admin, company_database):
    response = _post(
        client_admin,
        company_database,
        **{"schedule-0-active_from": "08:00", "schedule-0-active_to": "08:00"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "start and end at the same time" in html
    assert html.count("start and end at the same time") == 1


def test_it_refuses_only_one_end(client_admin, company_database):
    response = _post(client_admin, company_database, **{"schedule-0-active_from": "08:00"})
    assert response.status_code == 200
    assert "Give both ends of the active hours" in response.content.decode()


def test_it_refuses_an_interval_outside_the_range(client_admin, company_database):
    response = _post(client_admin, company_database, **{"schedule-0-interval_minutes": "1441"})
    assert response.status_code == 200
    assert "1440" in response.content.decode()


def test_it_reports_an_unknown_time_zone(client_admin, company_database):
    response = _post(client_admin, company_database, time_zone="Europe/Atlantis")
    assert response.status_code == 200
    assert "Europe/Atlantis" in response.content.decode()
    assert CompanyDatabase.objects.get(pk=company_database.pk).time_zone == "Europe/Warsaw"


def test_it_creates_a_schedule_with_a_new_database(client_admin, tmp_path):
    new = CompanyDatabase(name="Nowa Firma", dialect="sqlite", database=str(tmp_path / "n.db"))
    data = company_form_data(
        new,
        schedule=None,
        **{"schedule-0-weekdays": ["1", "2", "3", "4", "5"], "schedule-0-interval_minutes": "5"},
    )
    data["schedule-INITIAL_FORMS"] = "0"
    response = client_admin.post(reverse("admin:harmonogramy_companydatabase_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    schedule = Schedule.objects.get(company_database__name="Nowa Firma")
    assert schedule.weekdays == "12345" and schedule.interval_minutes == 5


def test_change_page_shows_the_schedule_in_words_and_next_runs(client_admin, company_database):
    schedule = company_database.schedule
    schedule.interval_minutes = 15
    schedule.weekdays = "12345"
    schedule.active_from, schedule.active_to = time(7), time(18)
    schedule.save()
    url = reverse("admin:harmonogramy_companydatabase_change", args=[company_database.pk])
    html = client_admin.get(url).content.decode()
    assert "every 15 min, Mon–Fri, 07:00–18:00" in html  # client_admin asks for English
    assert html.count("<li>") >= 5 and "Europe/Warsaw" in html
    assert 'type="checkbox" name="schedule-0-weekdays" value="1"' in html
    assert 'value="07:00"' in html and 'value="18:00"' in html
