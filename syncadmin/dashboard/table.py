"""The dashboard table's rows as HTML, built in Python with ``format_html``.

With 500 company databases, rendering the rows through the template language (about forty
variable lookups, filters and tags per row, a ``date_format`` per time) took most of the
page's time. Here everything a row shows is computed once: the translated labels once per
page, each time with `formatting.LocalDatetimes` (the date part once per calendar date),
and each row is a few ``format_html`` calls on fixed markup. Every value from the database
(names, time zones, error texts, schedules in words) goes through ``format_html`` /
``conditional_escape``, so it is escaped as the template escaped it; the markup is the
template's (whitespace aside).
"""

from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from harmonogramy.describe import describe_schedule
from importer.models import SyncRun
from syncadmin.dashboard.formatting import LocalDatetimes, first_line
from syncadmin.dashboard.overview import DatabaseRow
from syncadmin.dashboard.states import DatabaseState

ERROR_LENGTH = 100  # the last error's first line is cut to this many characters
# Constant fragments are SafeStrings: format_html passes them through without escaping.
EMPTY = SafeString("")
NOTHING = SafeString("—")  # an empty cell (no run, no error)
ZERO = SafeString("0")
DISABLED = SafeString("disabled")

_ROW = """<tr class="dashboard-row" id="company-{pk}" data-state="{state}">
      <th scope="row"><a href="{change_url}">{name}</a>
        <div class="mini quiet">{time_zone}</div></th>
      <td>{schedule}</td>
      <td><span class="state state-{state}">{state_label}</span>
        {failing_since}
        {badge}</td>
      <td class="last-run">{last_run}</td>
      <td>{next_run}</td>
      <td class="waiting">{waiting}</td>
      <td class="failed">{failed}</td>
      <td class="last-error">{last_error}</td>
      <td class="dashboard-actions">
        {sync_button}
        {schedule_button}
      </td>
    </tr>
"""
_LAST_RUN = """
        <a href="{}">{}</a><br>
        <span class="run-status run-{}">{}</span>
        <span class="mini quiet">({})</span><br>
        <span class="mini">{}</span>
      """
_LAST_ERROR = """<div class="error-text" title="{}">{}</div>
        <div class="mini quiet">{}</div>"""
_SYNC_BUTTON = """<form method="post" action="{}">{}
          <button type="submit" class="button sync-now" {}>{}</button></form>"""
_SCHEDULE_BUTTON = (  # pause or resume
    '\n          <form method="post" action="{}">{}'
    '<button type="submit" class="button {}">{}</button></form>\n        '
)


def _number(value: int) -> str:
    """An integer as ``{{ value }}`` shows it (`localize`): below 1,000 that is ``str``."""
    return str(value) if -1000 < value < 1000 else localize(value)


def _choices(field) -> dict[str, SafeString]:
    """A model field's choices: {value: escaped label in the active language}."""
    return {value: conditional_escape(label) for value, label in field.flatchoices}


class _PageText:
    """The page's translated labels, in the active language, escaped once."""

    def __init__(self):
        self.states = {s: conditional_escape(s.label) for s in DatabaseState}
        self.state_values = {s: conditional_escape(s.value) for s in DatabaseState}
        self.statuses = _choices(SyncRun.status.field)  # run.get_status_display()
        self.triggers = _choices(SyncRun.trigger.field)
        # As {% blocktranslate %} did: escaped values are put into the translation as it is.
        self.since = gettext("since %(since)s")
        self.counts = gettext("imported %(imported)s, failed %(failed)s")
        badge = '<div class="run-badge {}">{}</div>'
        self.running = format_html(badge, "running", gettext("running now…"))
        self.queued = format_html(badge, "queued", gettext("queued…"))
        self.sync = conditional_escape(gettext("Synchronize now"))
        self.pause = conditional_escape(gettext("Pause"))
        self.resume = conditional_escape(gettext("Resume"))


