"""Writing many rows with one statement per table (the national result list: 8,300 results,
83,000 indicator scores and 8,300 audit rows in one import).

Django's ``bulk_create`` compiles a statement per batch and ``bulk_update`` builds CASE WHEN
expressions that grow with the batch: together they took 30 s for the national list on SQLite.
Here SQLite gets one prepared statement run with ``executemany``; PostgreSQL gets ``COPY`` for
inserts and one ``UPDATE … FROM unnest(…)`` for updates (its client-side cursor would otherwise
send and parse every row as a statement of its own). Values go to the driver as they are, except
JSON (serialised here) and date-times (Django's preparation on SQLite).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def _fields(model: type[models.Model], names: Sequence[str]) -> list[Any]:
    return [model._meta.get_field(name) for name in names]


def _prepared(fields: list[Any], rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    postgres = connection.vendor == "postgresql"

    def convert(field: Any) -> Any:
        if isinstance(field, models.JSONField):
            return lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
        if isinstance(field, models.DateTimeField) and not postgres:
            return lambda v: field.get_db_prep_save(v, connection)
        return None

    converters = [convert(f) for f in fields]
    if not any(converters):
        return list(rows)
    return [tuple(c(v) if c else v for c, v in zip(converters, row, strict=True)) for row in rows]


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """INSERT ``rows`` (values in the order of ``names``) into ``model``'s table."""
    if not rows:
        return
    quote = connection.ops.quote_name
    fields = _fields(model, names)
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    values = _prepared(fields, rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)  # noqa: S608


def update_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """UPDATE by primary key: each row is the values of ``names`` followed by the pk."""
    if not rows:
        return
    quote = connection.ops.quote_name
    fields = _fields(model, [*names, model._meta.pk.name])
    table = quote(model._meta.db_table)
    pk = quote(fields[-1].column)
    values = _prepared(fields, rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
            aliases = ", ".join(f"v{i}" for i in range(len(fields)))
            sets = ", ".join(f"{quote(f.column)} = v.v{i}" for i, f in enumerate(fields[:-1]))
            sql = (
                f"UPDATE {table} SET {sets} FROM unnest({arrays}) AS v({aliases}) "  # noqa: S608
                f"WHERE {table}.{pk} = v.v{len(fields) - 1}"
            )
            cursor.execute(sql, [list(column) for column in zip(*values, strict=True)])
            return
        sets = ", ".join(f"{quote(f.column)} = %s" for f in fields[:-1])
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = %s", values)  # noqa: S608
