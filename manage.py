#!/usr/bin/env python
"""Django's command-line utility for syncadmin."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "syncadmin.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError, ProgrammingError

    try:
        execute_from_command_line(sys.argv)
    except (OperationalError, ProgrammingError) as exc:
        if "no such table" not in str(exc) and "does not exist" not in str(exc):
            raise
        # A data directory that was never set up: say what to do, not a traceback.
        sys.stderr.write(
            f"syncadmin's database has no tables yet ({exc}).\n"
            "Set it up first: sh scripts/demo.sh (the demo) or python manage.py migrate.\n"
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
