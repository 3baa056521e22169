"""Hot queries whose SQL Django compiles once per process instead of on every request."""

import functools
import itertools
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.db.models.query import RawQuerySet

M = TypeVar("M", bound=Model)

# Placeholder values that no real row or parameter has: large negative numbers, and text with NUL characters.
_PLACEHOLDER_NUMBERS = itertools.count(-(2**62), -1)


def _placeholder(kind: type) -> Any:
    number = next(_PLACEHOLDER_NUMBERS)
    if kind is int:
        return number
    if kind is str:
        return f"\x00slot{number}\x00"
    raise TypeError(f"CompiledQuery slots are int or str, not {kind.__name__}.")


class CompiledQuery(Generic[M]):
    """A queryset's SQL, compiled by Django once, then run through raw() with each call's values.

    Django compiles a queryset to SQL every time it is evaluated. For the film page's list of
    reviews that took longer than the database took to answer (bench/run.py), on every visit,
    for SQL that never changes but for a film id. Here `build` receives a placeholder for each
    slot and returns the queryset, which stays the one definition of the query; it is compiled
    at the first call, each placeholder found among its parameters, and each call runs that SQL
    with the slots' values through Model.objects.raw(), which still makes instances and applies
    Django's conversions to model fields (annotations come as the database gives them).

        cards = CompiledQuery(lambda film_id: Review.objects.filter(film_id=film_id), film_id=int)
        cards(film_id=7, limit=10, offset=0)

    For queries whose shape never changes. raw() maps columns to fields by name, so
    select_related() is refused (annotate the related values instead), and LIMIT and OFFSET
    are the call's: the queryset itself must not be sliced.
    """

    def __init__(self, build: Callable[..., QuerySet[M]], **slots: type) -> None:
        self.build = build
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
        return queryset.model, f"{sql} LIMIT %s OFFSET %s", params, positions

    def __call__(self, *, limit: int, offset: int = 0, **values: Any) -> RawQuerySet:
        model, sql, params, positions = self._compiled
        if values.keys() != positions.keys():
            raise TypeError(f"CompiledQuery needs exactly the slots {sorted(positions)}, got {sorted(values)}.")
        params = list(params)
        for name, position in positions.items():
            params[position] = values[name]
        return model._default_manager.raw(sql, [*params, limit, offset])