class RowRenderer:
    """Renders `DatabaseRow` objects as the dashboard table's ``<tr>`` elements.

    Make one per request (it keeps the active language's labels and caches per page):
    ``can_sync`` shows "Synchronize now", ``can_pause`` the pause / resume button, and
    ``csrf_token`` (the request's, `django.middleware.csrf.get_token`) goes into each form.
    """

    def __init__(self, *, can_sync: bool, can_pause: bool, csrf_token: str | None):
        self.can_sync = can_sync
        self.can_pause = can_pause
        self.text = _PageText()
        self.times = LocalDatetimes()
        self.csrf_input = (
            format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)
            if csrf_token and csrf_token != "NOTPROVIDED"
            else EMPTY
        )
        self._schedules: dict[tuple, str] = {}
        self._errors: dict[str, tuple[SafeString, SafeString]] = {}

    def render(self, rows: list[DatabaseRow]) -> SafeString:
        """Every row's ``<tr>``, in order, as one HTML string."""
        return mark_safe("".join([self.row(row) for row in rows]))

    def row(self, row: DatabaseRow) -> SafeString:
        """One row's ``<tr>`` element."""
        company, run, urls, text = row.company, row.last_run, row.urls, self.text
        tz = company.time_zone
        failing_since = EMPTY
        if row.state == DatabaseState.FAILING and company.failing_since:
            since = conditional_escape(self.times(company.failing_since, tz))
            failing_since = format_html(
                '<div class="mini quiet">{}</div>', mark_safe(text.since % {"since": since})
            )
        return format_html(
            _ROW,
            pk=company.pk,
            state=text.state_values[row.state],
            change_url=urls["change"],
            name=company.name,
            time_zone=tz,
            schedule=self._schedule(row.schedule),
            state_label=text.states[row.state],
            failing_since=failing_since,
            badge=text.running if row.running else text.queued if row.queued else EMPTY,
            last_run=self._last_run(run, urls["run"], tz) if run else NOTHING,
            next_run=self.times(row.next_run_at, tz),
            waiting=self._count(row.waiting, urls["waiting"]),
            failed=self._count(row.failed, urls["failed"]),
            last_error=(
                self._probe_error(company, tz)
                if row.state == DatabaseState.ERP_UNREACHABLE
                else self._last_error(row.last_failed_run, tz)
            ),
            sync_button=self._sync_button(company, urls["sync"]),
            schedule_button=self._schedule_button(row.schedule, urls),
        )

    def _schedule(self, schedule) -> str:
        """`describe_schedule`, once per distinct schedule on the page (the key is every
        field it reads)."""
        if schedule is None:
            key = None
        else:
            key = (
                schedule.interval_minutes,
                schedule.weekdays,
                schedule.active_from,
                schedule.active_to,
                schedule.enabled,
            )
        words = self._schedules.get(key)
        if words is None:
            words = self._schedules[key] = describe_schedule(schedule)
        return words

    def _last_run(self, run, url: str, tz: str) -> SafeString:
        counts = self.text.counts % {
            "imported": conditional_escape(_number(run.imported_count)),
            "failed": conditional_escape(_number(run.failed_count)),
        }
        return format_html(
            _LAST_RUN,
            url,
            self.times(run.started_at, tz),
            run.status,
            self.text.statuses.get(run.status, run.status),
            self.text.triggers.get(run.trigger, run.trigger),
            mark_safe(counts),  # the translation with escaped numbers, as blocktranslate
        )

    @staticmethod
    def _count(count: int, url: str):
        return format_html('<a href="{}">{}</a>', url, _number(count)) if count else ZERO

    def _probe_error(self, company, tz: str):
        """Why the periodic probe cannot reach the ERP, and since when."""
        error = company.erp_probe_error
        return format_html(
            _LAST_ERROR,
            conditional_escape(error),
            conditional_escape(first_line(error or "", ERROR_LENGTH)),
            self.times(company.erp_unreachable_since, tz),
        )

    def _last_error(self, run, tz: str):
        if run is None:
            return NOTHING
        error = run.first_error
        escaped = self._errors.get(error)
        if escaped is None:  # the same error is often the last one of many databases
            escaped = self._errors[error] = (
                conditional_escape(error),
                conditional_escape(first_line(error or "", ERROR_LENGTH)),
            )
        return format_html(_LAST_ERROR, *escaped, self.times(run.started_at, tz))

    def _sync_button(self, company, url: str):
        if not self.can_sync:
            return EMPTY
        disabled = EMPTY if company.is_active else DISABLED
        return format_html(_SYNC_BUTTON, url, self.csrf_input, disabled, self.text.sync)

    def _schedule_button(self, schedule, urls: dict):
        if not (self.can_pause and schedule):
            return EMPTY
        if schedule.enabled:
            url, action, label = urls["pause"], "pause", self.text.pause
        else:
            url, action, label = urls["resume"], "resume", self.text.resume
        return format_html(_SCHEDULE_BUTTON, url, self.csrf_input, action, label)


def render_rows(rows, *, can_sync: bool, can_pause: bool, csrf_token: str | None) -> SafeString:
    """The dashboard table's rows (``<tr>`` elements) as one escaped HTML string."""
    return RowRenderer(can_sync=can_sync, can_pause=can_pause, csrf_token=csrf_token).render(rows)
