"""Names that third-party apps show on syncadmin's pages but ship no Polish for.

django-q2 has no Polish catalog and django-axes lacks its newest model; listing the msgids
here lets ``makemessages`` put them into locale/pl, whose catalog Django consults first
(LOCALE_PATHS), so the dashboard's app list reads Polish too. Nothing imports this module.
"""

from django.utils.translation import gettext_noop

DJANGO_Q_MODEL_NAMES = [
    gettext_noop("Task"),
    gettext_noop("Tasks"),
    gettext_noop("Successful task"),
    gettext_noop("Successful tasks"),
    gettext_noop("Failed task"),
    gettext_noop("Failed tasks"),
    gettext_noop("Scheduled task"),
    gettext_noop("Scheduled tasks"),
    gettext_noop("Queued task"),
    gettext_noop("Queued tasks"),
]

AXES_MODEL_NAMES = [
    gettext_noop("access failure"),
    gettext_noop("access failures"),
]
