"""The groups "Podgląd" (viewers) and "Administratorzy" (administrators); see operators.roles."""

from django.db import migrations


def create_groups(apps, schema_editor):
    from operators.roles import create_all_permissions, ensure_groups

    create_all_permissions(apps)
    ensure_groups(apps)


def remove_groups(apps, schema_editor):
    from operators.roles import ADMINISTRATORS_GROUP, VIEWERS_GROUP

    apps.get_model("auth", "Group").objects.filter(
        name__in=[VIEWERS_GROUP, ADMINISTRATORS_GROUP]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("operators", "0001_initial"),
        ("harmonogramy", "0003_alert_state"),
        ("importer", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
