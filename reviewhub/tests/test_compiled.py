"""CompiledQuery: a queryset's SQL compiled once, run with each call's values, giving what the ORM gives."""

import datetime

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from films.models import Film
from films.tests.factories import make_film
from moderation.models import Status
from reviewhub.compiled import CompiledQuery, _numbered
from reviews.models import Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def by_film(film_id):
    return Review.objects.filter(film_id=film_id).annotate(author_name=F("author__username")).order_by("-rating", "pk")


def test_each_call_runs_the_same_query_with_its_own_values_and_pages(django_assert_num_queries):
    films = [make_film(), make_film()]
    for film in films:
        for rating in (3, 9, 6):
            make_review(film=film, rating=rating)
    query = CompiledQuery(by_film, film_id=int)

    for film in films:
        with django_assert_num_queries(1):
            page = list(query(film_id=film.pk, limit=2, offset=1))
        assert page == list(by_film(film.pk)[1:3])
        assert [review.rating for review in page] == [6, 3]


def test_instances_match_the_orm_conversions_and_annotations(film):
    review = make_review(film=film, rating=None, contains_spoilers=True)
    query = CompiledQuery(by_film, film_id=int)

    (loaded,) = query(film_id=film.pk, limit=10)

    assert loaded.pk == review.pk
    assert loaded.rating is None
    assert loaded.contains_spoilers is True
    assert isinstance(loaded.created_at, datetime.datetime) and loaded.created_at.tzinfo is not None
    assert loaded.created_at == Review.objects.get(pk=review.pk).created_at
    assert loaded.author_name == review.author.username


def test_text_slots_and_parameters_of_the_queryset_itself_are_kept(film):
    shown, held = make_review(film=film), make_review(film=film)
    Review.objects.filter(pk=held.pk).update(status=Status.PENDING)
    query = CompiledQuery(
        lambda film_id, status: Review.objects.filter(film_id=film_id, status=status, deleted_at=None).order_by("pk"),
        film_id=int,
        status=str,
    )

    assert list(query(film_id=film.pk, status=Status.APPROVED, limit=10)) == [shown]
    assert list(query(film_id=film.pk, status=Status.PENDING, limit=10)) == [held]


def test_it_refuses_what_raw_sql_cannot_give_back(film):
    with pytest.raises(ValueError, match="select_related"):
        CompiledQuery(lambda film_id: Review.objects.select_related("author").filter(film_id=film_id), film_id=int)(
            film_id=film.pk, limit=1
        )
    with pytest.raises(ValueError, match="slice"):
        CompiledQuery(lambda film_id: Review.objects.filter(film_id=film_id)[:5], film_id=int)(film_id=film.pk, limit=1)
    with pytest.raises(ValueError, match="exactly once"):
        CompiledQuery(lambda film_id: Review.objects.filter(film_id=1), film_id=int)(film_id=film.pk, limit=1)
    with pytest.raises(TypeError, match="slots"):
        CompiledQuery(by_film, film_id=int)(limit=1)


def by_slug(slug):
    return Film.objects.filter(slug=slug)


def test_an_unpaged_query_takes_no_limit(film):
    query = CompiledQuery(by_slug, paged=False, slug=str)

    assert list(query(slug=film.slug)) == [film]
    with pytest.raises(TypeError, match="limit"):
        query(slug=film.slug, limit=1)
    with pytest.raises(TypeError, match="limit"):
        CompiledQuery(by_film, film_id=int)(film_id=film.pk)


def test_parameters_are_numbered_for_prepare():
    assert _numbered("SELECT %s WHERE a LIKE 'x%%' AND b = %s") == "SELECT $1 WHERE a LIKE 'x%' AND b = $2"


on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_prepared_query_runs_as_execute_on_every_connection():
    films = [make_film(), make_film()]
    query = CompiledQuery(by_slug, paged=False, prepared_as="test_compiled_by_slug", slug=str)

    for _ in range(2):  # the second time on a new connection, which prepares it again
        for film in films:
            with CaptureQueriesContext(connection) as captured:
                assert list(query(slug=film.slug)) == [film]
            assert [q["sql"] for q in captured.captured_queries] == [f"EXECUTE test_compiled_by_slug('{film.slug}')"]
        connection.close()


@on_postgresql
def test_prepared_statements_can_be_turned_off(film, settings):
    settings.REVIEWHUB_PREPARED_STATEMENTS = False
    query = CompiledQuery(by_slug, paged=False, prepared_as="test_compiled_off", slug=str)

    with CaptureQueriesContext(connection) as captured:
        assert list(query(slug=film.slug)) == [film]

    assert captured.captured_queries[0]["sql"].startswith("SELECT")
