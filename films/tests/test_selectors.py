"""Film reads for the catalogue and the film page."""

import pytest

from films.selectors import catalogue_films, genre_choices, year_choices
from films.tests.factories import make_film, make_genre

pytestmark = pytest.mark.django_db


def titles(films) -> list[str]:
    return sorted(film.title for film in films)


def test_catalogue_films_without_filters_returns_every_film():
    make_film(title="Her")
    make_film(title="Alien")
    assert titles(catalogue_films()) == ["Alien", "Her"]


def test_catalogue_films_matches_each_title_word_case_insensitively():
    make_film(title="Lost in Translation")
    make_film(title="Lost Highway")
    assert titles(catalogue_films(q="LOST")) == ["Lost Highway", "Lost in Translation"]
    assert titles(catalogue_films(q="translation lost")) == ["Lost in Translation"]
    assert titles(catalogue_films(q="lost nowhere")) == []


def test_catalogue_films_filters_by_genre_slug_and_year_together():
    romance, drama = make_genre(name="Romance", slug="romance"), make_genre(name="Drama", slug="drama")
    make_film(title="Her", year=2013, genres=[romance, drama])
    make_film(title="Before Sunrise", year=1995, genres=[romance])
    make_film(title="Whiplash", year=2014, genres=[drama])
    assert titles(catalogue_films(genre="romance")) == ["Before Sunrise", "Her"]
    assert titles(catalogue_films(genre="drama", year=2013)) == ["Her"]
    assert titles(catalogue_films(genre="horror")) == []


def test_catalogue_films_has_no_duplicates_for_a_film_in_several_genres():
    film = make_film(genres=[make_genre(), make_genre()])
    assert list(catalogue_films()) == [film]


def test_genre_and_year_choices():
    make_genre(name="Romance", slug="romance")
    make_genre(name="Drama", slug="drama")
    make_film(year=2013)
    make_film(year=2013)
    make_film(year=1995)
    assert genre_choices() == [("drama", "Drama"), ("romance", "Romance")]
    assert year_choices() == [2013, 1995]
