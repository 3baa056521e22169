"""The sitemap index and its sections, parsed as XML, and robots.txt as a crawler reads it."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import make_user
from films.models import Film
from films.tests.factories import make_film
from moderation.models import Status
from moderation_desk.services import REMOVE, moderate, user_deactivate
from reviewhub.cache import forget_cached_pages
from reviews import services as review_services
from reviews.models import Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db

SITE = "https://reviews.example.org"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.REVIEWHUB_SITE_URL = SITE


def _get_xml(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sitemap(client) -> dict[str, str | None]:
    """Every URL of every section the index lists, with its lastmod."""
    index = _get_xml(client, reverse("feeds:sitemap"))
    urls = {}
    for location in index.findall("sm:sitemap/sm:loc", NS):
        assert location.text.startswith(f"{SITE}/sitemap-")
        for url in _get_xml(client, _path(location.text)).findall("sm:url", NS):
            urls[url.find("sm:loc", NS).text] = url.findtext("sm:lastmod", namespaces=NS)
    return urls


def test_the_sitemap_lists_the_her_film_reviews_and_reviewers(client):
    call_command("loaddata", "her", verbosity=0)

    urls = sitemap(client)

    reviews = Review.objects.select_related("author")
    expected = {f"{SITE}/films/her-2013/"}
    expected |= {f"{SITE}{review.get_absolute_url()}" for review in reviews}
    expected |= {f"{SITE}/users/{review.author.username}/" for review in reviews}
    assert set(urls) == expected
    assert urls[f"{SITE}/films/her-2013/"] == "2018-03-24"  # its newest review
    assert urls[f"{SITE}/users/BarneyNuttall/"] == "2016-06-12"
    for url in urls:
        assert client.get(_path(url)).status_code == 200


def test_hidden_reviews_and_their_only_reviewers_stay_out(client, moderator):
    film = make_film()
    shown = make_review(film=film)
    held = make_review(film=film)
    Review.objects.filter(pk=held.pk).update(status=Status.PENDING)
    removed = make_review(film=film)
    moderate(target=removed, action=REMOVE, actor=moderator)
    deleted = review_services.review_delete(review=make_review(film=film))
    deactivated = make_review(film=film)
    user_deactivate(user=deactivated.author, actor=moderator)
    commenter_only = make_user()

    urls = sitemap(client)

    assert f"{SITE}{shown.get_absolute_url()}" in urls
    assert f"{SITE}/users/{shown.author.username}/" in urls
    for review in (held, removed, deleted):
        assert f"{SITE}{review.get_absolute_url()}" not in urls
        assert f"{SITE}/users/{review.author.username}/" not in urls
    assert f"{SITE}{deactivated.get_absolute_url()}" not in urls
    assert f"{SITE}/users/{deactivated.author.username}/" not in urls
    assert f"{SITE}/users/{commenter_only.username}/" not in urls


def test_large_sections_are_split_into_pages_the_index_lists(client, settings):
    settings.REVIEWHUB_SITEMAP_URLS = 2
    films = [make_film() for _ in range(5)]

    index = _get_xml(client, reverse("feeds:sitemap"))

    locations = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    section = f"{SITE}/sitemap-films.xml"
    assert [loc for loc in locations if loc.startswith(section)] == [section, f"{section}?p=2", f"{section}?p=3"]
    assert len(sitemap(client)) == len(films)
    assert client.get("/sitemap-films.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_the_index_dates_each_section_by_its_newest_change(client):
    film = make_film()
    review = make_review(film=film)
    Film.objects.filter(pk=film.pk).update(created_at=review.created_at.replace(year=2001))
    Review.objects.filter(pk=review.pk).update(edited_at=review.created_at.replace(year=2030))

    index = _get_xml(client, reverse("feeds:sitemap"))

    dates = {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in index.findall("sm:sitemap", NS)
    }
    assert dates[f"{SITE}/sitemap-reviews.xml"].startswith("2030-")
    assert dates[f"{SITE}/sitemap-films.xml"].startswith(str(review.created_at.year))


def test_sitemap_queries_do_not_grow_with_the_site(client, django_assert_max_num_queries):
    make_review()
    counts = {}
    urls = ["/sitemap.xml", "/sitemap-films.xml", "/sitemap-reviews.xml", "/sitemap-profiles.xml"]
    for url in urls:
        with django_assert_max_num_queries(8) as captured:
            client.get(url)
        counts[url] = len(captured.captured_queries)
    for _ in range(5):
        make_review()
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)


def robots_rules(text: str) -> list[tuple[str, str]]:
    """(Allow|Disallow, pattern) for user agent *, as RFC 9309 reads them."""
    return [tuple(part.strip() for part in line.split(":", 1)) for line in text.splitlines() if ":" in line]


def disallowed(rules: list[tuple[str, str]], path: str) -> bool:
    """RFC 9309 matching: * matches any characters, a trailing $ anchors; no rule means allowed."""
    for kind, pattern in rules:
        if kind == "Disallow" and pattern:
            regex = re.escape(pattern).replace(r"\*", ".*").replace(r"\$", "$")
            if re.match(regex, path):
                return True
    return False


def test_robots_points_to_the_sitemap_and_keeps_crawlers_off_accounts_and_actions(client):
    review = make_review()
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("User-agent: *\n")
    assert f"Sitemap: {SITE}/sitemap.xml" in text.splitlines()
    rules = robots_rules(text)

    kept_out = [
        reverse("admin:index"),
        reverse("login"),
        reverse("signup"),
        reverse("logout"),
        reverse("password_reset"),
        reverse("password_change"),
        reverse("reviews:create", kwargs={"slug": review.film.slug}),
        reverse("reviews:edit", kwargs={"pk": review.pk}),
        reverse("reviews:delete", kwargs={"pk": review.pk}),
        reverse("reviews:vote", kwargs={"pk": review.pk}),
        reverse("comments:report-review", kwargs={"pk": review.pk}),
        reverse("comments:create", kwargs={"review_pk": review.pk}),
        reverse("comments:reply", kwargs={"pk": 1}),
        reverse("comments:edit", kwargs={"pk": 1}),
        reverse("comments:delete", kwargs={"pk": 1}),
        reverse("comments:report", kwargs={"pk": 1}),
        "/notifications/",
        reverse("healthz"),
        reverse("comments:follow", kwargs={"pk": review.pk}),
        reverse("pages:follow", kwargs={"username": review.author.username}),
        reverse("watchlog:film-watches", kwargs={"slug": review.film.slug}),
        reverse("watchlog:log", kwargs={"slug": review.film.slug}),
        reverse("watchlog:watchlist-toggle", kwargs={"slug": review.film.slug}),
        reverse("watchlog:reveal-scores", kwargs={"slug": review.film.slug}),
        reverse("watchlog:edit", kwargs={"pk": 1}),
        reverse("watchlog:delete", kwargs={"pk": 1}),
    ]
    for path in kept_out:
        assert disallowed(rules, path), path

    public = [
        reverse("pages:home"),
        reverse("films:list"),
        review.film.get_absolute_url(),
        review.get_absolute_url(),
        f"{review.get_absolute_url()}?page=2",
        review.author.get_absolute_url(),
        reverse("pages:search") + "?q=her",
        reverse("feeds:reviews"),
        reverse("feeds:comments", kwargs={"pk": review.pk}),
        reverse("feeds:sitemap"),
        reverse("watchlog:diary", kwargs={"username": review.author.username}),
        "/static/css/site.css",
    ]
    for path in public:
        assert not disallowed(rules, path), path


def test_sitemaps_are_cached_for_signed_out_readers_until_content_changes(client, settings, django_assert_num_queries):
    settings.REVIEWHUB_PAGE_CACHE_SECONDS = 60
    settings.REVIEWHUB_SITEMAP_URLS = 1
    forget_cached_pages()
    make_review()
    first = make_review()
    assert f"{SITE}{first.get_absolute_url()}" in sitemap(client)
    with django_assert_num_queries(0):
        sitemap(client)
        client.get("/robots.txt")

    second = make_review()

    assert f"{SITE}{second.get_absolute_url()}" in sitemap(client)
    review_services.review_delete(review=second)
    assert f"{SITE}{second.get_absolute_url()}" not in sitemap(client)
    forget_cached_pages()
