"""The admin pages of syncadmin's models, one module per model (Django's autodiscovery
imports this package): company and configuration databases with their schedules
(`companies`), devices, the inbox (`documents`); the runs and their log entries are in
`syncadmin.reporting` (Raportowanie). The admin site itself and the dashboard are in
`syncadmin.dashboard`; operators keep their own admin (`operators.admin`), which needs
nothing of the other apps.

syncadmin shows what the other apps do, so the arrows point here: these modules import the
models of harmonogramy, operators and importer, never the other way round.
"""

from syncadmin.admin import companies, devices, documents
from syncadmin.reporting import logentries, runs

__all__ = ["companies", "devices", "documents", "logentries", "runs"]
