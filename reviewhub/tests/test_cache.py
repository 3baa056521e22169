"""The page cache for signed-out readers: served without queries, invalidated by writes, never leaking."""

from collections import Counter

import pytest
from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseNotFound
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse

from comments.tests.factories import make_comment
from moderation_desk.services import REMOVE, moderate
from reviewhub import cache as page_cache
from reviewhub.cache import VERSION_KEY, NearCache, cache_for_anonymous, content_changed, forget_cached_pages
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.REVIEWHUB_PAGE_CACHE_SECONDS = 60
    forget_cached_pages()
    yield
    forget_cached_pages()


@pytest.fixture
def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _queries(client: Client, url: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content


# --- Hits ---------------------------------------------------------------------------


def test_second_anonymous_review_page_is_served_without_queries(client, review, django_assert_num_queries):
    url = reverse("comments:review", args=[review.pk])
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert review.title.encode() in second.content
    assert "Cookie" in second["Vary"]


def test_second_anonymous_film_page_is_served_without_queries(client, review, django_assert_num_queries):
    url = reverse("films:detail", args=[review.film.slug])
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content


def test_each_sort_and_page_is_its_own_entry(client, review):
    url = reverse("films:detail", args=[review.film.slug])
    client.get(url)
    assert _queries(client, url + "?sort=helpful")[0] > 0
    assert _queries(client, url + "?sort=helpful")[0] == 0
    # Unknown parameters are rendered, not stored: junk query strings cannot fill the cache.
    assert _queries(client, url + "?utm_source=x")[0] > 0
    assert _queries(client, url + "?utm_source=x")[0] > 0


# --- Invalidation -------------------------------------------------------------------


def test_a_new_comment_shows_at_once(client, signed_in, user, review):
    make_comment(review=review, author=user)  # an approved comment first, so the next is not held
    url = reverse("comments:review", args=[review.pk])
    assert b"A brand new thought" not in client.get(url).content

    posted = signed_in.post(reverse("comments:create", args=[review.pk]), {"body": "A brand new thought"})
    assert posted.status_code == 302

    assert b"A brand new thought" in client.get(url).content


def test_a_new_review_shows_at_once_on_the_film_page(client, signed_in, film):
    url = reverse("films:detail", args=[film.slug])
    assert b"Fresh take" not in client.get(url).content

    posted = signed_in.post(
        reverse("reviews:create", args=[film.slug]),
        {"title": "Fresh take", "body": "Warm and strange.", "rating": "7"},
    )
    assert posted.status_code == 302

    assert b"Fresh take" in client.get(url).content


def test_a_vote_shows_at_once(client, signed_in, review):
    url = reverse("comments:review", args=[review.pk])
    assert b"1 of 1 found this helpful" not in client.get(url).content

    posted = signed_in.post(reverse("reviews:vote", args=[review.pk]), {"value": "yes"})
    assert posted.status_code == 302

    assert b"1 of 1 found this helpful" in client.get(url).content


def test_a_moderators_removal_shows_at_once(client, review, moderator):
    comment = make_comment(review=review, body="Buy cheap watches here")
    url = reverse("comments:review", args=[review.pk])
    assert b"Buy cheap watches here" in client.get(url).content

    moderate(target=comment, action=REMOVE, actor=moderator)

    assert b"Buy cheap watches here" not in client.get(url).content


def test_a_page_rendered_before_the_commit_is_not_served_after_it(client, review, django_capture_on_commit_callbacks):
    url = reverse("comments:review", args=[review.pk])
    with django_capture_on_commit_callbacks(execute=True):
        content_changed()
        client.get(url)  # cached while the write's transaction is still open
    assert _queries(client, url)[0] > 0


def test_a_lost_version_counts_as_a_change(client, review, monkeypatch):
    monkeypatch.setattr(page_cache, "VERSION_RECHECK_SECONDS", 0)
    url = reverse("comments:review", args=[review.pk])
    client.get(url)
    cache.delete(VERSION_KEY)
    assert _queries(client, url)[0] > 0
    assert _queries(client, url)[0] == 0


def test_another_processs_write_is_seen_at_the_next_version_check(client, review, monkeypatch):
    url = reverse("comments:review", args=[review.pk])
    client.get(url)
    cache.incr(VERSION_KEY)  # as a write handled by another server process does
    assert _queries(client, url)[0] == 0  # this process checks the shared version once a second
    monkeypatch.setattr(page_cache, "VERSION_RECHECK_SECONDS", 0)
    assert _queries(client, url)[0] > 0


def test_the_near_cache_drops_the_least_recently_used_pages_first():
    pages = NearCache(max_bytes=8 * 1024)
    page = ([("Content-Type", "text/html")], b"x" * 400)
    for n in range(8):
        pages.set(f"page-{n}", 1, page, seconds=60)
    assert pages.get("page-0", 1) == page  # now the most recently used
    for n in range(8, 12):
        pages.set(f"page-{n}", 1, page, seconds=60)

    assert pages.get("page-0", 1) == page
    assert pages.get("page-1", 1) is None
    assert pages.get("page-11", 1) == page
    assert pages.get("page-11", 2) is None  # another content version
    pages.set("expired", 1, page, seconds=0)
    assert pages.get("expired", 1) is None


# --- Never shared -------------------------------------------------------------------


def test_signed_in_readers_never_get_a_cached_page(client, signed_in, review):
    url = reverse("comments:review", args=[review.pk])
    client.get(url)
    client.get(url)
    for _ in range(2):
        queries, content = _queries(signed_in, url)
        assert queries > 0
        assert b"reader" in content  # their own account menu


def test_a_cached_page_has_no_token_and_no_other_readers_name(client, signed_in, review):
    url = reverse("comments:review", args=[review.pk])
    assert b"csrfmiddlewaretoken" in signed_in.get(url).content
    for _ in range(2):
        response = client.get(url)
        assert b"csrfmiddlewaretoken" not in response.content
        assert b">reader<" not in response.content and b"Account menu" not in response.content
        assert not response.cookies


def test_a_visitor_with_a_session_or_messages_is_not_served_from_the_cache(client, review):
    url = reverse("comments:review", args=[review.pk])
    client.get(url)
    assert _queries(client, url)[0] == 0
    client.cookies["messages"] = "anything"
    assert _queries(client, url)[0] > 0


# --- The decorator on its own (views below, routed with pytest.mark.urls) --------------

calls: Counter[str] = Counter()


@cache_for_anonymous
def plain_view(request):
    calls["plain"] += 1
    return HttpResponse(f"plain {calls['plain']}")


@cache_for_anonymous
def token_view(request):
    calls["token"] += 1
    template = engines["django"].from_string("<form>{% csrf_token %}</form>")
    return HttpResponse(template.render(request=request))


@cache_for_anonymous
def message_view(request):
    calls["message"] += 1
    messages.info(request, "Saved.")
    return HttpResponse("a page with a message")


@cache_for_anonymous
def cookie_view(request):
    calls["cookie"] += 1
    response = HttpResponse("a page that sets a cookie")
    response.set_cookie("seen", "1")
    return response


@cache_for_anonymous
def missing_view(request):
    calls["missing"] += 1
    return HttpResponseNotFound("no such page")


urlpatterns = [
    path("plain/", plain_view),
    path("token/", token_view),
    path("message/", message_view),
    path("cookie/", cookie_view),
    path("missing/", missing_view),
]


@pytest.fixture
def routes():
    calls.clear()
    return calls


@pytest.mark.urls(__name__)
def test_plain_pages_render_once(client, routes):
    assert client.get("/plain/").content == b"plain 1"
    assert client.get("/plain/").content == b"plain 1"
    content_changed()
    assert client.get("/plain/").content == b"plain 2"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("name", ["token", "message", "cookie", "missing"])
def test_pages_with_a_token_a_message_a_cookie_or_an_error_are_never_stored(client, routes, name):
    client.get(f"/{name}/")
    client.get(f"/{name}/")
    assert routes[name] == 2


@pytest.mark.urls(__name__)
def test_a_cache_outage_is_not_an_error(client, routes, settings):
    original = settings.CACHES
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }
    try:
        assert client.get("/plain/").content == b"plain 1"
        assert client.get("/plain/").content == b"plain 2"
        content_changed()
    finally:
        settings.CACHES = original


