"""Hot queries whose SQL Django compiles once per process instead of on every request."""

import functools
import itertools
import re
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.query import RawQuerySet

M = TypeVar("M", bound=Model)

# Placeholder values that no real row or parameter has: large negative numbers, and text with NUL characters.
_PLACEHOLDER_NUMBERS = itertools.count(-(2**62), -1)
# The statements prepared on each PostgreSQL connection (a new connection prepares them again).
_PREPARED: "weakref.WeakKeyDictionary[Any, set[str]]" = weakref.WeakKeyDictionary()
_FORMAT_MARKERS = re.compile(r"%[s%]")


def _placeholder(kind: type) -> Any:
    number = next(_PLACEHOLDER_NUMBERS)
    if kind is int:
        return number
    if kind is str:
        return f"\x00slot{number}\x00"
    raise TypeError(f"CompiledQuery slots are int or str, not {kind.__name__}.")


def _numbered(sql: str) -> str:
    """Django's "%s" parameters as PostgreSQL's $1, $2, ... (and "%%" as "%"), for PREPARE."""
    numbers = itertools.count(1)
    return _FORMAT_MARKERS.sub(lambda marker: f"${next(numbers)}" if marker.group() == "%s" else "%", sql)


class CompiledQuery(Generic[M]):
    """A queryset's SQL, compiled by Django once, then run through raw() with each call's values.

    Django compiles a queryset to SQL every time it is evaluated. For the film page's two
    queries that took longer than the database took to answer (bench/run.py), on every visit,
    for SQL that never changes but for a film. Here `build` receives a placeholder for each
    slot and returns the queryset, which stays the one definition of the query; it is compiled
    at the first call, each placeholder found among its parameters, and each call runs that SQL
    with the slots' values through Model.objects.raw(), which still makes instances and applies
    Django's conversions to model fields (annotations come as the database gives them).

        cards = CompiledQuery(lambda film_id: Review.objects.filter(film_id=film_id), film_id=int)
        cards(film_id=7, limit=10, offset=0)

    For queries whose shape never changes. raw() maps columns to fields by name, so
    select_related() is refused (annotate the related values instead). With paged=True (the
    default) LIMIT and OFFSET are the call's: the queryset itself must not be sliced.

    prepared_as="name": on PostgreSQL the statement is also prepared on each connection and
    run with EXECUTE, so that PostgreSQL stops parsing and planning it every time (the film
    page's film query: 0.53 -> 0.17 ms of the server's CPU). Only for a query whose best plan
    does not depend on its values, such as a lookup by a unique key: PostgreSQL settles on one
    plan for all values. REVIEWHUB_PREPARED_STATEMENTS = False turns it off (a pooler that
    shares server connections between transactions, such as PgBouncer, loses them).
    """

    def __init__(
        self, build: Callable[..., QuerySet[M]], *, paged: bool = True, prepared_as: str = "", **slots: type
    ) -> None:
        self.build = build
        self.paged = paged
        self.prepared_as = prepared_as
        self.slots = slots

    @functools.cached_property
    def _compiled(self) -> tuple[type[M], str, list[Any], dict[str, int]]:
        placeholders = {name: _placeholder(kind) for name, kind in self.slots.items()}
        queryset = self.build(**placeholders)
        query = queryset.query
        if query.select_related:
            raise ValueError("CompiledQuery runs through raw(), which cannot follow select_related().")
        if query.is_sliced:
            raise ValueError("CompiledQuery adds LIMIT and OFFSET itself: do not slice the queryset.")
        sql, params = query.sql_with_params()
        params = list(params)
        positions = {}
        for name, placeholder in placeholders.items():
            found = [index for index, param in enumerate(params) if param == placeholder]
            if len(found) != 1:
                raise ValueError(f"Slot {name!r} must appear exactly once in the query's parameters, not {len(found)}.")
            positions[name] = found[0]
        if self.paged:
            sql = f"{sql} LIMIT %s OFFSET %s"
        return queryset.model, sql, params, positions

    def _statement(self, sql: str, parameter_count: int) -> str:
        """The SQL to send: the query itself, or EXECUTE of it prepared on this connection."""
        if not (self.prepared_as and connection.vendor == "postgresql" and settings.REVIEWHUB_PREPARED_STATEMENTS):
            return sql
        connection.ensure_connection()
        prepared = _PREPARED.setdefault(connection.connection, set())
        if self.prepared_as not in prepared:
            # Connection set-up, once per connection, like Django's own SET TimeZone: on the
            # driver's connection, so it is not counted among a request's queries.
            with connection.connection.cursor() as cursor:
                cursor.execute(f"PREPARE {self.prepared_as} AS {_numbered(sql)}")
            prepared.add(self.prepared_as)
        return f"EXECUTE {self.prepared_as}({', '.join(['%s'] * parameter_count)})"

    def __call__(self, *, limit: int | None = None, offset: int = 0, **values: Any) -> RawQuerySet:
        model, sql, params, positions = self._compiled
        if values.keys() != positions.keys():
            raise TypeError(f"CompiledQuery needs exactly the slots {sorted(positions)}, got {sorted(values)}.")
        if self.paged != (limit is not None):
            raise TypeError("A paged CompiledQuery needs a limit; one that is not paged takes none.")
        params = list(params)
        for name, position in positions.items():
            params[position] = values[name]
        if self.paged:
            params += [limit, offset]
        return model._default_manager.raw(self._statement(sql, len(params)), params)
