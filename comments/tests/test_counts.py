"""ReviewCommentStats stays equal to the number of visible comments of each review, whatever path changes them."""

import pytest
from django.db import connection

from comments import services
from comments.counts import REVIEW_COMMENT_COUNTS
from comments.models import Comment, ReviewCommentStats
from comments.tests.factories import make_comment
from moderation.models import Status
from moderation_desk import services as moderation
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def stored(review) -> int:
    return ReviewCommentStats.objects.filter(review=review).values_list("comment_count", flat=True).first() or 0


def counted(review) -> int:
    return Comment.objects.approved().filter(review=review).count()


def test_posting_held_approving_deleting_and_restoring_comments_keeps_the_count_exact(moderator):
    review = make_review()
    make_comment(review=review)
    reply_to = make_comment(review=review)
    held = make_comment(review=review, approve=False)
    assert held.status == Status.PENDING
    assert stored(review) == counted(review) == 2

    moderation.moderate(target=held, action="approve", actor=moderator)
    assert stored(review) == 3
    reply = make_comment(review=review, parent=reply_to)
    services.comment_delete(comment=reply_to)
    assert stored(review) == counted(review) == 3
    moderation.moderate(target=Comment.objects.get(pk=reply_to.pk), action=moderation.RESTORE, actor=moderator)
    assert stored(review) == counted(review) == 4
    Comment.objects.filter(pk=reply.pk).update(status=Status.SPAM)
    assert stored(review) == counted(review) == 3


def test_threading_columns_written_after_the_insert_do_not_touch_the_count():
    review = make_review()
    comment = make_comment(review=review)

    Comment.objects.filter(pk=comment.pk).update(path=comment.path, thread=comment.thread, body="Edited.")

    assert stored(review) == 1


def test_deleting_a_review_takes_its_comments_and_their_count_away():
    review = make_review()
    for _ in range(3):
        make_comment(review=review)
    review_pk = review.pk

    review.delete()

    assert not ReviewCommentStats.objects.filter(review_id=review_pk).exists()


def test_the_recount_repairs_a_count_that_drifted():
    review = make_review()
    make_comment(review=review)
    ReviewCommentStats.objects.filter(review=review).update(comment_count=9)

    with connection.cursor() as cursor:
        for sql in REVIEW_COMMENT_COUNTS.recount_sql():
            cursor.execute(sql)

    assert stored(review) == counted(review) == 1
