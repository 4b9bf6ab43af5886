"""``manage.py discover_databases [--configuration NAME]``: discovery from the command line."""

from django.core.management.base import BaseCommand, CommandError

from harmonogramy.discovery import DiscoveryError, discover
from harmonogramy.models import ConfigurationDatabase


class Command(BaseCommand):
    help = (
        "Read CDN.Bazy of the configuration database(s) and create or update the company "
        "databases (new ones get a disabled schedule). Prints one line per configuration "
        "database; exits 1 when any of them could not be read (that one is left unchanged)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--configuration",
            action="append",
            metavar="NAME",
            help="configuration database name (repeatable; default: every one)",
        )

    def handle(self, *args, **options):
        names = options["configuration"]
        configurations = list(ConfigurationDatabase.objects.all())
        if names:
            by_name = {c.name: c for c in configurations}
            unknown = [n for n in names if n not in by_name]
            if unknown:
                known = ", ".join(by_name) or "none"
                raise CommandError(
                    f"No configuration database named {unknown[0]!r}. Known: {known}."
                )
            configurations = [by_name[n] for n in names]
        if not configurations:
            raise CommandError("No configuration database is set up; add one in the admin.")
        failed = False
        for configuration in configurations:
            try:
                result = discover(configuration)
            except DiscoveryError as exc:
                self.stderr.write(exc.message)
                failed = True
                continue
            self.stdout.write(result.summary())
        if failed:
            raise SystemExit(1)
