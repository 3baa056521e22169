"""JSONRows: a small related set as one JSON value of the outer row, on SQLite and PostgreSQL alike."""

import pytest
from django.db import NotSupportedError, connection
from django.db.models import OuterRef, Value
from django.db.models.functions import NullIf

from films.models import Credit, Film, Genre
from films.tests.factories import make_credit, make_film, make_genre, make_person
from reviewhub.expressions import JSONRows

pytestmark = pytest.mark.django_db


def genre_rows(film: Film, queryset=None, *fields: str, **options):
    queryset = Genre.objects.filter(films=OuterRef("pk")) if queryset is None else queryset
    return Film.objects.annotate(rows=JSONRows(queryset, *(fields or ("name",)), **options)).get(pk=film.pk).rows


def test_an_empty_set_is_an_empty_list(film):
    assert genre_rows(film) == []


def test_a_queryset_that_cannot_match_is_an_empty_list(film):
    """Django does not compile such a subquery at all; the stand-in decodes the same way."""
    assert genre_rows(film, Genre.objects.none()) == []
    assert genre_rows(film, Genre.objects.filter(pk__in=[])) == []


def test_each_row_lists_the_fields_in_the_order_given_and_the_rows_follow_order_by(film):
    make_film(genres=[make_genre(name="Western", slug="western")])  # another film's genre stays out
    film.genres.set([make_genre(name=name, slug=name.lower()) for name in ("Drama", "Romance", "Comedy")])
    assert genre_rows(film, None, "slug", "name", order_by=["name"]) == [
        ["comedy", "Comedy"],
        ["drama", "Drama"],
        ["romance", "Romance"],
    ]
    assert genre_rows(film, None, "name", order_by=["-slug"]) == [["Romance"], ["Drama"], ["Comedy"]]


def test_a_querysets_own_order_would_be_lost_so_it_is_refused():
    with pytest.raises(ValueError, match="order_by="):
        JSONRows(Genre.objects.order_by("name"), "name")


def test_without_order_by_the_rows_are_all_there_in_no_promised_order(film):
    film.genres.set([make_genre(name=name, slug=name.lower()) for name in ("Drama", "Romance", "Comedy")])
    assert sorted(genre_rows(film)) == [["Comedy"], ["Drama"], ["Romance"]]


def test_every_outer_row_gets_its_own_set():
    her = make_film(title="Her", genres=[make_genre(name="Romance", slug="romance")])
    alien = make_film(title="Alien", genres=[make_genre(name="Horror", slug="horror")])
    make_film(title="Blank")
    films = Film.objects.annotate(rows=JSONRows(Genre.objects.filter(films=OuterRef("pk")), "name"))
    assert {film.title: film.rows for film in films.filter(pk__gte=her.pk)} == {
        "Her": [["Romance"]],
        "Alien": [["Horror"]],
        "Blank": [],
    }
    assert alien.pk > her.pk


def test_fields_may_follow_relations_and_numbers_stay_numbers(film):
    make_credit(film=film, person=make_person(name="Amy Adams", slug="amy-adams"), character="Amy", order=3)
    make_credit(film=film, person=make_person(name="Joaquin Phoenix", slug="joaquin-phoenix"), character="Ted", order=1)
    credits = JSONRows(
        Credit.objects.filter(film=OuterRef("pk")), "order", "person__name", "person__slug", order_by=["order"]
    )
    rows = Film.objects.annotate(rows=credits).get(pk=film.pk).rows
    assert rows == [[1, "Joaquin Phoenix", "joaquin-phoenix"], [3, "Amy Adams", "amy-adams"]]


@pytest.mark.parametrize(
    "name",
    [
        "O'Brien",
        'Zoë "Zee" Saldaña',
        "Back\\slash and\ttab",
        "東京物語 — 小津",
        "😀 emoji",
        "[1, 2] looks like JSON",
        "null",
        "",
    ],
)
def test_text_comes_back_exactly(film, name):
    film.genres.set([make_genre(name=name, slug="odd")])
    assert genre_rows(film) == [[name]]


def test_nulls_come_back_as_none():
    film = make_film(runtime_minutes=None)
    make_credit(film=film, character="")
    # A NULL number column, and a NULL text value (NULLIF turns the blank character into one).
    assert Film.objects.annotate(rows=JSONRows(Film.objects.filter(pk=OuterRef("pk")), "title", "runtime_minutes")).get(
        pk=film.pk
    ).rows == [[film.title, None]]
    credits = Credit.objects.filter(film=OuterRef("pk")).annotate(shown_as=NullIf("character", Value("")))
    assert Film.objects.annotate(rows=JSONRows(credits, "shown_as")).get(pk=film.pk).rows == [[None]]


def test_needs_at_least_one_field():
    with pytest.raises(ValueError):
        JSONRows(Genre.objects.all())


def test_other_databases_are_refused_rather_than_given_sql_they_may_not_run(film):
    """as_sql() is what Django compiles for backends without an as_<vendor>() method."""
    expression = Film.objects.annotate(rows=JSONRows(Genre.objects.all(), "name")).query.annotations["rows"]
    with pytest.raises(NotSupportedError):
        expression.as_sql(Film.objects.all().query.get_compiler(connection=connection), connection)
