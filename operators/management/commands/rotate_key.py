"""``manage.py rotate_key``: re-encrypt every stored secret under the primary key.

Procedure (README, "Security and secrets"): put the new key first in
SYNCADMIN_ENCRYPTION_KEY and keep the old one after it (comma-separated), restart, run
``rotate_key``, then drop the old key. The service keeps working throughout: every
configured key decrypts, the first one encrypts.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from operators.crypto import SecretError, get_fernet
from operators.rotation import RotationError, rotate_all


class Command(BaseCommand):
    help = _("Re-encrypt every stored secret under the first of SYNCADMIN_ENCRYPTION_KEY's keys.")

    def handle(self, *args, **options):
        try:
            get_fernet()
            counts = rotate_all()
        except (SecretError, RotationError) as exc:
            raise CommandError(_("Nothing was changed: %(error)s") % {"error": exc}) from None
        for label, count in counts.items():
            self.stdout.write(
                _("%(field)s: %(count)d re-encrypted") % {"field": label, "count": count}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)d secret(s) re-encrypted under the primary key.")
                % {"count": sum(counts.values())}
            )
        )
