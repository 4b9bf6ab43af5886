"""``{{ moment|company_time:company }}``: a time in the company database's own zone."""

from django import template

from syncadmin.dashboard.formatting import local_datetime

register = template.Library()


@register.filter
def company_time(moment, company) -> str:
    """``moment`` (aware) as text in ``company``'s time zone, "—" when None."""
    return local_datetime(moment, getattr(company, "time_zone", "UTC"))
