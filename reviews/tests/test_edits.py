"""Editing a review around moderation, and a new review after a deleted one: no text is ever lost."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from comments.services import report_create
from comments.tests.factories import make_comment
from conftest import make_user
from moderation.models import ModerationEvent, Revision, Status
from moderation_desk.services import REMOVE, moderate
from reviews import services
from reviews.models import Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db

EDIT = {"title": "Rewritten", "body": "A new text.", "rating": "3", "contains_spoilers": ""}


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def revisions_of(review: Review) -> list[tuple[str, str, int | None, str]]:
    return list(
        Revision.objects.filter(content_type__model="review", object_id=review.pk).values_list(
            "title", "body", "rating", "reason"
        )
    )


def test_a_removed_review_cannot_be_rewritten_by_its_author(client, film, user, admin_user):
    review = make_review(film=film, author=user, title="Original", body="Original text.")
    moderate(target=review, action=REMOVE, actor=admin_user)
    client.force_login(user)
    url = reverse("reviews:edit", args=[review.pk])

    response = client.post(url, EDIT)

    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    assert messages_of(response)[-1] == "A moderator removed this, so it can no longer be edited."
    review.refresh_from_db()
    assert (review.title, review.body, review.status) == ("Original", "Original text.", Status.REMOVED)
    # Neither the film page nor the review page offers the edit form.
    assert url not in client.get(film.get_absolute_url()).content.decode()
    assert url not in client.get(review.get_absolute_url()).content.decode()
    with pytest.raises(ValidationError) as refused:
        services.review_update(review=review, title="x", body="y", rating=None, contains_spoilers=False)
    assert refused.value.code == "removed"


def test_a_reported_review_goes_back_to_the_queue_when_edited(client, film, user):
    review = make_review(film=film, author=user, title="Original", body="Original text.", rating=8)
    report_create(reporter=make_user(), target=review, reason="spoilers")
    client.force_login(user)

    client.post(reverse("reviews:edit", args=[review.pk]), EDIT)

    review.refresh_from_db()
    assert (review.title, review.status) == ("Rewritten", Status.PENDING)
    assert revisions_of(review) == [("Original", "Original text.", 8, "edited")]
    event = ModerationEvent.objects.filter(object_id=review.pk, content_type__model="review").first()
    assert (event.action, event.to_status) == ("edited", Status.PENDING)
    # Out of the film's counts until a moderator decides.
    assert film.review_stats.review_count == 0


def test_every_edit_records_the_previous_text(film, user):
    review = make_review(film=film, author=user, title="One", body="First.", rating=5)

    services.review_update(review=review, title="Two", body="Second.", rating=6, contains_spoilers=False)
    services.review_update(review=review, title="Three", body="Third.", rating=None, contains_spoilers=False)

    assert revisions_of(review) == [("Two", "Second.", 6, "edited"), ("One", "First.", 5, "edited")]
    review.refresh_from_db()
    assert review.status == Status.APPROVED


def test_a_new_review_after_deleting_one_leaves_the_deleted_one_and_its_discussion_alone(client, film, user):
    """The new review is a new row: the deleted text is never overwritten and its comments stay with it."""
    old = make_review(film=film, author=user, title="Deleted one", body="Deleted text.", rating=2)
    reply = make_comment(review=old, body="A reply to the first version.")
    services.review_delete(review=old)
    client.force_login(user)

    response = client.post(reverse("reviews:create", args=[film.slug]), {**EDIT, "title": "Fresh"})

    assert response.status_code == 302
    new = Review.objects.get(author=user, film=film, deleted_at__isnull=True)
    assert new.pk != old.pk
    assert (new.title, new.status) == ("Fresh", Status.APPROVED)
    old.refresh_from_db()
    assert (old.title, old.body, old.rating) == ("Deleted one", "Deleted text.", 2)
    assert old.deleted_at is not None
    assert list(new.comments.all()) == []
    reply.refresh_from_db()
    assert reply.review_id == old.pk
    film.review_stats.refresh_from_db()
    assert (film.review_stats.review_count, film.review_stats.rating_total) == (1, 3)


def test_a_removed_then_deleted_review_is_not_replaced(client, film, user, admin_user):
    old = make_review(film=film, author=user, title="Removed", body="Removed text.")
    moderate(target=old, action=REMOVE, actor=admin_user)
    services.review_delete(review=old)
    client.force_login(user)

    response = client.post(reverse("reviews:create", args=[film.slug]), EDIT)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [services.REMOVED_REVIEW_MESSAGE]
    old.refresh_from_db()
    assert (old.title, old.body) == ("Removed", "Removed text.")


def test_the_review_admin_shows_earlier_texts(admin_client, film, user):
    review = make_review(film=film, author=user, title="Original", body="Reported words.")
    services.review_update(review=review, title="Original", body="Clean words.", rating=8, contains_spoilers=False)

    html = admin_client.get(reverse("admin:reviews_review_change", args=[review.pk])).content.decode()

    assert "Clean words." in html and "Reported words." in html


def test_review_edits_share_the_edit_rate_limit(client, settings, film, user):
    settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "edit": (1, 600)}
    review = make_review(film=film, author=user)
    client.force_login(user)
    url = reverse("reviews:edit", args=[review.pk])
    client.post(url, EDIT)

    response = client.post(url, {**EDIT, "body": "Too soon, but kept in the form"})

    assert response.status_code == 429
    html = response.content.decode()
    assert "You are posting too quickly." in html
    assert "Too soon, but kept in the form</textarea>" in html
    review.refresh_from_db()
    assert review.body == "A new text."
