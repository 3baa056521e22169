"""Rating summaries and review lists as the pages read them."""

import pytest

from conftest import make_user
from moderation.models import Status
from reviews import services
from reviews.models import Review
from reviews.selectors import percentages, rating_summary, reviews_for_film
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("counts", [[1, 1, 1], [1, 2, 0, 0, 0, 0, 0, 0, 0, 4], [3, 3, 3, 0, 0, 0, 0, 0, 0, 1], [0, 7]])
def test_percentages_always_add_up_to_100(counts):
    assert sum(percentages(counts)) == 100


def test_percentages_of_nothing_are_zero():
    assert percentages([0] * 10) == [0] * 10


def test_rating_summary_counts_only_visible_rated_reviews_in_one_query(film, django_assert_num_queries):
    for rating in [10, 8, 10]:
        make_review(film=film, rating=rating)
    make_review(film=film, rating=None)
    hidden = make_review(film=film, rating=1)
    Review.objects.filter(pk=hidden.pk).update(status=Status.REMOVED)
    deleted = make_review(film=film, rating=1)
    services.review_delete(review=deleted)

    with django_assert_num_queries(1):
        summary = rating_summary(film=film)

    assert (summary.average, summary.count, summary.verdict) == (9.3, 3, "Great")
    assert {bar.rating: bar.count for bar in summary.bars if bar.count} == {8: 1, 10: 2}
    assert sum(bar.percent for bar in summary.bars) == 100


def test_most_helpful_ranks_by_wilson_bound_not_raw_count(film):
    one_of_one = make_review(film=film)
    nine_of_ten = make_review(film=film)
    voters = [make_user() for _ in range(10)]
    services.helpful_vote_set(review=one_of_one, voter=voters[0], is_helpful=True)
    for index, voter in enumerate(voters):
        services.helpful_vote_set(review=nine_of_ten, voter=voter, is_helpful=index > 0)
    assert list(reviews_for_film(film=film, sort="helpful")[:10]) == [nine_of_ten, one_of_one]


def test_reviews_sort_by_rating_both_ways(film):
    low, unrated, high = (make_review(film=film, rating=r) for r in (3, None, 9))
    assert list(reviews_for_film(film=film, sort="highest")[:10]) == [high, low, unrated]
    assert list(reviews_for_film(film=film, sort="lowest")[:10]) == [low, high, unrated]
    assert list(reviews_for_film(film=film, sort="nonsense")[:10]) == [high, unrated, low]
