"""Simultaneous requests never lose, duplicate or miscount rows, and never show an error page.

PostgreSQL only: SQLite serialises every write to the whole database, so nothing here can race
there. Each thread is a browser of its own (a test Client with its own session) and uses its own
database connection, closed when it is done.
"""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from conftest import make_user
from reviews.models import FilmReviewStats, HelpfulVote, Review
from reviews.services import DUPLICATE_REVIEW_MESSAGE

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency needs PostgreSQL (SQLite serialises all writes); run with DATABASE_URL=postgres://...",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings):
    settings.REVIEWHUB_RATE_LIMITS = dict.fromkeys(settings.REVIEWHUB_RATE_LIMITS, (1000, 60))


def run_together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Start every call at the same moment, each in its own thread; re-raise anything one raised."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        try:
            barrier.wait(timeout=30)
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(run, call) for call in calls]
        return [future.result(timeout=120) for future in futures]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_simultaneous_first_reviews_by_one_user_leave_exactly_one(film, user):
    clients = [signed_in(user) for _ in range(8)]
    url = reverse("reviews:create", args=[film.slug])

    def post(client: Client, n: int):
        return lambda: client.post(url, {"title": f"Attempt {n}", "body": "Loved it.", "rating": "8"})

    responses = run_together([post(client, n) for n, client in enumerate(clients)])

    assert Review.objects.filter(author=user, film=film).count() == 1
    review = Review.objects.get(author=user, film=film)
    statuses = sorted(response.status_code for response in responses)
    assert set(statuses) <= {200, 302}, statuses
    published = [r for r in responses if r.status_code == 302 and r["Location"] == review.get_absolute_url()]
    assert len(published) == 1
    for response in responses:
        if response.status_code == 200:  # lost the race inside the service: a form error, not an error page
            assert DUPLICATE_REVIEW_MESSAGE in response.content.decode()
        elif response not in published:  # lost it before: sent to edit the review that won
            assert response["Location"] == reverse("reviews:edit", args=[review.pk])


def test_simultaneous_helpful_votes_are_all_counted(review):
    voters = [make_user() for _ in range(12)]
    url = reverse("reviews:vote", args=[review.pk])

    def vote(voter, value: str):
        client = signed_in(voter)
        return lambda: client.post(url, {"value": value})

    responses = run_together([vote(voter, "yes" if n % 3 else "no") for n, voter in enumerate(voters)])

    assert {response.status_code for response in responses} == {302}
    review.refresh_from_db()
    assert HelpfulVote.objects.filter(review=review).count() == 12
    assert review.helpful_total == 12
    assert review.helpful_yes == HelpfulVote.objects.filter(review=review, is_helpful=True).count() == 8
    page = Client().get(review.get_absolute_url()).content.decode()
    assert "8 of 12 found this helpful" in page


def test_one_reader_changing_a_vote_from_two_tabs_keeps_one_vote(review, user):
    url = reverse("reviews:vote", args=[review.pk])
    tabs = [signed_in(user) for _ in range(6)]

    run_together(
        [lambda tab=tab, n=n: tab.post(url, {"value": "yes" if n % 2 else "no"}) for n, tab in enumerate(tabs)]
    )

    review.refresh_from_db()
    votes = HelpfulVote.objects.filter(review=review)
    assert votes.count() == 1
    assert review.helpful_total == 1
    assert review.helpful_yes == votes.filter(is_helpful=True).count()


def test_simultaneous_comments_are_all_kept_in_order(review):
    authors = [make_user() for _ in range(6)]
    url = reverse("comments:create", args=[review.pk])

    def post(author, n: int, i: int):
        client = signed_in(author)  # two tabs of one author: two sessions
        return lambda: client.post(url, {"body": f"Comment {n}-{i}"})

    calls = [post(author, n, i) for n, author in enumerate(authors) for i in range(2)]
    responses = run_together(calls)

    assert {response.status_code for response in responses} == {302}
    comments = Comment.objects.filter(review=review)
    assert comments.count() == 12
    assert sorted(c.body for c in comments) == sorted(f"Comment {n}-{i}" for n in range(6) for i in range(2))
    assert len({c.path for c in comments}) == 12
    assert all(c.thread == c.pk and c.depth == 1 for c in comments)
    acknowledged = {int(response["Location"].rsplit("#comment-", 1)[1]) for response in responses}
    assert acknowledged == set(comments.values_list("pk", flat=True))


def test_simultaneous_replies_to_one_comment_all_nest_under_it(review):
    from comments.tests.factories import make_comment

    parent = make_comment(review=review, body="Start of the thread.")
    url = reverse("comments:create", args=[review.pk])
    authors = [make_user() for _ in range(8)]

    def reply(author, n: int):
        client = signed_in(author)
        return lambda: client.post(url, {"body": f"Reply {n}", "parent": parent.pk})

    responses = run_together([reply(author, n) for n, author in enumerate(authors)])

    assert {response.status_code for response in responses} == {302}
    replies = Comment.objects.filter(parent=parent)
    assert replies.count() == 8
    assert all(r.depth == 2 and r.thread == parent.thread and r.path.startswith(parent.path) for r in replies)
    assert len({r.path for r in replies}) == 8


def test_simultaneous_reviews_of_one_film_are_all_in_its_rating_summary(film):
    authors = [make_user() for _ in range(8)]
    url = reverse("reviews:create", args=[film.slug])

    def post(author, rating: int):
        client = signed_in(author)
        return lambda: client.post(url, {"title": f"Rated {rating}", "body": "Loved it.", "rating": str(rating)})

    responses = run_together([post(author, n + 3) for n, author in enumerate(authors)])

    assert {response.status_code for response in responses} == {302}
    stats = FilmReviewStats.objects.get(film=film)
    assert (stats.review_count, stats.rating_count, stats.rating_total) == (8, 8, sum(range(3, 11)))
    assert stats.histogram == [0, 0, 1, 1, 1, 1, 1, 1, 1, 1]
    page = Client().get(film.get_absolute_url()).content.decode()
    assert "from 8 ratings" in page


def test_simultaneous_comments_and_moderation_keep_the_comment_count_exact(review, moderator):
    from comments.models import ReviewCommentStats
    from comments.tests.factories import make_comment
    from moderation_desk import services as moderation

    existing = [make_comment(review=review) for _ in range(4)]
    authors = [make_user() for _ in range(6)]
    url = reverse("comments:create", args=[review.pk])

    def post(author):
        client = signed_in(author)
        return lambda: client.post(url, {"body": "Me too."})

    def remove(comment):
        return lambda: moderation.moderate(target=comment, action="remove", actor=moderator)

    run_together([*(post(author) for author in authors), *(remove(comment) for comment in existing[:2])])

    visible = Comment.objects.approved().filter(review=review).count()
    assert ReviewCommentStats.objects.get(review=review).comment_count == visible
