"""Film reads for the catalogue and the film page."""

import pytest

from films.models import Credit
from films.selectors import catalogue_films, film_credits, film_page_queryset, genre_choices, year_choices
from films.tests.factories import make_credit, make_film, make_genre, make_person

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


def test_film_credits_group_by_role_in_billing_order(django_assert_num_queries):
    film = make_film()
    jonze = make_person(name="Spike Jonze")
    make_credit(film=film, person=jonze, role=Credit.Role.DIRECTOR)
    make_credit(film=film, person=jonze, role=Credit.Role.WRITER)
    make_credit(film=film, person=make_person(name="Amy Adams"), character="Amy", order=3)
    make_credit(film=film, person=make_person(name="Joaquin Phoenix"), character="Theodore", order=1)
    make_credit(film=make_film(), person=make_person(name="Someone Else"))
    with django_assert_num_queries(3):
        loaded = film_page_queryset().get(pk=film.pk)
        credits = film_credits(film=loaded)
        names = {
            role: [credit.person.name for credit in getattr(credits, role)] for role in ("directors", "writers", "cast")
        }
    assert names == {
        "directors": ["Spike Jonze"],
        "writers": ["Spike Jonze"],
        "cast": ["Joaquin Phoenix", "Amy Adams"],
    }
