"""The django-q2 schedule that drives the automat: one scheduler tick a minute."""

TICK_FUNC = "harmonogramy.tasks.tick"
TICK_NAME = "syncadmin: scheduler tick"


def ensure_tick_schedule(**kwargs) -> None:
    """Create (or repair) the django-q2 Schedule that calls `harmonogramy.tasks.tick`.

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
