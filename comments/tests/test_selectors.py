"""Reading a thread: one query, display order, depth, and what each viewer sees."""

import random

import pytest

from comments import services
from comments.models import Comment
from comments.selectors import thread_for_review, thread_page
from comments.tests.factories import make_comment
from conftest import make_user
from moderation.models import Status

pytestmark = pytest.mark.django_db


def expected_display_order(comments):
    """Depth-first, children after their parent, siblings oldest first — computed independently of path."""
    children = {}
    for comment in sorted(comments, key=lambda c: (c.created_at, c.pk)):
        children.setdefault(comment.parent_id, []).append(comment)
    order = []

    def walk(parent_id, depth):
        for child in children.get(parent_id, []):
            order.append((child.pk, depth))
            walk(child.pk, depth + 1)

    walk(None, 1)
    return order


def test_a_generated_thread_of_500_comments_comes_back_in_display_order_in_one_query(
    review, settings, django_assert_num_queries
):
    settings.REVIEWHUB_MODERATION_FIRST_COMMENT_HOLD = False
    rng = random.Random(2013)
    authors = [make_user() for _ in range(5)]
    posted = []
    for _ in range(500):
        candidates = [c for c in posted if c.depth < settings.REVIEWHUB_COMMENT_MAX_DEPTH]
        parent = rng.choice(candidates) if candidates and rng.random() < 0.7 else None
        posted.append(
            services.comment_create(author=rng.choice(authors), review=review, body="A reply.", parent=parent)
        )
    assert {c.depth for c in posted} == {1, 2, 3, 4, 5}

    with django_assert_num_queries(1):
        entries = thread_for_review(review=review)
        authors_seen = [entry.comment.author.username for entry in entries]

    assert len(authors_seen) == 500
    fresh = list(Comment.objects.filter(review=review))
    assert [(e.comment.pk, e.depth) for e in entries] == expected_display_order(fresh)


def test_thread_pages_split_by_top_level_comment(review, settings, django_assert_num_queries):
    settings.REVIEWHUB_THREADS_PER_PAGE = 2
    tops = [make_comment(review=review) for _ in range(3)]
    reply = make_comment(review=review, parent=tops[1])
    with django_assert_num_queries(2):
        page, entries = thread_page(review=review, page_number=1)
    assert [e.comment.pk for e in entries] == [tops[0].pk, tops[1].pk, reply.pk]
    assert page.paginator.num_pages == 2
    _, entries = thread_page(review=review, page_number=2)
    assert [e.comment.pk for e in entries] == [tops[2].pk]


def test_deleted_comment_with_replies_becomes_a_placeholder_and_without_replies_disappears(review):
    parent = make_comment(review=review)
    reply = make_comment(review=review, parent=parent)
    lonely = make_comment(review=review)
    services.comment_delete(comment=parent)
    services.comment_delete(comment=lonely)
    entries = thread_for_review(review=review)
    assert [(e.comment.pk, e.placeholder) for e in entries] == [(parent.pk, "[deleted]"), (reply.pk, "")]
    assert not entries[0].can_reply


def test_pending_comment_shows_only_to_its_author(review):
    newcomer = make_user()
    held = services.comment_create(author=newcomer, review=review, body="My first words.")
    assert held.status == Status.PENDING
    assert thread_for_review(review=review, viewer=None) == []
    assert thread_for_review(review=review, viewer=make_user()) == []
    [entry] = thread_for_review(review=review, viewer=newcomer)
    assert entry.awaiting_moderation
    assert not entry.can_reply


def test_reply_is_not_offered_at_the_maximum_depth(review, settings):
    settings.REVIEWHUB_COMMENT_MAX_DEPTH = 2
    top = make_comment(review=review)
    make_comment(review=review, parent=top)
    assert [e.can_reply for e in thread_for_review(review=review)] == [True, False]
