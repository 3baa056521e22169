"""Presentation filters for films and ratings; pure functions of their arguments, never a query."""

from decimal import Decimal

from django import template

from reviewhub.numbers import one_decimal

register = template.Library()


@register.filter
def runtime(minutes: int | None) -> str:
    """126 -> "2h 6m"; 120 -> "2h"; 45 -> "45m"; nothing for an unknown runtime."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h {rest}m" if rest else f"{hours}h"


@register.filter
def pct_class(percent: int | float | None) -> str:
    """The CSS width class for a bar, clamped to the w-pct-0..w-pct-100 defined in site.css."""
    value = round(float(percent or 0))
    return f"w-pct-{min(100, max(0, value))}"


@register.filter
def poster_tone(film_pk: int | None) -> str:
    """One of four palette tones for a drawn placeholder, stable per film, so a grid is not uniform."""
    return f"poster-tone-{int(film_pk or 0) % 4}"


@register.filter
def average(value: float | Decimal | None) -> str:
    """An average rating to one decimal, rounded exactly as reviews.selectors.rating_summary rounds it."""
    if value is None or value == "":
        return ""
    return f"{one_decimal(value):.1f}"
