"""``manage.py sync_now --database NAME | --all``: run the import by hand, now, in this process."""

from django.core.management.base import BaseCommand, CommandError

from harmonogramy.models import CompanyDatabase
from harmonogramy.nextrun import next_run_line
from importer.engine import run_import
from importer.models import RunStatus, RunTrigger


class Command(BaseCommand):
    help = (
        "Import the waiting documents of one or all company databases now. Prints one line per "
        "database; exits 0 when every run succeeded (or was skipped because another run of "
        "the database was going), 1 when any failed."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument(
            "--database", action="append", metavar="NAME", help="company database name (repeatable)"
        )
        target.add_argument("--all", action="store_true", help="every active company database")

    def handle(self, *args, **options):
        if options["all"]:
            companies = list(CompanyDatabase.objects.filter(is_active=True))
        else:
            companies = []
            for name in options["database"]:
                company = CompanyDatabase.objects.filter(name=name).first()
                if company is None:
                    known = ", ".join(CompanyDatabase.objects.values_list("name", flat=True))
                    raise CommandError(
                        f"No company database named {name!r}. Known: {known or 'none'}."
                    )
                companies.append(company)
        failed = False
        for company in companies:
            run = run_import(company, RunTrigger.COMMAND)
            self.stdout.write(run.summary())
            self.stdout.write(f"  {next_run_line(company)}")
            failed = failed or run.status == RunStatus.FAILED
        if failed:
            raise SystemExit(1)
