"""The film page's film: genres, credits and review statistics in one query (reviews.selectors.film_for_page)."""

import pytest

from films.models import Credit
from films.selectors import FilmCredits, with_genres_and_credits
from films.tests.factories import make_credit, make_film, make_genre, make_person
from reviews.selectors import film_for_page, rating_summary
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


def test_film_for_page_brings_genres_by_name_and_credits_in_billing_order_in_one_query(django_assert_num_queries):
    film = _her_with_credits()
    with django_assert_num_queries(1):
        page = film_for_page(slug=film.slug)
        genres = [(genre.name, genre.get_absolute_url()) for genre in page.genres]
        names = {
            role: [(credit.person.name, credit.character) for credit in getattr(page.credits, role)]
            for role in ("directors", "writers", "cast")
        }
    assert page.film == film
    assert (page.film.title, page.film.year, page.film.synopsis) == (film.title, film.year, film.synopsis)
    assert genres == [("Drama", "/films/?genre=drama"), ("Romance", "/films/?genre=romance")]
    assert names == {
        "directors": [("Spike Jonze", "")],
        "writers": [("Spike Jonze", "")],
        "cast": [("Joaquin Phoenix", "Theodore"), ("Amy Adams", "Amy"), ("Chris Pratt", "Paul")],
    }


def fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def test_film_for_page_builds_whole_instances_as_if_loaded_by_the_orm():
    """Every field loaded, none deferred: a field added to these models must be added to film_for_page too."""
    film = _her_with_credits()
    page = film_for_page(slug=film.slug)
    credits = sorted(page.credits.directors + page.credits.writers + page.credits.cast, key=lambda credit: credit.pk)
    people = [credit.person for credit in credits]
    loaded = [*page.genres, *credits, *people]
    assert [instance.get_deferred_fields() for instance in loaded] == [set()] * len(loaded)
    assert not any(instance._state.adding for instance in loaded)
    assert [fields(genre) for genre in page.genres] == list(film.genres.order_by("name").values())
    assert [fields(credit) for credit in credits] == list(film.credits.order_by("pk").values())
    assert [fields(person) for person in people] == [fields(credit.person) for credit in film.credits.order_by("pk")]


def test_with_genres_and_credits_gives_a_loaded_film_the_same_in_one_query(django_assert_num_queries):
    film = _her_with_credits()
    whole = film_for_page(slug=film.slug)
    with django_assert_num_queries(1):
        parts = with_genres_and_credits(film=film)
    assert parts.film is film
    assert [fields(genre) for genre in parts.genres] == [fields(genre) for genre in whole.genres]
    for role in ("directors", "writers", "cast"):
        assert [(fields(credit), fields(credit.person)) for credit in getattr(parts.credits, role)] == [
            (fields(credit), fields(credit.person)) for credit in getattr(whole.credits, role)
        ]


def test_film_for_page_without_genres_or_credits():
    film = make_film()
    page = film_for_page(slug=film.slug)
    assert page.genres == []
    assert page.credits == FilmCredits()


def test_film_for_page_of_an_unknown_slug_is_none(django_assert_num_queries):
    make_film()
    with django_assert_num_queries(1):
        assert film_for_page(slug="no-such-film") is None


def test_film_for_page_brings_the_review_statistics_so_the_summary_needs_no_query(django_assert_num_queries):
    film = make_film()
    for rating in (10, 7, None):
        make_review(film=film, rating=rating)
    page = film_for_page(slug=film.slug)

    with django_assert_num_queries(0):
        summary = rating_summary(film=page.film)

    assert (summary.count, summary.review_count, summary.average) == (2, 3, 8.5)
    assert [bar.count for bar in summary.bars] == [0, 0, 0, 0, 0, 0, 1, 0, 0, 1]


def test_a_film_without_visible_reviews_has_empty_statistics_without_a_query(django_assert_num_queries):
    film = make_film()
    page = film_for_page(slug=film.slug)

    with django_assert_num_queries(0):
        summary = rating_summary(film=page.film)

    assert (summary.count, summary.review_count, summary.average) == (0, 0, None)
