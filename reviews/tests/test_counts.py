"""FilmReviewStats stays equal to a count of the visible reviews, whatever path changes them.

The truth each test compares with is an ORM aggregate over the reviews, computed
independently of the triggers (reviews/counts.py).
"""

import random

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, Sum

from conftest import make_user
from films.tests.factories import make_film
from moderation.models import Status
from moderation_desk import services as moderation
from reviews import services
from reviews.counts import FILM_REVIEW_COUNTS
from reviews.models import FilmReviewStats, Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def counted(film) -> dict[str, int]:
    """What the stats must hold for `film`, counted from the reviews themselves."""
    visible = Review.objects.visible().filter(film=film)
    row = visible.aggregate(
        review_count=Count("pk"),
        rating_count=Count("rating"),
        rating_total=Sum("rating", default=0),
        **{f"ratings_{n}": Count("pk", filter=Q(rating=n)) for n in range(1, 11)},
    )
    return row


def stored(film) -> dict[str, int]:
    """What the stats hold for `film` (zeros when no row was ever made)."""
    row = FilmReviewStats.objects.filter(film=film).values().first() or {}
    return {key: row.get(key, 0) for key in counted(film)}


def test_a_film_without_reviews_has_no_stats_row_and_reads_as_zero():
    film = make_film()

    assert not FilmReviewStats.objects.filter(film=film).exists()
    assert stored(film) == counted(film) == dict.fromkeys(counted(film), 0)


def test_writing_editing_and_deleting_reviews_through_the_services_keeps_the_stats_exact():
    film = make_film()
    first = make_review(film=film, rating=8)
    second = make_review(film=film, rating=None)
    assert stored(film)["review_count"] == 2
    assert stored(film)["ratings_8"] == 1
    assert stored(film) == counted(film)

    services.review_update(review=first, title="Changed", body="New words.", rating=3, contains_spoilers=False)
    assert stored(film)["ratings_8"] == 0
    assert stored(film)["ratings_3"] == 1
    assert stored(film)["rating_total"] == 3

    services.review_delete(review=second)
    assert stored(film)["review_count"] == 1
    services.review_restore(review=second)
    assert stored(film)["review_count"] == 2
    assert stored(film) == counted(film)


def test_moderation_decisions_move_reviews_in_and_out_of_the_stats(moderator):
    film = make_film()
    review = make_review(film=film, rating=10)

    moderation.moderate(target=review, action="remove", actor=moderator)
    assert stored(film)["rating_count"] == 0
    assert stored(film) == counted(film)

    moderation.moderate(target=Review.objects.get(pk=review.pk), action="restore", actor=moderator)
    assert stored(film)["ratings_10"] == 1
    assert stored(film) == counted(film)


def test_bulk_updates_hard_deletes_and_moving_a_review_between_films_are_counted():
    film, other = make_film(), make_film()
    reviews = [make_review(film=film, rating=n) for n in (2, 4, 6, 8)]

    Review.objects.filter(pk__in=[r.pk for r in reviews[:2]]).update(status=Status.SPAM)
    Review.objects.filter(pk=reviews[2].pk).update(film=other)
    Review.objects.filter(pk=reviews[3].pk).delete()

    assert stored(film) == counted(film) == {**stored(film), "review_count": 0, "rating_count": 0, "rating_total": 0}
    assert stored(other) == counted(other)
    assert stored(other)["ratings_6"] == 1


def test_changes_that_cannot_move_the_counts_leave_them_alone():
    film = make_film()
    review = make_review(film=film, rating=7)
    before = stored(film)

    Review.objects.filter(pk=review.pk).update(title="Only the title", helpful_yes=0, helpful_total=3)

    assert stored(film) == before


def test_a_random_history_of_changes_ends_with_exact_stats():
    films = [make_film() for _ in range(3)]
    authors = [make_user() for _ in range(12)]
    rng = random.Random(5)
    reviews = []
    for author in authors:
        reviews.append(make_review(film=rng.choice(films), author=author, rating=rng.choice([None, *range(1, 11)])))
    for _ in range(60):
        review = Review.objects.get(pk=rng.choice(reviews).pk)
        change = rng.choice(["rating", "status", "delete", "restore", "film"])
        if change == "rating":
            Review.objects.filter(pk=review.pk).update(rating=rng.choice([None, *range(1, 11)]))
        elif change == "status":
            Review.objects.filter(pk=review.pk).update(status=rng.choice(list(Status)))
        elif change == "delete" and review.deleted_at is None:
            services.review_delete(review=review)
        elif change == "restore" and review.deleted_at is not None:
            services.review_restore(review=review)
        elif change == "film" and not Review.objects.filter(film=(target := rng.choice(films)), author=review.author):
            Review.objects.filter(pk=review.pk).update(film=target)

    for film in films:
        assert stored(film) == counted(film)


def test_reloading_the_fixtures_keeps_the_stats_of_her():
    call_command("loaddata", "her", verbosity=0)
    her = Review.objects.first().film
    first = stored(her)

    call_command("loaddata", "her", verbosity=0)

    assert stored(her) == first == counted(her)
    assert first["review_count"] == 5


def test_the_recount_repairs_stats_that_drifted():
    film = make_film()
    make_review(film=film, rating=9)
    FilmReviewStats.objects.filter(film=film).update(review_count=40)

    with connection.cursor() as cursor:
        for sql in FILM_REVIEW_COUNTS.recount_sql():
            cursor.execute(sql)

    assert stored(film) == counted(film)


@pytest.mark.parametrize(
    "change",
    [{"rating_count": 2}, {"rating_total": 11}, {"review_count": 0}],
    ids=["count-not-histogram-sum", "total-not-histogram-total", "fewer-reviews-than-ratings"],
)
def test_the_database_refuses_stats_that_contradict_themselves(change):
    film = make_film()
    make_review(film=film, rating=9)

    with pytest.raises(IntegrityError), transaction.atomic():
        FilmReviewStats.objects.filter(film=film).update(**change)
