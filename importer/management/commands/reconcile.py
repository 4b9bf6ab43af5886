"""``manage.py reconcile --database NAME [--yes]``: after a restore of the ERP, put back in
the queue the documents marked imported that the ERP no longer holds (`importer.reconcile`)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from harmonogramy.models import CompanyDatabase
from importer.erp.adapter import ErpError
from importer.reconcile import find_missing, requeue


class Command(BaseCommand):
    help = (
        "Compare a company database's imported documents with the ERP's import keys, list "
        "those missing from the ERP (after a restore from a backup) and, once confirmed, put "
        "them back in the queue. Exits 0 when nothing is missing or they were put back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database", required=True, metavar="NAME", help="company database name"
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="put them back without asking (needed without a terminal)",
        )

    def handle(self, *args, **options):
        name = options["database"]
        company = CompanyDatabase.objects.filter(name=name).first()
        if company is None:
            known = ", ".join(CompanyDatabase.objects.values_list("name", flat=True))
            raise CommandError(f"No company database named {name!r}. Known: {known or 'none'}.")
        try:
            missing = find_missing(company)
        except ErpError as exc:
            raise CommandError(f"The ERP of {company} cannot be read: {exc}") from None
        if not missing:
            self.stdout.write(f"{company}: every imported document is in the ERP.")
            return
        self.stdout.write(f"{company}: {len(missing)} imported document(s) are not in the ERP:")
        for document in missing:
            self.stdout.write(
                f"  {document.doc_type} {document.number} ({document.guid}), "
                f"was {document.erp_number or '—'}"
            )
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError("Nothing changed: confirm with --yes (no terminal to ask).")
            answer = input("Put them back in the queue? [y/N] ").strip().lower()
            if answer not in ("y", "yes", "t", "tak"):
                self.stdout.write("Nothing changed.")
                return
        run = requeue(company, missing)
        self.stdout.write(
            f"{len(missing)} document(s) back in the queue (run {run.pk}); the "
            "next run imports them."
        )
