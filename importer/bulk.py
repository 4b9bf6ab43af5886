"""Plain executemany writes of many rows of one model, for the import run's bookkeeping.

An import run marks hundreds of inbox rows and writes hundreds of log entries per group of
documents. Django's ``bulk_create`` builds one multi-row statement per batch and
``bulk_update`` one CASE per row and field, both with per-value preparation that costs more
than the ERP writes themselves. Here one prepared statement runs with ``executemany`` on
Django's connection (inside whatever transaction is open), values prepared once per field.
No signals, no ``save()``, no returned ids: use it only where none of those matter.
"""

from django.db import DEFAULT_DB_ALIAS, connections

_PLAIN = (str, int, type(None))  # exact types every field here stores as given


def _prepare(fields, rows):
    """Each value as ``field.get_db_prep_save`` makes it, column by column: an exact str,
    int or None is already that (CharField, TextField, integer fields and foreign keys by
    id), and a repeated value (a group's one timestamp) is prepared once."""
    connection = connections[DEFAULT_DB_ALIAS]
    columns = []
    for field, column in zip(fields, zip(*rows, strict=True), strict=False):
        if any(type(value) not in _PLAIN for value in column):
            memo: dict = {}
            prepared = []
            for value in column:
                if type(value) not in _PLAIN:
                    key = (type(value), value)
                    if key not in memo:
                        memo[key] = field.get_db_prep_save(value, connection)
                    value = memo[key]
                prepared.append(value)
            column = prepared
        columns.append(column)
    return list(zip(*columns, strict=True))


def _statement_parts(model, field_names: list[str]):
    """(fields, quoted column names, quoted table name, connection) for ``model``."""
    meta = model._meta
    fields = [meta.get_field(name) for name in field_names]
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    return fields, [quote(field.column) for field in fields], quote(meta.db_table), connection


def insert_rows(model, field_names: list[str], rows: list[tuple]) -> None:
    """INSERT ``rows`` (tuples of values in ``field_names`` order; a foreign key is given
    by its attname, e.g. ``run_id``) into ``model``'s table with one executemany."""
    if not rows:
        return
    fields, columns, table, connection = _statement_parts(model, field_names)
    marks = ", ".join("%s" for _ in fields)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, _prepare(fields, rows))


def update_rows(model, field_names: list[str], rows: list[tuple], *, extra: str = "") -> None:
    """UPDATE ``model`` rows by primary key: each of ``rows`` is (values of ``field_names``
    in order..., pk); one executemany. ``extra`` is appended to the SET list as SQL text
    (e.g. ``attempts = attempts + 1``; column names quoted by the caller)."""
    if not rows:
        return
    fields, columns, table, connection = _statement_parts(model, field_names)
    assignments = [f"{column} = %s" for column in columns] + ([extra] if extra else [])
    pk = connection.ops.quote_name(model._meta.pk.column)
    sql = f"UPDATE {table} SET {', '.join(assignments)} WHERE {pk} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                (*values, row[-1])
                for values, row in zip(
                    _prepare(fields, [row[:-1] for row in rows]), rows, strict=True
                )
            ],
        )
