"""Comment and report rules held by the database itself."""

import pytest
from django.db import IntegrityError, transaction

from comments.models import Comment, Report, path_segment
from comments.tests.factories import make_comment
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def test_database_refuses_a_parent_on_another_review(review, user):
    parent = make_comment(review=review)
    elsewhere = make_review()
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(review=elsewhere, author=user, parent=parent, body="Sneaky.", depth=2)
    assert not Comment.objects.filter(review=elsewhere).exists()


def test_database_refuses_moving_a_reply_to_another_review(review):
    reply = make_comment(review=review, parent=make_comment(review=review))
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=reply.pk).update(review=make_review())


def test_depth_must_match_having_a_parent(review, user):
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(review=review, author=user, body="Top level but deep.", depth=2)


def test_a_report_targets_exactly_one_item(review, user):
    comment = make_comment(review=review)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(review=review, comment=comment, reporter=user, reason="spam")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(reporter=user, reason="spam")


def test_a_reader_reports_an_item_only_once(review, user):
    Report.objects.create(review=review, reporter=user, reason="spam")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(review=review, reporter=user, reason="abuse")


def test_path_segments_sort_like_their_ids():
    assert path_segment(9) < path_segment(10) < path_segment(123456789)
    assert path_segment(42) == "000000000042/"


def test_comment_links_to_its_place_on_the_review_page(review):
    comment = make_comment(review=review)
    assert comment.get_absolute_url() == f"/reviews/{review.pk}/#comment-{comment.pk}"
