"""Presentation filters of films (pure functions, no database)."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from films.templatetags.film_tags import average, pct_class, poster_tone, runtime


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(126, "2h 6m"), (120, "2h"), (45, "45m"), (60, "1h"), (61, "1h 1m"), (None, ""), (0, "")],
)
def test_runtime(minutes, shown):
    assert runtime(minutes) == shown


@pytest.mark.parametrize(
    ("percent", "css"),
    [(37, "w-pct-37"), (0, "w-pct-0"), (100, "w-pct-100"), (140, "w-pct-100"), (-3, "w-pct-0"), (None, "w-pct-0")],
)
def test_pct_class_is_clamped_to_the_classes_site_css_defines(percent, css):
    assert pct_class(percent) == css


def test_poster_tone_is_stable_and_one_of_four():
    assert poster_tone(5) == poster_tone(5) == "poster-tone-1"
    assert {poster_tone(pk) for pk in range(1, 20)} == {f"poster-tone-{n}" for n in range(4)}


def test_filters_load_in_templates():
    rendered = Template("{% load film_tags %}{{ minutes|runtime }} {{ pct|pct_class }}").render(
        Context({"minutes": 126, "pct": 42})
    )
    assert rendered == "2h 6m w-pct-42"


def test_site_css_defines_every_width_class():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    assert all(f".w-pct-{n} {{ width: {n}%; }}" in css for n in range(101))


@pytest.mark.parametrize(
    ("value", "shown"),
    [(9.0, "9.0"), (9, "9.0"), (8.333333, "8.3"), (Decimal("7.6666667"), "7.7"), (None, ""), ("", "")],
)
def test_average_shows_one_decimal(value, shown):
    assert average(value) == shown
