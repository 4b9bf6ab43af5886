"""Times shown in a company database's own time zone, formatted in the user's locale."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def zone_of(tz_name: str) -> ZoneInfo:
    """The `ZoneInfo` named ``tz_name``; UTC when the name is unknown (the form reports it)."""
    try:
        return ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def in_zone(moment, tz_name: str):
    """An aware datetime as the wall-clock datetime in ``tz_name`` (None stays None)."""
    if moment is None:
        return None
    return timezone.localtime(moment, zone_of(tz_name))


def local_datetime(moment, tz_name: str, seconds: bool = False) -> str:
    """``moment`` in the company's zone, as text in the active locale ("—" for None).

    The date part follows the locale's SHORT_DATE_FORMAT (pl: 29-11-2026, en: 11/29/2026);
    the time is 24-hour, with seconds when asked (log lines).
    """
    local = in_zone(moment, tz_name)
    if local is None:
        return "—"
    return (
        f"{date_format(local, 'SHORT_DATE_FORMAT')} {local:%H:%M:%S}"
        if seconds
        else (f"{date_format(local, 'SHORT_DATE_FORMAT')} {local:%H:%M}")
    )


class LocalDatetimes:
    """`local_datetime` for a page of many times: the same text, computed more cheaply.

    The date part (the locale's SHORT_DATE_FORMAT, through `date_format`) is formatted once
    per calendar date and each zone is looked up once per name; only the time is formatted
    per call. Make one per page (per request): it keeps the language that was active at its
    first use of a date, so it must not outlive a request.
    """

    def __init__(self, seconds: bool = False):
        self._time_format = "%H:%M:%S" if seconds else "%H:%M"
        self._zones: dict[str, ZoneInfo] = {}
        self._dates: dict = {}

    def __call__(self, moment, tz_name: str) -> str:
        """``moment`` (aware) in the zone ``tz_name``, as `local_datetime` writes it."""
        if moment is None:
            return "—"
        zone = self._zones.get(tz_name)
        if zone is None:
            zone = self._zones[tz_name] = zone_of(tz_name)
        local = timezone.localtime(moment, zone)
        day = local.date()
        text = self._dates.get(day)
        if text is None:
            text = self._dates[day] = date_format(local, "SHORT_DATE_FORMAT")
        return f"{text} {local.strftime(self._time_format)}"


SHORT_TEXT = 80


def first_line(text: str, length: int = SHORT_TEXT) -> str:
    """The first line of ``text``, cut to ``length`` characters with an ellipsis."""
    if not text:
        return ""
    return Truncator(text.strip().splitlines()[0]).chars(length)


def format_duration(delta) -> str:
    """A run's duration for people: "4.2 s", "3 min 05 s", "1 h 02 min"."""
    if delta is None:
        return "—"
    seconds = delta.total_seconds()
    if seconds < 60:
        return gettext("%(seconds).1f s") % {"seconds": seconds}
    minutes, seconds = divmod(int(seconds), 60)
    if minutes < 60:
        return gettext("%(minutes)d min %(seconds)02d s") % {"minutes": minutes, "seconds": seconds}
    hours, minutes = divmod(minutes, 60)
    return gettext("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}


def folded_details(details: str):
    """Long details (a traceback) folded in a <details> element."""
    if not details:
        return ""
    return format_html(
        '<details><summary>{}</summary><pre style="white-space: pre-wrap">{}</pre></details>',
        _("Details"),
        details,
    )
