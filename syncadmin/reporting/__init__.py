"""Raportowanie: everything about runs and their log, in one room.

The run pages and the log entry list (`runs`, `logentries`), the date-range filter
(`filters`), the CSV export (`export`) and the daily log files (`logfiles`). The importer
writes runs, entries and daily files (`importer.runlog`) and prunes old ones
(`importer.retention`); this package shows them.
"""
