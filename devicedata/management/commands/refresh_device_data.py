"""``manage.py refresh_device_data --database NAME | --all``: refresh device data from the ERP."""

from django.core.management.base import BaseCommand, CommandError

from devicedata.refresh import refresh
from harmonogramy.models import CompanyDatabase


class Command(BaseCommand):
    help = (
        "Refresh the master data devices download (products, prices, stock, customers, "
        "payment forms, warehouses) from the ERP now. Exit 1 when any refresh failed."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--database", help="company database name")
        which.add_argument("--all", action="store_true", help="every active company database")

    def handle(self, *args, database=None, all=False, **options):
        if all:
            companies = list(CompanyDatabase.objects.filter(is_active=True).order_by("name"))
        else:
            companies = list(CompanyDatabase.objects.filter(name=database))
            if not companies:
                raise CommandError(f"No company database named {database!r}.")
        failed = 0
        for company in companies:
            result = refresh(company)
            failed += not result.ok
            self.stdout.write(f"{company.name}: {result.summary()}")
        if failed:
            raise SystemExit(1)