def test_templates_are_compiled_once_per_process():
    """Django's cached template loader is on whenever no loaders are configured (Django 4.1+)."""
    loaders = engines["django"].engine.template_loaders
    assert [type(loader).__module__ for loader in loaders] == ["django.template.loaders.cached"]


# --- Fragments: parts of the film page cached for everyone ------------------------------


@pytest.fixture
def fragments_on(settings):
    settings.REVIEWHUB_PAGE_CACHE_SECONDS = 0
    settings.REVIEWHUB_FRAGMENT_CACHE_SECONDS = 60


def test_a_warm_film_page_skips_the_review_cards(client, review, fragments_on, django_assert_num_queries):
    url = reverse("films:detail", args=[review.film.slug])
    first = client.get(url)
    with django_assert_num_queries(4) as warm:  # the film, its genres, its credits, the count of reviews
        second = client.get(url)
    assert not any('reviews_review"."body' in query["sql"] for query in warm.captured_queries)
    assert second.content == first.content
    assert review.title.encode() in second.content


def test_fragments_do_not_carry_one_readers_own_parts_to_another(review, user, other_user, fragments_on):
    url = reverse("films:detail", args=[review.film.slug])
    author, reader = Client(), Client()
    author.force_login(other_user)  # wrote the review
    reader.force_login(user)

    assert b"Edit your review" in author.get(url).content
    page = reader.get(url).content
    assert b"Write a review" in page and b"Edit your review" not in page
    assert b"Account menu for </span>reader" in page
    assert b"Account menu for </span>another" not in page


