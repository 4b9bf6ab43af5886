"""The two groups syncadmin ships with, and their permissions.

* ``Podgląd`` (viewers): may look at the dashboard's data — company databases, schedules,
  runs, log entries and received documents — and change nothing;
* ``Administratorzy`` (administrators, `syncadmin.dashboard.roles.ADMINISTRATORS_GROUP`):
  every permission on syncadmin's own models (configuration, secrets, devices, runs).

Created by the data migration ``operators.0002_groups`` and topped up after every
``migrate`` (a model added later gets its permissions in ``Administratorzy``). Permissions
are only ever added, never removed, so an administrator's own changes to a group are kept
except for permissions removed from it.
"""

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
        viewers.permissions.add(*Permission.objects.filter(
            content_type__app_label=app_label, codename=f"view_{model}"
        ))
    administrators.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=SYNCADMIN_APPS)
    )


def create_all_permissions(apps) -> None:
    """Create the model permissions of every app now (Django does it only after migrate)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        if getattr(app_config, "models_module", None) is None:
            app_config.models_module = True  # historical apps have none: create_permissions skips those
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
        else:
            create_permissions(app_config, apps=apps, verbosity=0)


def top_up_groups(sender, using="default", **kwargs) -> None:
    """post_migrate handler: the groups get the permissions of models added since."""
    from django.apps import apps

    create_all_permissions(apps)
    ensure_groups(apps)
