"""Charts drawn on the server as inline SVG (no JavaScript, no CDN): simple bar charts.

`imported_per_day` and `run_durations` read the data (one query each); `bar_chart` draws it.
Labels are escaped; bars carry a <title> so the value shows on hover.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from importer.models import DocumentStatus, MobileDocument, RunStatus, SyncRun
from syncadmin.dashboard.formatting import in_zone, zone_of

DAYS = 30
RUNS = 50


@dataclass(frozen=True)
class Bar:
    """One bar: ``label`` under it (may be empty), ``value`` (a number), ``hint`` on hover,
    ``alert`` draws it red (a failed run)."""

    label: str
    value: float
    hint: str
    alert: bool = False


def imported_per_day(company, days: int = DAYS, now=None) -> list[tuple[date, int]]:
    """Documents imported per day (the company's days) over the last ``days`` days, oldest first."""
    now = now or timezone.now()
    zone = zone_of(company.time_zone)
    today = in_zone(now, company.time_zone).date()
    first = today - timedelta(days=days - 1)
    counts = dict(
        MobileDocument.objects.filter(
            company_database=company,
            status=DocumentStatus.IMPORTED,
            imported_at__gte=now - timedelta(days=days + 1),
        )
        .annotate(day=TruncDate("imported_at", tzinfo=zone))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    return [
        (first + timedelta(days=i), counts.get(first + timedelta(days=i), 0)) for i in range(days)
    ]


def run_durations(company, limit: int = RUNS) -> list[SyncRun]:
    """The last ``limit`` finished runs (succeeded or failed) of ``company``, oldest first."""
    runs = SyncRun.objects.filter(
        company_database=company,
        status__in=[RunStatus.SUCCEEDED, RunStatus.FAILED],
        finished_at__isnull=False,
    ).order_by("-started_at", "-id")[:limit]
    return list(reversed(runs))


def imported_chart(company) -> SafeString:
    """The "documents imported per day, last 30 days" chart of ``company``."""
    bars = [
        Bar(
            label=date_format(day, "j.m") if i % 5 == 0 or i == DAYS - 1 else "",
            value=count,
            hint=f"{date_format(day, 'SHORT_DATE_FORMAT')}: {number_format(count)}",
        )
        for i, (day, count) in enumerate(imported_per_day(company))
    ]
    return bar_chart(bars, chart_id="chart-imported")


def durations_chart(company) -> SafeString:
    """The "run durations (seconds), last 50 runs" chart of ``company``; failed runs in red."""
    bars = []
    for run in run_durations(company):
        seconds = run.duration.total_seconds()
        local = in_zone(run.started_at, company.time_zone)
        when = f"{date_format(local, 'SHORT_DATE_FORMAT')} {local:%H:%M}"
        bars.append(
            Bar(
                label="",
                value=seconds,
                hint=f"{when}: {number_format(seconds, 1)} s ({run.get_status_display()})",
                alert=run.status == RunStatus.FAILED,
            )
        )
    return bar_chart(bars, chart_id="chart-durations")


def bar_chart(bars: list[Bar], *, chart_id: str, width: int = 640, height: int = 160) -> SafeString:
    """An SVG bar chart of ``bars`` (left to right) with its maximum marked on the axis."""
    top, bottom, left = 14, 18, 36
    plot_h = height - top - bottom
    peak = max((b.value for b in bars), default=0) or 1
    step = (width - left) / max(len(bars), 1)
    rects = []
    for i, bar in enumerate(bars):
        h = plot_h * bar.value / peak
        x = left + i * step + step * 0.1
        rects.append(
            (
                f"{x:.1f}",
                f"{top + plot_h - h:.1f}",
                f"{step * 0.8:.1f}",
                f"{h:.1f}",
                "#ba2121" if bar.alert else "#417690",
                bar.hint,
                f"{x + step * 0.4:.1f}",
                f"{height - 4}",
                bar.label,
            )
        )
    body = format_html_join(
        "",
        '<g class="bar"><rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title>'
        '</rect><text x="{}" y="{}" font-size="9" text-anchor="middle">{}</text></g>',
        rects,
    )
    return format_html(
        '<svg id="{}" class="chart" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" '
        'viewBox="0 0 {} {}" role="img">'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>'
        '<text x="2" y="{}" font-size="10">{}</text><text x="2" y="{}" font-size="10">0</text>'
        "{}</svg>",
        chart_id,
        width,
        height,
        width,
        height,
        left,
        top + plot_h,
        width,
        top + plot_h,
        top + 4,
        number_format(peak, 0 if peak == int(peak) else 1),
        top + plot_h,
        body,
    )
