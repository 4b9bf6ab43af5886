"""The deployment files hold together: the systemd units start what exists, and the
production .env example gives a configuration that ``check --deploy`` finds clean."""

import configparser
import os
import re
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string((DEPLOY / "systemd" / name).read_text().replace("\\\n", " "))
    return parser


def _example_env() -> dict:
    values = {}
    for line in (DEPLOY / "production.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            assert re.fullmatch(r"[A-Z][A-Z0-9_]*", key), line
            values[key] = value
    return values


def test_the_web_unit_runs_gunicorn_on_the_wsgi_app_after_migrating():
    service = _unit("syncadmin-web.service")["Service"]
    assert "gunicorn syncadmin.wsgi:application" in " ".join(service["ExecStart"].split())
    text = (DEPLOY / "systemd" / "syncadmin-web.service").read_text()
    assert "ExecStartPre=/opt/syncadmin/.venv/bin/python manage.py migrate --noinput" in text
    assert service["EnvironmentFile"] == "/etc/syncadmin/syncadmin.env"
    assert service["User"] == "syncadmin"


def test_the_cluster_unit_runs_qcluster_and_restarts():
    service = _unit("syncadmin-cluster.service")["Service"]
    assert service["ExecStart"].endswith("manage.py qcluster")
    assert service["Restart"] == "always"
    assert service["EnvironmentFile"] == "/etc/syncadmin/syncadmin.env"


def test_every_variable_of_the_production_example_is_read_by_the_settings():
    settings_source = (ROOT / "syncadmin" / "settings.py").read_text()
    for key in _example_env():
        name = key.removesuffix("_FILE")
        assert f'"{name}"' in settings_source or f'"{key}"' in settings_source, key


def test_the_production_example_passes_check_deploy(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SYNCADMIN_", "DATABASE_"))}
    env.update(_example_env())
    (tmp_path / "secret_key").write_text(Fernet.generate_key().decode() * 2)
    (tmp_path / "encryption_key").write_text(Fernet.generate_key().decode())
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "syncadmin.settings",
            "SYNCADMIN_DATA_DIR": str(tmp_path / "data"),
            "SYNCADMIN_LOG_DIR": str(tmp_path / "logs"),
            "SECRET_KEY_FILE": str(tmp_path / "secret_key"),
            "SYNCADMIN_ENCRYPTION_KEY_FILE": str(tmp_path / "encryption_key"),
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
