"""The Atom feeds, read by a real feed parser: what a feed reader subscribing to ReviewHub gets."""

import calendar
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.tests.factories import make_comment
from conftest import make_user
from films.tests.factories import make_film
from moderation.models import Status
from moderation_desk.services import REMOVE, moderate, user_deactivate
from reviewhub.cache import forget_cached_pages
from reviews import services as review_services
from reviews.models import Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db

SITE = "https://reviews.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.REVIEWHUB_SITE_URL = SITE


@pytest.fixture
def her(db):
    call_command("loaddata", "her", verbosity=0)


def read(client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def as_datetime(parsed) -> datetime:
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)


def test_site_feed_lists_the_fixture_reviews_as_their_pages_show_them(client, her):
    feed = read(client, reverse("feeds:reviews"))

    assert feed.feed.title == "ReviewHub: latest reviews"
    assert feed.feed.link == f"{SITE}/"
    assert {"rel": "self", "href": f"{SITE}/feeds/reviews/", "type": "application/atom+xml"} in feed.feed.links
    reviews = list(Review.objects.visible().select_related("author", "film").order_by("-created_at"))
    assert [entry.link for entry in feed.entries] == [f"{SITE}{review.get_absolute_url()}" for review in reviews]
    for entry, review in zip(feed.entries, reviews, strict=True):
        assert entry.title == f"{review.title} — a review of Her (2013)"
        assert entry.author == review.author.username
        assert entry.author_detail.href == f"{SITE}/users/{review.author.username}/"
        assert as_datetime(entry.published_parsed) == review.created_at
        assert as_datetime(entry.updated_parsed) == review.created_at
        assert entry.id == f"{SITE}{review.get_absolute_url()}"
        page = client.get(review.get_absolute_url()).content.decode()
        assert f"<title>{entry.title} · ReviewHub</title>" in page
    barney = next(entry for entry in feed.entries if entry.author == "BarneyNuttall")
    assert barney.summary.startswith("8/10 (Good). Her follows Theodore (Joaquin Phoenix)")
    assert "<p>Her follows Theodore (Joaquin Phoenix)" in barney.content[0].value


def test_entries_are_newest_first_and_capped_by_the_setting(client, settings):
    settings.REVIEWHUB_FEED_ITEMS = 2
    film = make_film()
    reviews = [make_review(film=film, title=f"Take {n}") for n in range(3)]
    for age, review in enumerate(reversed(reviews)):
        Review.objects.filter(pk=review.pk).update(created_at=timezone.now() - timedelta(days=age))

    feed = read(client, reverse("feeds:film", kwargs={"slug": film.slug}))

    assert [entry.title.split(" — ")[0] for entry in feed.entries] == ["Take 2", "Take 1"]


def test_a_spoiler_review_says_so_and_carries_none_of_its_text(client):
    film = make_film(title="Twist", year=1999)
    make_review(film=film, title="The ending", body="The narrator was the ghost all along.", contains_spoilers=True)

    for url in (reverse("feeds:reviews"), reverse("feeds:film", kwargs={"slug": film.slug})):
        response = client.get(url)
        [entry] = feedparser.parse(response.content).entries
        assert entry.title == "[Spoilers] The ending — a review of Twist (1999)"
        assert "content" not in entry
        assert "ghost" not in entry.summary
        assert b"ghost" not in response.content


def test_a_spoiler_comment_says_so_and_carries_none_of_its_text(client):
    review = make_review(title="Quiet film")
    make_comment(review=review, body="Samantha leaves them all at the end.", contains_spoilers=True)
    make_comment(review=review, body="The score by Arcade Fire is lovely.")

    response = client.get(reverse("feeds:comments", kwargs={"pk": review.pk}))
    spoiler, plain = sorted(feedparser.parse(response.content).entries, key=lambda e: "Spoilers" not in e.title)

    assert spoiler.title.startswith("[Spoilers] Comment by ") and "content" not in spoiler
    assert b"Samantha leaves" not in response.content
    assert not plain.title.startswith("[Spoilers]") and "Arcade Fire" in plain.content[0].value


