"""Template filters of syncadmin's admin pages: company time zones, schedules, short errors."""

from django import template

from harmonogramy.describe import describe_schedule
from syncadmin.dashboard.formatting import first_line, format_duration, local_datetime

register = template.Library()


@register.filter
def in_company_zone(moment, company):
    """``{{ run.started_at|in_company_zone:company }}``: local time of the company, locale format."""
    return local_datetime(moment, company.time_zone)


@register.filter
def schedule_in_words(schedule):
    """``{{ row.schedule|schedule_in_words }}``: "co 15 min, pn–pt, 07:00–18:00"."""
    return describe_schedule(schedule)


@register.filter
def one_line(text, length=100):
    """The first line of ``text``, cut to ``length`` characters."""
    return first_line(text or "", int(length))


@register.filter
def duration(run):
    """A run's duration for people ("4.2 s"), "—" while it runs."""
    return format_duration(run.duration) if run else "—"


@register.filter
def in_company_zone_seconds(moment, company):
    """Like `in_company_zone`, with seconds (log lines)."""
    return local_datetime(moment, company.time_zone, seconds=True)
