"""The two groups syncadmin ships with, and their permissions.

* ``Podgląd`` (viewers): may look at the dashboard's data — company databases, schedules,
  runs, log entries and received documents — and change nothing;
* ``Administratorzy`` (administrators, `ADMINISTRATORS_GROUP`):
  every permission on syncadmin's own models (configuration, secrets, devices, runs).

Created by the data migration ``operators.0002_groups`` and topped up after every
``migrate`` (a model added later gets its permissions in ``Administratorzy``). Permissions
are only ever added, never removed, so an administrator's own changes to a group are kept
except for permissions removed from it.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

VIEWERS_GROUP = "Podgląd"
ADMINISTRATORS_GROUP = "Administratorzy"

#: (app_label, model_name) whose "view" permission the viewers get.
VIEWER_MODELS = (
    ("harmonogramy", "companydatabase"),
    ("harmonogramy", "schedule"),
    ("importer", "syncrun"),
    ("importer", "runlogentry"),
    ("importer", "mobiledocument"),
)
#: The apps whose every permission the administrators get.
SYNCADMIN_APPS = ("syncadmin", "operators", "harmonogramy", "importer", "devicedata")


def ensure_groups(apps) -> None:
    """Create both groups if missing and add their permissions. ``apps`` is the app registry
    (``django.apps.apps``, or a migration's historical ``apps``). Idempotent."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    viewers, _ = Group.objects.get_or_create(name=VIEWERS_GROUP)
    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    for app_label, model in VIEWER_MODELS:
        viewers.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename=f"view_{model}")
        )
    administrators.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=SYNCADMIN_APPS)
    )


def create_all_permissions(apps) -> None:
    """Create the model permissions of every app now (Django does it only after migrate)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        if getattr(app_config, "models_module", None) is None:
            app_config.models_module = (
                True  # historical apps have none: create_permissions skips those
            )
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
        else:
            create_permissions(app_config, apps=apps, verbosity=0)


def top_up_groups(sender, using="default", **kwargs) -> None:
    """post_migrate handler: the groups get the permissions of models added since."""
    from django.apps import apps

    create_all_permissions(apps)
    ensure_groups(apps)


# --- who is an administrator: sees tracebacks, receives alerts -------------------------
# An active superuser or an active member of ADMINISTRATORS_GROUP; any other staff user sees
# the pages their permissions allow, without the details of log entries.


def is_administrator(user) -> bool:
    """True for an active superuser or an active member of `ADMINISTRATORS_GROUP`."""
    if not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_syncadmin_is_administrator", None)
    if cached is None:
        cached = user.groups.filter(name=ADMINISTRATORS_GROUP).exists()
        user._syncadmin_is_administrator = cached
    return cached


def administrator_emails() -> list[str]:
    """The e-mail addresses of every active administrator that has one, sorted, no repeats."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=ADMINISTRATORS_GROUP))
    )
    return sorted({email for email in users.values_list("email", flat=True) if email})