def test_held_removed_and_deleted_reviews_never_appear(client, moderator):
    film = make_film()
    author = make_user()
    review_services.review_delete(review=make_review(film=film, author=author, title="Deleted"))
    shown = make_review(film=film, author=author, title="Shown")
    held = make_review(film=film, title="Held")
    Review.objects.filter(pk=held.pk).update(status=Status.PENDING)
    removed = make_review(film=film, title="Removed")
    moderate(target=removed, action=REMOVE, actor=moderator)

    for url in (
        reverse("feeds:reviews"),
        reverse("feeds:film", kwargs={"slug": film.slug}),
        reverse("feeds:user", kwargs={"username": author.username}),
    ):
        titles = [entry.title.split(" — ")[0] for entry in read(client, url).entries]
        assert titles == ["Shown"], url
    assert shown.is_visible


@pytest.mark.parametrize("name", ["film", "user", "comments"])
def test_feeds_of_unknown_things_are_404(client, name):
    kwargs = {"film": {"slug": "no-such-film"}, "user": {"username": "nobody"}, "comments": {"pk": 999}}[name]
    assert client.get(reverse(f"feeds:{name}", kwargs=kwargs)).status_code == 404


def test_a_deactivated_account_has_no_feed_and_its_writing_leaves_the_others(client, moderator):
    review = make_review(title="By the leaver")
    other = make_review(film=review.film, title="By the stayer")
    make_comment(review=other, author=review.author, body="Comment by the leaver")
    make_comment(review=other, body="Comment by the stayer")
    username = review.author.username
    assert client.get(reverse("feeds:user", kwargs={"username": username})).status_code == 200

    user_deactivate(user=review.author, actor=moderator)

    assert client.get(reverse("feeds:user", kwargs={"username": username})).status_code == 404
    assert client.get(reverse("pages:profile", kwargs={"username": username})).status_code == 404
    for url in (reverse("feeds:reviews"), reverse("feeds:film", kwargs={"slug": review.film.slug})):
        assert [entry.title.split(" — ")[0] for entry in read(client, url).entries] == ["By the stayer"]
    comments = read(client, reverse("feeds:comments", kwargs={"pk": other.pk})).entries
    assert [entry.summary for entry in comments] == ["Comment by the stayer"]


def test_the_comment_feed_of_a_held_or_deleted_review_is_404(client):
    review = make_review()
    url = reverse("feeds:comments", kwargs={"pk": review.pk})
    assert client.get(url).status_code == 200
    Review.objects.filter(pk=review.pk).update(status=Status.PENDING)
    assert client.get(url).status_code == 404
    Review.objects.filter(pk=review.pk).update(status=Status.APPROVED, deleted_at=timezone.now())
    assert client.get(url).status_code == 404


def test_the_her_thread_feed_links_each_comment_to_its_anchor(client, her):
    review = Review.objects.get(title="A film that feels like a first love")
    comment, reply = Comment.objects.filter(review=review).order_by("path")

    feed = read(client, reverse("feeds:comments", kwargs={"pk": review.pk}))

    assert feed.feed.link == f"{SITE}{review.get_absolute_url()}"
    assert [entry.link for entry in feed.entries] == [
        f"{SITE}/reviews/{review.pk}/#comment-{reply.pk}",
        f"{SITE}/reviews/{review.pk}/#comment-{comment.pk}",
    ]
    assert [entry.title for entry in feed.entries] == [
        f"Reply by {reply.author.username} on “{review.title}”",
        f"Comment by {comment.author.username} on “{review.title}”",
    ]
    assert [as_datetime(entry.published_parsed) for entry in feed.entries] == [reply.created_at, comment.created_at]
    page = client.get(review.get_absolute_url()).content.decode()
    for entry in feed.entries:
        assert f'id="{entry.link.split("#")[1]}"' in page


