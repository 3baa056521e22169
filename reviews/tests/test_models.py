"""Data rules the database itself enforces, whatever code writes the rows."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conftest import make_user
from reviews.models import HelpfulVote, Review, verdict_for
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def test_database_refuses_second_review_by_same_author_of_same_film(review):
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(film=review.film, author=review.author, title="Again", body="Twice.")
    assert Review.objects.filter(film=review.film, author=review.author).count() == 1


@pytest.mark.parametrize("rating", [0, 11])
def test_database_refuses_rating_out_of_range(review, rating):
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(rating=rating)
    review.refresh_from_db()
    assert review.rating == 9


def test_rating_may_be_empty(film, user):
    review = Review.objects.create(film=film, author=user, title="Unrated", body="No score.", rating=None)
    assert Review.objects.get(pk=review.pk).rating is None


@pytest.mark.parametrize("rating", [0, 11])
def test_validators_give_a_field_error_for_out_of_range_rating(review, rating):
    review.rating = rating
    with pytest.raises(ValidationError) as error:
        review.full_clean()
    assert "rating" in error.value.message_dict


def test_database_refuses_vote_on_own_review(review):
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpfulVote.objects.create(review=review, voter=review.author, is_helpful=True)
    assert not HelpfulVote.objects.exists()


def test_database_refuses_changing_a_vote_to_the_review_author(review, user):
    vote = HelpfulVote.objects.create(review=review, voter=user, is_helpful=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpfulVote.objects.filter(pk=vote.pk).update(voter=review.author)


def test_database_refuses_duplicate_vote(review, user):
    HelpfulVote.objects.create(review=review, voter=user, is_helpful=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpfulVote.objects.create(review=review, voter=user, is_helpful=False)
    assert HelpfulVote.objects.filter(review=review).count() == 1


def test_helpful_yes_can_never_exceed_total(review):
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(helpful_yes=2, helpful_total=1)


@pytest.mark.parametrize(
    ("rating", "word"), [(8, "Good"), (10, "Masterpiece"), (1, "Awful"), (9.3, "Great"), (7.5, "Good"), (None, "")]
)
def test_verdict_word_follows_the_rating(rating, word):
    assert verdict_for(rating) == word


def test_visible_excludes_deleted_and_held_reviews(film):
    shown = make_review(film=film)
    deleted = make_review(film=film)
    Review.objects.filter(pk=deleted.pk).update(deleted_at="2024-01-01T00:00:00Z")
    held = make_review(film=film)
    Review.objects.filter(pk=held.pk).update(status="pending")
    assert list(Review.objects.visible()) == [shown]


def test_visible_to_author_includes_own_held_review(film):
    author = make_user()
    held = make_review(film=film, author=author)
    Review.objects.filter(pk=held.pk).update(status="pending")
    assert list(Review.objects.visible_to(author)) == [held]
    assert list(Review.objects.visible_to(make_user())) == []
