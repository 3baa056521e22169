"""Posting, replying, editing and deleting comments through the services."""

import pytest
from django.core.exceptions import ValidationError

from comments import services
from comments.models import Comment
from comments.tests.factories import make_comment
from conftest import make_user
from moderation.models import Status
from reviews.models import Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def reply_chain(review, length):
    comment = None
    for _ in range(length):
        comment = make_comment(review=review, parent=comment)
    return comment


def test_reply_records_depth_thread_and_path(review):
    top = make_comment(review=review)
    reply = make_comment(review=review, parent=top)
    reply.refresh_from_db()
    assert (top.depth, reply.depth) == (1, 2)
    assert reply.thread == top.pk == top.thread
    assert reply.path == top.path + f"{reply.pk:012d}/"


def test_reply_at_the_maximum_depth_is_refused_with_a_clear_message(review, user, settings):
    settings.REVIEWHUB_COMMENT_MAX_DEPTH = 5
    deepest = reply_chain(review, 5)
    with pytest.raises(ValidationError) as error:
        services.comment_create(author=user, review=review, body="One more level.", parent=deepest)
    assert error.value.code == "too_deep"
    assert "at most 5 levels" in error.value.messages[0]
    assert Comment.objects.filter(review=review).count() == 5


def test_maximum_depth_is_a_setting(review, user, settings):
    settings.REVIEWHUB_COMMENT_MAX_DEPTH = 2
    with pytest.raises(ValidationError) as error:
        services.comment_create(author=user, review=review, body="Too deep.", parent=reply_chain(review, 2))
    assert error.value.code == "too_deep"


def test_reply_to_a_comment_on_another_review_is_refused(review, user):
    parent = make_comment(review=make_review())
    with pytest.raises(ValidationError) as error:
        services.comment_create(author=user, review=review, body="Wrong place.", parent=parent)
    assert error.value.code == "parent_other_review"
    assert "same review" in error.value.messages[0]
    assert not Comment.objects.filter(review=review).exists()


def test_reply_to_a_deleted_comment_is_refused(review, user):
    parent = services.comment_delete(comment=make_comment(review=review))
    with pytest.raises(ValidationError) as error:
        services.comment_create(author=user, review=review, body="Hello?", parent=parent)
    assert error.value.code == "parent_gone"


def test_comment_on_a_hidden_review_is_refused(review, user):
    Review.objects.filter(pk=review.pk).update(status=Status.REMOVED)
    review.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.comment_create(author=user, review=review, body="Anyone here?")
    assert error.value.code == "review_closed"


def test_empty_or_overlong_body_is_refused(review, user, settings):
    with pytest.raises(ValidationError) as error:
        services.comment_create(author=user, review=review, body="")
    assert "body" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.comment_create(author=user, review=review, body="x" * (settings.REVIEWHUB_COMMENT_MAX_LENGTH + 1))
    assert not Comment.objects.exists()


def test_first_comment_of_a_new_account_is_held_and_the_next_one_after_approval_is_not(review):
    newcomer = make_user()
    first = services.comment_create(author=newcomer, review=review, body="Hello, first time here.")
    assert first.status == Status.PENDING
    Comment.objects.filter(pk=first.pk).update(status=Status.APPROVED)
    second = services.comment_create(author=newcomer, review=review, body="And again.")
    assert second.status == Status.APPROVED


def test_edit_keeps_the_place_and_marks_edited(review):
    comment = make_comment(review=review, body="Before.")
    path = comment.path
    services.comment_edit(comment=comment, body="After.")
    comment.refresh_from_db()
    assert (comment.body, comment.path) == ("After.", path)
    assert comment.is_edited


def test_delete_is_soft_and_keeps_replies(review):
    parent = make_comment(review=review)
    reply = make_comment(review=review, parent=parent)
    services.comment_delete(comment=parent)
    parent.refresh_from_db()
    assert parent.deleted_at is not None
    assert Comment.objects.get(pk=reply.pk).parent_id == parent.pk


def test_a_reader_cannot_report_their_own_comment(review):
    comment = make_comment(review=review)
    with pytest.raises(ValidationError) as error:
        services.report_create(reporter=comment.author, target=comment, reason="spam")
    assert error.value.code == "own_content"


def test_a_repeated_report_changes_nothing(review, user):
    first = services.report_create(reporter=user, target=review, reason="spam")
    again = services.report_create(reporter=user, target=review, reason="abuse", details="changed my mind")
    assert again.pk == first.pk
    assert review.reports.count() == 1
    assert review.reports.get().reason == "spam"
