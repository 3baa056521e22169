"""Writing reviews and votes through the services."""

import pytest
from django.core.exceptions import ValidationError

from conftest import make_user
from reviews import services
from reviews.models import HelpfulVote, Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def test_second_review_of_the_same_film_is_a_validation_error_not_a_crash(review):
    with pytest.raises(ValidationError) as error:
        make_review(film=review.film, author=review.author)
    assert error.value.code == "duplicate"
    assert Review.objects.filter(author=review.author, film=review.film).count() == 1


def test_writing_again_after_deleting_makes_a_new_review_and_never_overwrites_the_deleted_one(review):
    title, body = review.title, review.body
    services.review_delete(review=review)
    again = make_review(film=review.film, author=review.author, title="Second thoughts", rating=6)
    assert again.pk != review.pk
    assert (again.title, again.rating, again.deleted_at) == ("Second thoughts", 6, None)
    review.refresh_from_db()
    assert (review.title, review.body) == (title, body) and review.deleted_at is not None


def test_a_second_live_review_of_the_same_film_is_refused_by_the_database(review):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(film=review.film, author=review.author, title="Twice", body="Again.")


def test_rating_outside_1_to_10_is_refused_with_a_field_error(film, user):
    with pytest.raises(ValidationError) as error:
        make_review(film=film, author=user, rating=11)
    assert "rating" in error.value.message_dict
    assert not Review.objects.exists()


def test_update_marks_the_review_edited(review):
    assert not review.is_edited
    services.review_update(review=review, title="New title", body="New body.", rating=7, contains_spoilers=True)
    review.refresh_from_db()
    assert review.is_edited
    assert (review.title, review.rating, review.contains_spoilers) == ("New title", 7, True)


def test_votes_keep_counters_equal_to_the_rows(review):
    voters = [make_user() for _ in range(3)]
    for voter, helpful in zip(voters, [True, True, False], strict=True):
        services.helpful_vote_set(review=review, voter=voter, is_helpful=helpful)
    services.helpful_vote_set(review=review, voter=voters[2], is_helpful=True)
    services.helpful_vote_set(review=review, voter=voters[0], is_helpful=None)
    review.refresh_from_db()
    assert HelpfulVote.objects.filter(review=review).count() == review.helpful_total == 2
    assert review.helpful_yes == 2
    assert review.helpful_score == pytest.approx(services.wilson_lower_bound(2, 2))


def test_voting_on_ones_own_review_is_refused(review):
    with pytest.raises(ValidationError) as error:
        services.helpful_vote_set(review=review, voter=review.author, is_helpful=True)
    assert error.value.code == "own_review"
    assert not HelpfulVote.objects.exists()


def test_wilson_lower_bound_prefers_many_yes_votes_over_a_single_one():
    assert services.wilson_lower_bound(0, 0) == 0
    assert services.wilson_lower_bound(45, 50) > services.wilson_lower_bound(1, 1)
    assert services.wilson_lower_bound(1, 1) == pytest.approx(0.2065, abs=1e-3)
    assert services.wilson_lower_bound(10, 20) < 0.5
