"""A schedule in words, for the admin's lists: e.g. "co 15 min, pn–pt, 07:00–18:00".

The source text here is Polish on purpose: the summary is a compact Polish phrase (day
abbreviations pn wt śr cz pt so nd) read by Optima administrators, and an English
catalog can translate it. Every fragment still goes through gettext so that it can be
translated.
"""

from django.utils.translation import gettext, pgettext

from harmonogramy.timetable import ALL_WEEKDAYS

# ISO weekday number -> abbreviation; the context keeps them apart from other short words.
_DAY_ABBREVIATIONS = {
    1: lambda: pgettext("weekday abbreviation", "pn"),
    2: lambda: pgettext("weekday abbreviation", "wt"),
    3: lambda: pgettext("weekday abbreviation", "śr"),
    4: lambda: pgettext("weekday abbreviation", "cz"),
    5: lambda: pgettext("weekday abbreviation", "pt"),
    6: lambda: pgettext("weekday abbreviation", "so"),
    7: lambda: pgettext("weekday abbreviation", "nd"),
}


def describe_weekdays(weekdays) -> str:
    """ISO weekday numbers (ints or a digit string) in words: "codziennie", "pn–pt", "pn, śr".

    Three or more consecutive days become a range ("pn–pt"); shorter runs are listed.
    """
    days = sorted({int(d) for d in weekdays if str(d).isdigit() and int(d) in ALL_WEEKDAYS})
    if not days:
        return gettext("żadnego dnia")
    if set(days) == ALL_WEEKDAYS:
        return gettext("codziennie")
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{_DAY_ABBREVIATIONS[run[0]]()}–{_DAY_ABBREVIATIONS[run[-1]]()}")
        else:
            parts.extend(_DAY_ABBREVIATIONS[d]() for d in run)
    return ", ".join(parts)


def describe_window(active_from, active_to) -> str:
    """The daily active hours: "07:00–18:00", "22:00–06:00" (crosses midnight), "całą dobę"."""
    if active_from is None or active_to is None:
        return gettext("całą dobę")
    return f"{active_from:%H:%M}–{active_to:%H:%M}"


def describe_schedule(schedule) -> str:
    """A `Schedule` in words, e.g. "co 15 min, pn–pt, 07:00–18:00".

    A disabled schedule is prefixed with "wyłączony"; ``None`` (a database without a
    schedule) gives "brak harmonogramu".
    """
    if schedule is None:
        return gettext("brak harmonogramu")
    text = ", ".join(
        [
            gettext("co %(minutes)s min") % {"minutes": schedule.interval_minutes},
            describe_weekdays(schedule.weekdays),
            describe_window(schedule.active_from, schedule.active_to),
        ]
    )
    if not schedule.enabled:
        return gettext("wyłączony (%(schedule)s)") % {"schedule": text}
    return text