def test_the_thread_feed_shows_only_visible_comments_newest_first(client, moderator):
    review = make_review()
    first = make_comment(review=review, body="First!")
    held = make_comment(review=review, body="Held back", approve=False)
    Comment.objects.filter(pk=held.pk).update(status=Status.PENDING)
    removed = make_comment(review=review, body="Removed words")
    moderate(target=removed, action=REMOVE, actor=moderator)
    deleted = make_comment(review=review, body="Deleted words")
    Comment.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    last = make_comment(review=review, parent=first, body="A reply")

    response = client.get(reverse("feeds:comments", kwargs={"pk": review.pk}))
    feed = feedparser.parse(response.content)

    assert [entry.summary for entry in feed.entries] == ["A reply", "First!"]
    assert [entry.id for entry in feed.entries] == [
        f"{SITE}{last.get_absolute_url()}",
        f"{SITE}{first.get_absolute_url()}",
    ]
    for words in (b"Held back", b"Removed words", b"Deleted words"):
        assert words not in response.content


def test_a_comment_on_a_later_page_of_the_thread_links_to_that_page(client, settings):
    settings.REVIEWHUB_THREADS_PER_PAGE = 2
    review = make_review()
    threads = [make_comment(review=review, body=f"Thread {n}") for n in range(3)]
    reply = make_comment(review=review, parent=threads[2], body="Reply on page two")

    feed = read(client, reverse("feeds:comments", kwargs={"pk": review.pk}))

    links = {entry.summary: entry.link for entry in feed.entries}
    assert links["Reply on page two"] == f"{SITE}/reviews/{review.pk}/?page=2#comment-{reply.pk}"
    assert links["Thread 0"] == f"{SITE}/reviews/{review.pk}/#comment-{threads[0].pk}"
    page_two = client.get(f"/reviews/{review.pk}/?page=2").content.decode()
    assert f'id="comment-{reply.pk}"' in page_two


def test_user_text_is_escaped_in_the_feed(client):
    make_review(title="<b>Bold</b> & brave", body="<script>alert(1)</script> and https://example.com/x")

    entry = read(client, reverse("feeds:reviews")).entries[0]

    assert entry.title.startswith("<b>Bold</b> & brave")
    assert "<script>" not in entry.content[0].value
    assert '<a href="https://example.com/x" rel="nofollow ugc noopener">' in entry.content[0].value


def _feed_urls(review: Review) -> list[str]:
    return [
        reverse("feeds:reviews"),
        reverse("feeds:film", kwargs={"slug": review.film.slug}),
        reverse("feeds:user", kwargs={"username": review.author.username}),
        reverse("feeds:comments", kwargs={"pk": review.pk}),
    ]


def test_feeds_run_the_same_few_queries_for_one_entry_or_many(client, django_assert_max_num_queries):
    film = make_film()
    author = make_user()
    review = make_review(film=film, author=author)
    make_comment(review=review)
    one = {}
    for url in _feed_urls(review):
        with django_assert_max_num_queries(4) as captured:
            read(client, url)
        one[url] = len(captured.captured_queries)

    for n in range(6):
        other = make_review(film=make_film(), author=author, title=f"More {n}")
        make_review(film=film, title=f"Also {n}")
        make_comment(review=review, parent=make_comment(review=review))
        make_comment(review=other)

    for url in _feed_urls(review):
        with django_assert_max_num_queries(one[url]):
            assert len(read(client, url).entries) > 1


def test_feeds_are_cached_for_signed_out_readers_until_content_changes(client, settings, django_assert_num_queries):
    settings.REVIEWHUB_PAGE_CACHE_SECONDS = 60
    forget_cached_pages()
    film = make_film()
    make_review(film=film, title="Before")
    url = reverse("feeds:film", kwargs={"slug": film.slug})
    read(client, url)
    with django_assert_num_queries(0):
        assert len(read(client, url).entries) == 1

    make_review(film=film, title="After")

    titles = [entry.title.split(" — ")[0] for entry in read(client, url).entries]
    assert titles == ["After", "Before"]
    forget_cached_pages()
