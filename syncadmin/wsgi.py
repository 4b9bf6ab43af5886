"""WSGI entry point (gunicorn on Linux, waitress on Windows)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "syncadmin.settings")
application = get_wsgi_application()
