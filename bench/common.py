"""What every benchmark shares: a throwaway syncadmin, the machine's description, figures.

Benchmarks are scripts that print figures, not tests: nothing here asserts a target. Each
script sets up its own throwaway data directory (``SYNCADMIN_DATA_DIR`` in a temp folder,
Django's SQLite there, migrated) so ``./var`` is never touched.
"""

import getpass
import os
import platform
import statistics
import sys
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_DRIVER = os.environ.get("SYNCADMIN_BENCH_PG_DRIVER", "PostgreSQL Unicode")
PG_HOST = os.environ.get("SYNCADMIN_BENCH_PG_HOST", "/var/run/postgresql")
PG_USER = os.environ.get("SYNCADMIN_BENCH_PG_USER", getpass.getuser())


def scratch_dir(prefix: str) -> Path:
    """A new temporary folder, removed when the benchmark exits (a run of them writes a few
    GB of throwaway databases). Set SYNCADMIN_BENCH_KEEP=1 to keep them for a look."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if not os.environ.get("SYNCADMIN_BENCH_KEEP"):
        import atexit
        import shutil

        atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def setup_django(data_dir: str | None = None) -> Path:
    """Point syncadmin at a fresh data directory, ``django.setup()`` and migrate quietly.

    Returns the data directory. Must run before any Django model import.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    data = Path(data_dir) if data_dir else scratch_dir("syncadmin-bench-")
    os.environ["SYNCADMIN_DATA_DIR"] = str(data)
    os.environ.pop("SYNCADMIN_LOG_DIR", None)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "syncadmin.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return data


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _odbc_driver_versions() -> str:
    """The ODBC drivers registered with unixODBC and, when readable, their package versions."""
    import subprocess

    versions = []
    for package in ("libsqliteodbc", "odbc-postgresql", "unixodbc"):
        try:
            out = subprocess.run(
                ["dpkg-query", "-W", "-f=${Version}", package],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            )
            if out.returncode == 0 and out.stdout:
                versions.append(f"{package} {out.stdout}")
        except (OSError, subprocess.SubprocessError):
            pass
    return ", ".join(versions) or "unknown"


def machine() -> dict:
    """The machine's load before the benchmark starts (a busy machine's figures are not
    comparable), CPU model, cores, RAM, Python, Django, pyodbc and ODBC driver versions."""
    import django

    try:
        import pyodbc

        pyodbc_version = pyodbc.version
    except ImportError:
        pyodbc_version = "missing"
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return {
        "load (1, 5, 15 min)": load,
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram": _ram_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "pyodbc": pyodbc_version,
        "odbc drivers": _odbc_driver_versions(),
    }


def print_machine() -> None:
    print("machine:")
    for key, value in machine().items():
        print(f"  {key}: {value}")


def print_figures(figures: list[tuple[str, object, str]]) -> None:
    """The closing lines, one per figure: ``name: value unit``."""
    for name, value, unit in figures:
        if isinstance(value, float):
            value = f"{value:.3f}" if value < 10 else f"{value:.1f}"
        print(f"{name}: {value} {unit}".rstrip())


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (0–100) by nearest rank; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


@contextmanager
def pg_throwaway_database():
    """A throwaway PostgreSQL database over the Unix socket as the OS user's role.

    Yields its `ErpConnectionSettings` (or None when PostgreSQL or its driver is missing,
    with the reason printed); drops it afterwards.
    """
    from importer.erp.adapter import ErpConnectionSettings, ErpError, available_drivers, connect

    def settings(name):
        return ErpConnectionSettings(
            dialect="postgresql",
            driver=PG_DRIVER,
            server=PG_HOST,
            port=5432,
            database=name,
            username=PG_USER,
            login_timeout=5,
            query_timeout=300,
        )

    if PG_DRIVER not in available_drivers():
        print(f"PostgreSQL: ODBC driver {PG_DRIVER!r} is not installed; skipped")
        yield None
        return
    try:
        admin = connect(settings("postgres"))
    except ErpError as exc:
        print(f"PostgreSQL at {PG_HOST} is unreachable ({exc}); skipped")
        yield None
        return
    name = f"syncadmin_bench_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield settings(name)
    finally:
        with connect(settings("postgres")) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
