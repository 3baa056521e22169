"""The film page's film: genres, credits and review statistics from Film.objects.for_page() and its stats."""

import pytest

from films.models import Credit, Film
from films.selectors import FilmCredits, credits_by_role
from films.tests.factories import make_credit, make_film, make_genre, make_person
from reviews.selectors import rating_summary, with_review_stats
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def _her_with_credits():
    film = make_film(
        title="Her",
        genres=[make_genre(name="Romance", slug="romance"), make_genre(name="Drama", slug="drama")],
    )
    make_film(genres=[make_genre(name="Action", slug="action")])
    jonze = make_person(name="Spike Jonze")
    make_credit(film=film, person=jonze, role=Credit.Role.DIRECTOR)
    make_credit(film=film, person=jonze, role=Credit.Role.WRITER)
    make_credit(film=film, person=make_person(name="Amy Adams"), character="Amy", order=3)
    make_credit(film=film, person=make_person(name="Joaquin Phoenix"), character="Theodore", order=1)
    make_credit(film=film, person=make_person(name="Chris Pratt"), character="Paul", order=3)  # same order: by id
    make_credit(film=make_film(), person=make_person(name="Someone Else"))
    return film


def _for_page(slug: str) -> Film:
    return with_review_stats(Film.objects.for_page()).get(slug=slug)


def test_for_page_brings_genres_by_name_and_credits_in_billing_order_in_three_queries(django_assert_num_queries):
    film = _her_with_credits()
    with django_assert_num_queries(3):  # the film with its statistics, its genres, its credits with their people
        loaded = _for_page(film.slug)
        genres = [(genre.name, genre.get_absolute_url()) for genre in loaded.genres.all()]
        credits = credits_by_role(loaded)
        names = {
            role: [(credit.person.name, credit.character) for credit in getattr(credits, role)]
            for role in ("directors", "writers", "cast")
        }
        summary = rating_summary(film=loaded)
    assert loaded == film
    assert genres == [("Drama", "/films/?genre=drama"), ("Romance", "/films/?genre=romance")]
    assert names == {
        "directors": [("Spike Jonze", "")],
        "writers": [("Spike Jonze", "")],
        "cast": [("Joaquin Phoenix", "Theodore"), ("Amy Adams", "Amy"), ("Chris Pratt", "Paul")],
    }
    assert summary.count == 0


def test_a_film_without_genres_or_credits():
    film = _for_page(make_film().slug)
    assert list(film.genres.all()) == []
    assert credits_by_role(film) == FilmCredits()


def test_the_review_statistics_come_with_the_film_so_the_summary_needs_no_query(django_assert_num_queries):
    film = make_film()
    for rating in (10, 7, None):
        make_review(film=film, rating=rating)
    loaded = _for_page(film.slug)

    with django_assert_num_queries(0):
        summary = rating_summary(film=loaded)

    assert (summary.count, summary.review_count, summary.average) == (2, 3, 8.5)
    assert [bar.count for bar in summary.bars] == [0, 0, 0, 0, 0, 0, 1, 0, 0, 1]


def test_a_film_without_visible_reviews_has_empty_statistics_without_a_query(django_assert_num_queries):
    loaded = _for_page(make_film().slug)

    with django_assert_num_queries(0):
        summary = rating_summary(film=loaded)

    assert (summary.count, summary.review_count, summary.average) == (0, 0, None)
