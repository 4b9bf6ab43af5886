"""``manage.py device_token``: register devices and issue or revoke their bearer tokens.

    device_token --create NAME --company-database NAME [--sales-rep TEXT]
    device_token --device NAME [--company-database NAME] [--new] [--revoke]

A token is printed once (``--create``, ``--new``) and only its SHA-256 hash is stored
(`importer.models.Device`); a revoked (inactive) device gets 403 from the device API.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from harmonogramy.models import CompanyDatabase
from importer.models import Device


class Command(BaseCommand):
    help = _(
        "Register a device, or issue a new token for it, or revoke it. A token is shown "
        "once and stored only as a hash."
    )

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--create", metavar="NAME", help=_("register a new device"))
        who.add_argument("--device", metavar="NAME", help=_("an existing device"))
        parser.add_argument(
            "--company-database",
            metavar="NAME",
            help=_("its company database (required with --create)"),
        )
        parser.add_argument("--sales-rep", default="", help=_("the sales rep (with --create)"))
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--new", action="store_true", help=_("issue a new token (the old one stops working)")
        )
        action.add_argument(
            "--revoke",
            action="store_true",
            help=_("deactivate the device: its token is refused (403)"),
        )

    def handle(self, *args, **options):
        if options["create"]:
            if options["revoke"]:
                raise CommandError(_("--revoke cannot be used with --create."))
            return self._create(options)
        device = self._find(options["device"], options["company_database"])
        if options["revoke"]:
            device.is_active = False
            device.save(update_fields=["is_active"])
            self.stdout.write(
                _("Device “%(device)s” revoked: its token is refused from now on.")
                % {"device": device.name}
            )
        elif options["new"]:
            token = device.issue_token()
            device.save(update_fields=["token_hash", "token_hint"])
            self._print_token(device, token)
            if not device.is_active:
                self.stderr.write(
                    _(
                        "Note: the device is inactive; its token is refused until "
                        "an administrator activates it."
                    )
                )
        else:
            state = _("active") if device.is_active else _("revoked")
            self.stdout.write(
                _("Device “%(device)s” (%(company)s): %(state)s, token starts with %(hint)s…")
                % {
                    "device": device.name,
                    "state": state,
                    "company": device.company_database,
                    "hint": device.token_hint,
                }
            )

    def _create(self, options):
        name = options["create"].strip()
        if not name or not options["company_database"]:
            raise CommandError(_("--create needs a device name and --company-database NAME."))
        company = CompanyDatabase.objects.filter(name=options["company_database"]).first()
        if company is None:
            raise CommandError(
                _("No company database is named “%(name)s”.")
                % {"name": options["company_database"]}
            )
        if Device.objects.filter(name=name, company_database=company).exists():
            raise CommandError(
                _("Device “%(device)s” already exists in %(company)s; use --device with --new.")
                % {"device": name, "company": company}
            )
        with transaction.atomic():
            device = Device(name=name, sales_rep=options["sales_rep"], company_database=company)
            token = device.issue_token()
            device.save()
        self._print_token(device, token)

    def _find(self, name: str, company_name: str | None) -> Device:
        devices = Device.objects.select_related("company_database").filter(name=name)
        if company_name:
            devices = devices.filter(company_database__name=company_name)
        found = list(devices[:2])
        if not found:
            raise CommandError(_("No device is named “%(device)s”.") % {"device": name})
        if len(found) > 1:
            raise CommandError(
                _("Several devices are named “%(device)s”: add --company-database NAME.")
                % {"device": name}
            )
        return found[0]

    def _print_token(self, device: Device, token: str) -> None:
        self.stderr.write(
            _("Token of device “%(device)s” (%(company)s), shown once and not stored:")
            % {"device": device.name, "company": device.company_database}
        )
        self.stdout.write(token)