def test_fragments_follow_writes_and_admin_edits(client, signed_in, film, admin_client, fragments_on):
    genre = film.genres.create(name="Romance", slug="romance")
    url = reverse("films:detail", args=[film.slug])
    assert b"Fresh take" not in client.get(url).content

    signed_in.post(reverse("reviews:create", args=[film.slug]), {"title": "Fresh take", "body": "Warm.", "rating": "7"})
    page = client.get(url).content
    assert b"Fresh take" in page
    assert b"1 rating" in page

    admin_client.post(
        reverse("admin:films_genre_change", args=[genre.pk]), {"name": "Romantic drama", "slug": "romance"}
    )
    assert b"Romantic drama" in client.get(url).content


def test_a_cache_outage_leaves_fragments_rendering(settings):
    settings.REVIEWHUB_FRAGMENT_CACHE_SECONDS = 60
    original = settings.CACHES
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }
    try:
        template = engines["django"].from_string(
            '{% load fragments %}{% fragment "part" 1 %}Hello {{ who }}{% endfragment %}'
        )
        assert template.render({"who": "reader"}) == "Hello reader"
    finally:
        settings.CACHES = original


def _reads_review_cards(client: Client, url: str) -> tuple[bool, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return any('reviews_review"."body' in query["sql"] for query in captured.captured_queries), response.content


def test_film_reviews_are_cached_by_sort_and_page_shown_not_by_query_string(client, film, fragments_on, settings):
    settings.REVIEWHUB_REVIEWS_PER_PAGE = 1
    make_review(film=film, title="First of two")
    make_review(film=film, title="Second of two")
    url = reverse("films:detail", args=[film.slug])

    # A first reader arrives with junk: what is stored for (helpful, page 2) must not carry it to others.
    assert _reads_review_cards(client, f"{url}?utm_source=mail&sort=helpful&page=2")[0]
    read, page = _reads_review_cards(client, f"{url}?sort=helpful&page=2")
    assert not read
    assert b"utm_source" not in page
    assert b'href="?sort=helpful&amp;page=1#reviews"' in page  # the pager keeps the sort, and only it

    # Junk parameters, cache-busters and invalid pages reuse the entry of the page actually shown.
    for n in range(50):
        assert not _reads_review_cards(client, f"{url}?sort=helpful&page=2&junk={n}")[0]
    assert not _reads_review_cards(client, f"{url}?sort=helpful&page=999")[0]  # the last page: 2
    assert _reads_review_cards(client, url)[0]  # newest, page 1: a new entry
    for variant in ("?page=abc", "?page=1", "?sort=bogus", "?sort=newest&fbclid=x"):
        assert not _reads_review_cards(client, url + variant)[0], variant
    assert _reads_review_cards(client, url + "?page=2")[0]
    for variant in ("?page=0", "?sort=newest&page=-3", "?page=99999999999999999999"):  # Paginator.get_page: the last
        assert not _reads_review_cards(client, url + variant)[0], variant
