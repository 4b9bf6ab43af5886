"""The admin's home page and Raportowanie: what an administrator opens every morning.

Where to look:

* ``site.py`` — the admin site: the dashboard as its index, extra URLs (`get_urls`);
* ``states.py`` — a company database's state (healthy, failing, paused, never run, service down);
* ``overview.py`` — the dashboard's rows, loaded in a fixed number of SQL queries;
* ``table.py`` — those rows as the table's HTML, built in Python (fast at 500 rows);
* ``cluster.py`` — is a django-q2 cluster alive?;
* ``views.py`` — dashboard, "synchronize now", pause/resume;
* ``logfiles.py`` — the daily log files of a company database: list and safe download;
* ``charts.py`` — server-drawn SVG charts; ``company_page.py`` — the company database's page;
* ``export.py`` — CSV export of the run and log lists; ``filters.py`` — the date range filter;
* ``roles.py`` — who counts as an administrator; ``formatting.py`` — times in a company's zone.
"""
