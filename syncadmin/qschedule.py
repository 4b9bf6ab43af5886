"""The django-q2 schedule that drives the automat: one scheduler tick a minute."""

TICK_FUNC = "importer.tick.tick"
TICK_NAME = "syncadmin: scheduler tick"


def ensure_tick_schedule(**kwargs) -> None:
    """Create (or repair) the django-q2 Schedule that calls `importer.tick.tick`.

    Connected to ``post_migrate``, so every ``migrate`` leaves exactly one tick schedule.
    The per-database timing lives in `harmonogramy.models.Schedule`; this tick only asks
    "which databases are due now?" every minute.
    """
    from django_q.models import Schedule as QSchedule

    QSchedule.objects.update_or_create(
        name=TICK_NAME,
        defaults={
            "func": TICK_FUNC,
            "schedule_type": QSchedule.MINUTES,
            "minutes": 1,
            "repeats": -1,
        },
    )


PROBE_FUNC = "importer.erpprobe.probe_all"
PROBE_NAME = "syncadmin: ERP probe"


def ensure_probe_schedule(**kwargs) -> None:
    """Create (or repair) the django-q2 Schedule that probes the ERPs every few minutes
    (`importer.erpprobe`); a new one first runs one period after it is made."""
    from datetime import timedelta

    from django.utils import timezone
    from django_q.models import Schedule as QSchedule

    from importer.erpprobe import PROBE_MINUTES

    defaults = {
        "func": PROBE_FUNC,
        "schedule_type": QSchedule.MINUTES,
        "minutes": PROBE_MINUTES,
        "repeats": -1,
    }
    QSchedule.objects.update_or_create(
        name=PROBE_NAME,
        defaults=defaults,
        create_defaults={**defaults, "next_run": timezone.now() + timedelta(minutes=PROBE_MINUTES)},
    )


PRUNE_FUNC = "importer.retention.prune"
PRUNE_NAME = "syncadmin: prune old runs and logs"
PRUNE_HOUR = 3  # local time (TIME_ZONE): a quiet hour


def ensure_prune_schedule(**kwargs) -> None:
    """Create (or repair) the daily django-q2 Schedule that calls `importer.retention.prune`.

    Connected to ``post_migrate`` like the tick. A new schedule first runs at the next
    ``PRUNE_HOUR``:00 in ``TIME_ZONE``; an existing one keeps its next run.
    """
    from datetime import timedelta

    from django.utils import timezone
    from django_q.models import Schedule as QSchedule

    local = timezone.localtime()
    first = local.replace(hour=PRUNE_HOUR, minute=0, second=0, microsecond=0)
    if first <= local:
        first += timedelta(days=1)
    QSchedule.objects.update_or_create(
        name=PRUNE_NAME,
        defaults={"func": PRUNE_FUNC, "schedule_type": QSchedule.DAILY, "repeats": -1},
        create_defaults={
            "func": PRUNE_FUNC,
            "schedule_type": QSchedule.DAILY,
            "repeats": -1,
            "next_run": first,
        },
    )
