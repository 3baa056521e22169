"""generate_volume: realistic, deterministic, consistent with the services, fast."""

import re
import time
from collections import Counter, defaultdict

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from comments.models import Comment, Report, path_segment
from comments.services import comment_create
from films.models import Film
from moderation.models import Status
from reviews.models import HelpfulVote, Review
from reviews.services import wilson_lower_bound
from reviews.tests.factories import make_review
from sampledata.volume import VolumeSpec, generate

pytestmark = pytest.mark.django_db


def _thread(review_id: int) -> list[Comment]:
    return list(Comment.objects.filter(review_id=review_id).order_by("path"))


def _one_thread(size: int, seed: int = 3) -> int:
    result = generate(VolumeSpec(films=1, reviews_per_film=1, comments=size, users=40, hidden_share=0, seed=seed))
    return result.reviews[0].pk


def test_thread_bookkeeping_is_what_comment_create_writes():
    review_id = _one_thread(400)
    by_pk = {comment.pk: comment for comment in _thread(review_id)}
    assert len(by_pk) == 400
    for comment in by_pk.values():
        parent = by_pk.get(comment.parent_id)
        assert comment.path == (parent.path if parent else "") + path_segment(comment.pk)
        assert comment.thread == (parent.thread if parent else comment.pk)
        assert comment.depth == (parent.depth + 1 if parent else 1)
        assert comment.depth <= settings.REVIEWHUB_COMMENT_MAX_DEPTH

    # A reply posted through the service fits into the generated thread the same way.
    parent = next(c for c in by_pk.values() if c.depth == 2 and c.status == Status.APPROVED)
    reply = comment_create(author=parent.author, review=parent.review, body="Agreed.", parent=parent)
    assert reply.path == parent.path + path_segment(reply.pk)
    assert reply.thread == parent.thread


def test_path_order_is_display_order():
    """Parents before their replies, each subtree together, siblings oldest first."""
    review_id = _one_thread(300)
    comments = _thread(review_id)
    children = defaultdict(list)
    for comment in comments:
        children[comment.parent_id].append(comment)

    def walk(parent_id):
        for child in sorted(children[parent_id], key=lambda c: (c.created_at, c.pk)):
            yield child
            yield from walk(child.pk)

    assert [c.pk for c in walk(None)] == [c.pk for c in comments]


def test_threads_are_shaped_like_a_discussion():
    review_id = _one_thread(1000)
    comments = _thread(review_id)
    depths = Counter(c.depth for c in comments)
    assert 0.2 <= depths[1] / len(comments) <= 0.4
    assert max(depths) == settings.REVIEWHUB_COMMENT_MAX_DEPTH
    assert all(200 <= len(c.body) <= 800 for c in comments)
    assert all(not c.parent_id or c.created_at >= c.parent.created_at for c in comments)


def test_ratings_bunch_between_6_and_9():
    generate(VolumeSpec(films=4, reviews_per_film=100, comments=0, users=120, seed=5))
    ratings = Counter(Review.objects.exclude(rating=None).values_list("rating", flat=True))
    rated = sum(ratings.values())
    assert sum(ratings[n] for n in (6, 7, 8, 9)) / rated > 0.6
    assert ratings[1] + ratings[2] > 0
    assert 0 < Review.objects.filter(rating=None).count() < rated / 4


def _signature(result) -> list[tuple]:
    """What was generated, independent of the ids the database handed out."""
    films = [(f.title, f.year, f.synopsis, sorted(f.genres.values_list("name", flat=True))) for f in result.films]
    reviews = Review.objects.filter(pk__in=[r.pk for r in result.reviews]).order_by("pk")
    index = {pk: n for n, pk in enumerate(reviews.values_list("pk", flat=True))}
    comments = Comment.objects.filter(review__in=reviews).order_by("review_id", "path").select_related("author")
    order = {c.pk: n for n, c in enumerate(comments)}
    return [
        films,
        [(r.title, r.body, r.rating, r.author.username, r.helpful_yes, r.helpful_total) for r in reviews],
        [
            (index[c.review_id], c.author.username, c.body, c.depth, order.get(c.parent_id), c.status, c.created_at)
            for c in comments
        ],
        sorted((r.reason, r.reporter.username) for r in Report.objects.all()),
    ]


def test_same_seed_same_data_other_seed_other_data():
    spec = {"films": 3, "reviews_per_film": 6, "comments": 150, "users": 30, "reports": 10}
    signatures = []
    for seed in (11, 11, 12):
        with transaction.atomic():
            signatures.append(_signature(generate(VolumeSpec(seed=seed, **spec))))
            transaction.set_rollback(True)
    assert signatures[0] == signatures[1]
    assert signatures[0] != signatures[2]


def test_vote_counters_match_the_votes():
    result = generate(VolumeSpec(films=2, reviews_per_film=30, comments=0, votes_per_review=6, users=50, seed=7))
    assert result.votes == HelpfulVote.objects.count() > 0
    for review in Review.objects.all():
        votes = list(review.votes.values_list("voter_id", "is_helpful"))
        yes = sum(helpful for _voter, helpful in votes)
        assert (review.helpful_yes, review.helpful_total) == (yes, len(votes))
        assert review.helpful_score == pytest.approx(wilson_lower_bound(yes, len(votes)))
        assert review.author_id not in {voter for voter, _helpful in votes}
        if not review.is_visible:
            assert votes == []


def test_reports_are_by_other_readers_and_below_the_hiding_threshold():
    generate(VolumeSpec(films=2, reviews_per_film=10, comments=200, users=40, reports=60, seed=9))
    reports = list(Report.objects.select_related("review", "comment"))
    assert len(reports) > 30
    per_target = Counter((r.review_id, r.comment_id) for r in reports)
    assert max(per_target.values()) < settings.REVIEWHUB_REPORT_HIDE_THRESHOLD
    for report in reports:
        assert report.reporter_id != report.target.author_id
        assert report.target.status == Status.APPROVED


def test_command_puts_an_exact_thread_on_one_review(review, capsys):
    call_command("generate_volume", "--review", str(review.pk), "--comments", "250", "--seed", "4")
    assert review.comments.count() == 250
    assert "250 comments" in capsys.readouterr().out


def test_command_adds_exact_reviews_to_one_film(film):
    make_review(film=film)
    call_command("generate_volume", "--film", film.slug, "--reviews-per-film", "120", "--comments", "0")
    assert film.reviews.count() == 121
    assert Film.objects.count() == 1


def test_command_refuses_unknown_targets():
    with pytest.raises(CommandError, match="No film"):
        call_command("generate_volume", "--film", "no-such-film")
    with pytest.raises(CommandError, match="No review"):
        call_command("generate_volume", "--review", "999999")


def test_generated_thread_renders_in_display_order(client, settings):
    settings.REVIEWHUB_THREADS_PER_PAGE = 0
    review_id = _one_thread(120)
    response = client.get(reverse("comments:review", args=[review_id]))
    shown = [int(pk) for pk in re.findall(r'id="comment-(\d+)"', response.content.decode())]
    assert shown == [c.pk for c in _thread(review_id)]


def test_two_thousand_comments_are_quick():
    """The bench times 10,000; in the suite, 2,000 within a fifth of the one-minute budget."""
    started = time.perf_counter()
    _one_thread(2000)
    assert time.perf_counter() - started < 12
    assert Comment.objects.count() == 2000
