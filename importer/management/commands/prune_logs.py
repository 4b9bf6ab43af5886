from django.conf import settings
from django.core.management.base import BaseCommand

from importer.retention import prune


class Command(BaseCommand):
    help = (
        "Delete runs with their log entries, daily log files and imported or ignored inbox "
        "documents older than SYNCADMIN_RETENTION_DAYS (failed documents are kept)."
    )

    def handle(self, *args, **options):
        counts = prune()
        self.stdout.write(
            f"older than {settings.SYNCADMIN_RETENTION_DAYS} days: "
            + ", ".join(f"{name} {count}" for name, count in counts.items())
        )
