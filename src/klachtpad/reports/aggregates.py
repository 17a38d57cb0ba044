"""Database functions the reports need and Django lacks: days between two dates and the
median. PostgreSQL has both; SQLite gets a median aggregate registered on each
connection, so one query runs on either."""

from __future__ import annotations

import statistics
from typing import Any

from django.db.backends.signals import connection_created
from django.db.models import Aggregate, FloatField, Func, IntegerField


class DaysBetween(Func):
    """``end - start`` in whole days, for two date columns."""

    arity = 2
    output_field = IntegerField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ")

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
        )


class Median(Aggregate):
    function = "MEDIAN"
    name = "Median"
    output_field = FloatField()
    allow_distinct = False

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            function="PERCENTILE_CONT",
            template="%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)",
            **extra,
        )


class _SqliteMedian:
    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return statistics.median(self.values) if self.values else None


def _add_median(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("MEDIAN", 1, _SqliteMedian)


def register_sqlite_median() -> None:
    connection_created.connect(_add_median, dispatch_uid="klachtpad_sqlite_median")
