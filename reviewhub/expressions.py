"""Query expressions shared by the apps."""

import json
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from django.db import NotSupportedError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, JSONField, QuerySet, Subquery, Window
from django.db.models.expressions import BaseExpression
from django.db.models.functions import RowNumber
from django.db.models.sql.compiler import SQLCompiler

_RANK = "jsonrows_rank"
_by_rank = itemgetter(-1)


class JSONRows(Subquery):
    """A small related set as one value of the outer query: a list with a list of field values per row.

    Why: every ORM query costs a fraction of a millisecond of Django's own work (building the
    queryset, compiling it, making instances) before the database sees it. An object shown
    with a few small related sets, such as a film with its genres and credits, can bring them
    back as annotations of its own query instead of one query per set:

        Film.objects.annotate(
            genre_rows=JSONRows(Genre.objects.filter(films=OuterRef("pk")), "name", "slug", order_by=["name"]),
        )

    gives each film a `genre_rows` like [["Drama", "drama"], ["Romance", "romance"]] ([] when
    there are none). Fields may follow relations ("person__name").

    The rows come in the order of `order_by` (what Window() takes: names, "-name", expressions),
    or in no particular order without it. SQLite 3.40's JSON aggregate takes no ORDER BY, and
    neither database promises to aggregate in a subquery's order, so each row carries its
    ROW_NUMBER() and is sorted after decoding. A queryset's own order_by() would be dropped, so
    it is refused; the model's Meta.ordering is not used.

    Values arrive as JSON has them: text, whole numbers and null come back exactly; booleans,
    dates, times and decimals do not (SQLite gives 0/1 for booleans, the backends write dates
    differently), so keep to text and number fields. Meant for sets of a few dozen rows: the
    whole set is built for each outer row. PostgreSQL and SQLite only.
    """

    # PostgreSQL's json_agg() is NULL over no rows; json values are cast to text because
    # psycopg2 decodes json itself, and JSONField (below) would then decode a list.
    postgresql_template = (
        "(SELECT COALESCE(json_agg(json_build_array(%(columns)s)), '[]')::text FROM (%(subquery)s) AS %(alias)s)"
    )
    sqlite_template = "(SELECT json_group_array(json_array(%(columns)s)) FROM (%(subquery)s) AS %(alias)s)"
    # A queryset that cannot match anything (pk__in=[]) is not compiled; this stands in for it.
    empty_result_set_value = "[]"

    def __init__(self, queryset: QuerySet, *fields: str, order_by: Sequence[str | BaseExpression] = ()) -> None:
        if not fields:
            raise ValueError("JSONRows needs at least one field.")
        if queryset.query.order_by:
            raise ValueError("JSONRows does not keep a queryset's order_by(): give the order as order_by=.")
        columns: dict[str, Any] = {f"jsonrows_{index}": F(name) for index, name in enumerate(fields)}
        if order_by:
            columns[_RANK] = Window(RowNumber(), order_by=list(order_by))
        self.column_aliases = list(columns)
        self.ordered = bool(order_by)
        super().__init__(queryset.order_by().values(**columns), output_field=JSONField())

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any):
        raise NotSupportedError(f"JSONRows is not implemented for {connection.display_name}.")

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any):
        return self._as_sql(compiler, connection, self.postgresql_template, **extra_context)

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any):
        return self._as_sql(compiler, connection, self.sqlite_template, **extra_context)

    def _as_sql(self, compiler, connection, template: str, **extra_context: Any):
        alias = connection.ops.quote_name("jsonrows")
        columns = ", ".join(f"{alias}.{connection.ops.quote_name(column)}" for column in self.column_aliases)
        return super().as_sql(compiler, connection, template=template, columns=columns, alias=alias, **extra_context)

    def get_db_converters(self, connection: BaseDatabaseWrapper) -> list:
        """JSONField's decoding, then (given order_by) putting the rows in order."""
        converters = super().get_db_converters(connection)
        if self.ordered:
            converters.append(self._in_order)
        return converters

    @staticmethod
    def _in_order(rows: list[list], expression: Any, connection: BaseDatabaseWrapper) -> list[list]:
        return _ranked_rows_in_order(rows)


def _ranked_rows_in_order(rows: list[list]) -> list[list]:
    rows.sort(key=_by_rank)
    for row in rows:
        del row[-1]
    return rows


def json_rows_in_order(text: str) -> list[list]:
    """The rows of a JSONRows given order_by, from the JSON text that raw SQL returns (no converters run there)."""
    return _ranked_rows_in_order(json.loads(text))
