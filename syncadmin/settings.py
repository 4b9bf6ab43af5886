"""Settings for syncadmin, read from the environment (and an optional `.env` file).

Every deployment shape is chosen here by environment variables, never by editing code:

* embedded default (nothing set): Django on SQLite in WAL mode under ``SYNCADMIN_DATA_DIR``,
  django-q2 with its ORM broker, secrets kept in key files inside the data directory;
* production: ``DATABASE_URL=postgres://…``, ``SYNCADMIN_REDIS_URL=redis://…``,
  ``SECRET_KEY`` and ``SYNCADMIN_ENCRYPTION_KEY`` (or their ``*_FILE`` variants).

See ``.env.example`` for every variable with its meaning.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
_env_file = BASE_DIR / ".env"
if _env_file.exists():
    environ.Env.read_env(str(_env_file))

DATA_DIR = Path(env.str("SYNCADMIN_DATA_DIR", default=str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
# The data directory holds the database (session keys, secrets' ciphertext), the keys and the
# demo ERP: only syncadmin's own user may enter it.
DATA_DIR.chmod(0o700)
LOG_DIR = Path(env.str("SYNCADMIN_LOG_DIR", default=str(DATA_DIR / "logs"))).resolve()


def _secret_from_file(path: Path, make) -> str:
    """Read a secret kept in a file, creating it (mode 0600) on first use.

    Used for the embedded default only, so that `manage.py demo` works on a fresh machine
    without any configuration; production sets the variables explicitly.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def _env_secret(name: str, default_file: Path, make) -> str:
    """A secret from ``NAME``, else from the file named by ``NAME_FILE``, else a generated file."""
    value = env.str(name, default="")
    if value:
        return value
    file_name = env.str(f"{name}_FILE", default="")
    if file_name:
        return Path(file_name).read_text().strip()
    return _secret_from_file(default_file, make)


SECRET_KEY = _env_secret(
    "SECRET_KEY", DATA_DIR / "secret_key.txt", lambda: secrets.token_urlsafe(50)
)


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


# Comma-separated Fernet keys; the first encrypts, all decrypt (key rotation, see rotate_key).
SYNCADMIN_ENCRYPTION_KEYS = [
    k.strip()
    for k in _env_secret(
        "SYNCADMIN_ENCRYPTION_KEY", DATA_DIR / "encryption_key.txt", _fernet_key
    ).split(",")
    if k.strip()
]

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # django.contrib.admin with syncadmin's site: the dashboard is its home page.
    "syncadmin.dashboard.apps.SyncAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_q",
    "axes",  # brute-force protection of the admin login
    "syncadmin",
    "operators",
    "harmonogramy",
    "importer",
    "devicedata",  # master data out to the devices, and the devices in view
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers locked-out logins
]

# Static files (the admin's CSS/JS) served by the app itself through whitenoise (extra
# `[production]`) when no reverse proxy serves STATIC_ROOT; run `collectstatic` first.
if env.bool("SYNCADMIN_SERVE_STATIC", default=False):
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "syncadmin.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "syncadmin.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'syncadmin.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web app read while a cluster worker writes; IMMEDIATE transactions take
    # the write lock up front, so two writers queue on the busy timeout instead of failing
    # with "database is locked" when a read lock cannot be upgraded.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(DATA_DIR / "test-syncadmin.sqlite3")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "pl"
# One date format per language: Polish 03.12.2026 13:15, English 2026-12-03 13:15.
FORMAT_MODULE_PATH = ["syncadmin.formats"]
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

LOGIN_URL = "admin:login"
# django-axes: after SYNCADMIN_LOGIN_FAILURE_LIMIT failed logins of one username from one
# address, that pair is locked out for SYNCADMIN_LOGIN_LOCKOUT_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("SYNCADMIN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SYNCADMIN_LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind a reverse proxy: its addresses, so the lockout sees the real client's address
# (syncadmin.clientip) and cannot be used to lock the real administrator out.
SYNCADMIN_TRUSTED_PROXIES = [
    a.strip() for a in env.list("SYNCADMIN_TRUSTED_PROXIES", default=[]) if a.strip()
]
AXES_CLIENT_IP_CALLABLE = "syncadmin.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Messages (a device token is shown once in one) stay on the server, not in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# The intake API accepts bodies up to 5 MiB (contract); the view enforces it with a 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
SYNCADMIN_MAX_BODY_BYTES = 5 * 1024 * 1024

# How long a company database's run lock lives without a heartbeat before another worker
# may take it over (a worker killed mid-run must not block the database forever).
SYNCADMIN_RUN_LOCK_SECONDS = env.int("SYNCADMIN_RUN_LOCK_SECONDS", default=300)
# Runs, log entries and log files older than this are pruned.
SYNCADMIN_RETENTION_DAYS = env.int("SYNCADMIN_RETENTION_DAYS", default=90)
# Alerts: a database's run failed / recovered. Recipients: this list, else every active
# superuser or administrator with an e-mail. EMAIL_URL e.g. smtp+tls://user:pass@host:587.
SYNCADMIN_ALERT_EMAILS = env.list("SYNCADMIN_ALERT_EMAILS", default=[])
vars().update(
    {k: v for k, v in env.email_url("EMAIL_URL", default="consolemail://").items() if v is not None}
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="syncadmin@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# ODBC login/query timeouts in seconds for ERP connections.
SYNCADMIN_ERP_LOGIN_TIMEOUT = env.int("SYNCADMIN_ERP_LOGIN_TIMEOUT", default=15)
SYNCADMIN_ERP_QUERY_TIMEOUT = env.int("SYNCADMIN_ERP_QUERY_TIMEOUT", default=60)

_redis_url = env.str("SYNCADMIN_REDIS_URL", default="")
# django-q2 keeps its cluster stats (the dashboard's "is the service alive?") in a cache that
# every process must share: Redis when there is one, else files in the data directory.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "cluster-stats": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache" / "cluster-stats"),
        }
    ),
}
Q_CLUSTER = {
    "name": "syncadmin",
    "workers": env.int("SYNCADMIN_Q_WORKERS", default=2),
    "timeout": env.int("SYNCADMIN_Q_TIMEOUT", default=3600),
    "retry": env.int("SYNCADMIN_Q_TIMEOUT", default=3600) + 60,
    "max_attempts": 1,
    "catch_up": False,  # one catch-up run after downtime, not one per missed tick
    "save_limit": 1000,
    "label": _("Task queue"),
    "poll": 1,
    "cache": "cluster-stats",
}
if _redis_url:
    Q_CLUSTER["redis"] = _redis_url
else:
    Q_CLUSTER["orm"] = "default"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django-q": {"level": env.str("Q_LOG_LEVEL", default="WARNING")}},
}

if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^health$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):  # behind a TLS-terminating proxy
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
