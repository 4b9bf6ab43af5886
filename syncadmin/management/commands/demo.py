"""``manage.py demo [--once]``: the whole automat on the embedded default, on one machine."""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from syncadmin import demo


class Command(BaseCommand):
    help = (
        "Set up the embedded demo (migrate, build a demo Optima on SQLite through ODBC, create "
        "an admin login and a device), start the web app and the django-q2 cluster, and drive "
        "a simulated device that sends the sample batch over HTTP. With --once: send, import "
        "once and exit (0 only if every document of the batch is in the ERP)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="send, import once, exit")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
        parser.add_argument(
            "--every",
            type=int,
            default=60,
            help="seconds between the simulated device's further batches (0: send only the sample)",
        )

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        port = 0 if options["once"] else options["port"]
        try:  # bind before changing anything, so a busy port leaves everything as it was
            server = demo.WebServer(options["host"], port)
        except OSError as exc:
            raise CommandError(
                f"Cannot listen on {options['host']}:{port}: {exc}. Use --port to choose another."
            ) from exc
        setup = demo.prepare()
        server.start()
        if setup.admin_password:
            login = f"{demo.ADMIN_USERNAME} / {setup.admin_password}"
        else:
            login = (
                f"{demo.ADMIN_USERNAME} (password unchanged; set a new one with "
                f"`python manage.py changepassword {demo.ADMIN_USERNAME}`)"
            )
        if options["once"]:
            self.stdout.write(f"intake API for this run: {server.url}/api/mobile/v1/documents")
        else:
            self.stdout.write(f"web app: {server.url}/")
        self.stdout.write(f"admin login: {login}")
        self.stdout.write(f"demo device: {setup.device.name}, token {setup.token}")
        try:
            if options["once"]:
                self._once(server, setup)
            else:
                self._serve(server, setup, options["every"])
        finally:
            server.stop()

    def _download(self, device) -> None:
        try:
            held = device.download()
        except RuntimeError as exc:
            raise CommandError(f"the device could not download its master data: {exc}") from exc
        self.stdout.write(
            "device downloaded master data: "
            + ", ".join(f"{kind} {count}" for kind, count in held.items())
        )

    def _send(self, device, batch) -> list[str]:
        status, answer = device.send(batch)
        if status != 200:
            raise CommandError(f"the intake API refused the batch: HTTP {status} {answer}")
        self.stdout.write(
            f"device sent {len(batch['documents'])} document(s): "
            f"accepted {len(answer['accepted'])}, duplicates {len(answer['duplicates'])}"
        )
        return [d["guid"] for d in batch["documents"]]

    def _once(self, server, setup) -> None:
        from importer.engine import run_import
        from importer.models import RunTrigger

        device = demo.SimulatedDevice(server.url, setup.token)
        self._download(device)
        guids = self._send(device, demo.SimulatedDevice.sample_batch())
        guids += self._send(device, device.new_sale(1))
        run = run_import(setup.company, RunTrigger.COMMAND)
        self.stdout.write(run.summary())
        missing = demo.missing_from_erp(setup.company, guids)
        for guid in missing:
            self.stdout.write(f"not in the ERP: {guid}")
        self.stdout.write(f"imported {run.imported_count}, failed {run.failed_count}")
        self.stdout.write(f"company database: {setup.company_path}")
        if missing:
            raise SystemExit(1)

    def _serve(self, server, setup, every: int) -> None:
        cluster = subprocess.Popen(
            [sys.executable, str(settings.BASE_DIR / "manage.py"), "qcluster"],
            cwd=settings.BASE_DIR,
        )
        stop = {"now": False}
        signal.signal(signal.SIGTERM, lambda *a: stop.update(now=True))
        self.stdout.write(f"cluster started (pid {cluster.pid}); the schedule imports every minute")
        self.stdout.write(f"company database: {setup.company_path}")
        self.stdout.write("Ctrl+C stops the demo.")
        device = demo.SimulatedDevice(server.url, setup.token)
        try:
            self._download(device)
            guids = self._send(device, demo.SimulatedDevice.sample_batch())
            reported = set()
            n, last_sent = 0, time.monotonic()
            while not stop["now"]:
                time.sleep(2)
                reported |= self._report(guids, reported)
                if cluster.poll() is not None:
                    raise CommandError(f"the cluster stopped (exit code {cluster.returncode})")
                if every and time.monotonic() - last_sent >= every:
                    n += 1
                    self._download(device)  # only what changed since the last download
                    guids += self._send(device, device.new_sale(n))
                    last_sent = time.monotonic()
        except KeyboardInterrupt:
            pass
        finally:
            cluster.terminate()
            try:
                cluster.wait(timeout=30)
            except subprocess.TimeoutExpired:
                cluster.kill()
            self.stdout.write("demo stopped")

    def _report(self, guids, reported) -> set:
        from importer.models import DocumentStatus, MobileDocument

        done = set()
        for doc in MobileDocument.objects.filter(guid__in=set(guids) - reported).exclude(
            status=DocumentStatus.RECEIVED
        ):
            detail = doc.erp_number if doc.status == DocumentStatus.IMPORTED else doc.error
            self.stdout.write(f"{doc.doc_type} {doc.number}: {doc.status} {detail}")
            done.add(doc.guid)
        return done
