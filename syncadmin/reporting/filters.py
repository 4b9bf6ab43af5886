"""A "from – to" date filter for admin change lists (the run and log lists of Raportowanie)."""

from datetime import date, datetime, time, timedelta

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _parse_day(value) -> date | None:
    if isinstance(value, list):
        value = value[-1] if value else ""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


class DateRangeFilter(admin.FieldListFilter):
    """Filter a datetime field by a range of days, both ends included, e.g.
    ``?started_at__from=2026-11-01&started_at__to=2026-11-30``.

    Days are read in the current time zone (``TIME_ZONE``, Europe/Warsaw by default); either
    end may be left empty; a malformed date is ignored.
    """

    template = "admin/syncadmin/date_range_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.key_from = f"{field_path}__from"
        self.key_to = f"{field_path}__to"
        super().__init__(field, request, params, model, model_admin, field_path)
        self.day_from = _parse_day(self.used_parameters.get(self.key_from, ""))
        self.day_to = _parse_day(self.used_parameters.get(self.key_to, ""))
        self.other_params = [
            (key, value)
            for key, values in request.GET.lists()
            if key not in (self.key_from, self.key_to, "p")
            for value in values
        ]
        self.title = _("%(field)s (from – to)") % {"field": self.title}

    def expected_parameters(self):
        return [self.key_from, self.key_to]

    def has_output(self) -> bool:
        return True

    def _start_of(self, day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, time.min))

    def queryset(self, request, queryset):
        if self.day_from:
            queryset = queryset.filter(**{f"{self.field_path}__gte": self._start_of(self.day_from)})
        if self.day_to:
            end = self._start_of(self.day_to + timedelta(days=1))
            queryset = queryset.filter(**{f"{self.field_path}__lt": end})
        return queryset

    def choices(self, changelist):
        yield {
            "selected": bool(self.day_from or self.day_to),
            "query_string": changelist.get_query_string(remove=[self.key_from, self.key_to]),
            "display": _("Any date"),
        }
