"""What other sites read from the pages: JSON-LD (through extruct), Open Graph, Twitter cards, canonical links."""

import json
import re
from html import unescape

import extruct
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from comments.tests.factories import make_comment
from films.models import Credit
from films.tests.factories import make_credit, make_film
from films.tests.test_admin import png_bytes
from moderation_desk.services import account_close
from reviews.models import Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db

SITE = "https://reviews.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.REVIEWHUB_SITE_URL = SITE


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def metadata(html: str, url: str) -> tuple[list[dict], dict[str, str]]:
    """(JSON-LD items, Open Graph properties) as a structured-data extractor reads them (og:type as "@type")."""
    found = extruct.extract(html, base_url=f"{SITE}{url}", syntaxes=["json-ld", "opengraph"], uniform=True)
    [og] = found["opengraph"]
    return found["json-ld"], og


def head_links(html: str, rel: str) -> list[dict[str, str]]:
    head = html.split("</head>")[0]
    links = []
    for tag in re.findall(rf'<link rel="{rel}"[^>]*>', head):
        links.append({name: unescape(value) for name, value in re.findall(r'(\w+)="([^"]*)"', tag)})
    return links


def twitter_card(html: str) -> str | None:
    match = re.search(r'<meta name="twitter:card" content="([^"]+)">', html)
    return match and match.group(1)


def test_her_film_page_says_9_3_from_3_ratings_as_the_page_does(client):
    call_command("loaddata", "her", verbosity=0)
    url = reverse("films:detail", kwargs={"slug": "her-2013"})
    html = page(client, url)

    [movie], og = metadata(html, url)

    assert movie["@type"] == "Movie"
    assert movie["name"] == "Her"
    assert movie["url"] == f"{SITE}/films/her-2013/"
    assert movie["datePublished"] == "2013"
    assert movie["duration"] == "PT126M"
    assert movie["contentRating"] == "R"
    assert movie["genre"] == ["Drama", "Romance", "Science Fiction"]
    assert movie["director"] == [{"@type": "Person", "name": "Spike Jonze"}]
    assert {"@type": "Person", "name": "Joaquin Phoenix"} in movie["actor"]
    assert "image" not in movie  # no poster in the fixtures
    assert movie["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 9.3,
        "ratingCount": 3,
        "bestRating": 10,
        "worstRating": 1,
    }
    assert '<span class="film-average-value">9.3/10</span>' in html
    assert '<p class="film-rating-count">from 3 ratings</p>' in html

    assert og["og:title"] == "Her (2013)"
    assert og["@type"] == "video.movie"
    assert og["og:url"] == f"{SITE}/films/her-2013/"
    assert og["og:description"].startswith("Her (2013): 9.3/10 from 3 ratings on ReviewHub. In a near-future")
    assert og["og:image"].startswith(f"{SITE}/static/img/share")
    assert twitter_card(html) == "summary"
    assert head_links(html, "canonical") == [{"rel": "canonical", "href": f"{SITE}/films/her-2013/"}]
    assert head_links(html, "alternate") == [
        {
            "rel": "alternate",
            "type": "application/atom+xml",
            "title": "ReviewHub: reviews of Her (2013)",
            "href": f"{SITE}/feeds/films/her-2013/",
        }
    ]


def test_the_share_image_is_a_real_static_file(client):
    html = page(client, reverse("pages:home"))
    _, og = metadata(html, "/")
    response = client.get(og["og:image"].removeprefix(SITE))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_a_film_with_a_poster_shares_it_and_without_ratings_has_no_aggregate(client):
    film = make_film(title="Unrated", year=2020, certificate="", runtime_minutes=None)
    film.poster.save("poster.png", ContentFile(png_bytes()))
    make_review(film=film, rating=None)
    make_credit(film=film, role=Credit.Role.DIRECTOR)

    html = page(client, film.get_absolute_url())
    [movie], og = metadata(html, film.get_absolute_url())

    assert "aggregateRating" not in movie
    assert "duration" not in movie
    assert "contentRating" not in movie
    assert movie["image"] == f"{SITE}{film.poster.url}"
    assert og["og:image"] == f"{SITE}{film.poster.url}"
    assert og["og:image:alt"] == "Poster of Unrated"
    assert og["og:description"].startswith("Unrated (2020): no ratings yet on ReviewHub.")


def test_the_aggregate_counts_the_same_ratings_the_page_does(client, moderator):
    film = make_film()
    for rating in (3, 4, None):
        make_review(film=film, rating=rating)
    held = make_review(film=film, rating=10)
    Review.objects.filter(pk=held.pk).update(status="pending")

    html = page(client, film.get_absolute_url())
    [movie], _ = metadata(html, film.get_absolute_url())

    assert movie["aggregateRating"]["ratingCount"] == 2
    assert movie["aggregateRating"]["ratingValue"] == 3.5
    assert '<span class="film-average-value">3.5/10</span>' in html


def test_a_later_page_is_its_own_canonical_and_sorting_is_not(client, settings):
    settings.REVIEWHUB_REVIEWS_PER_PAGE = 1
    film = make_film()
    make_review(film=film)
    make_review(film=film)

    html = page(client, f"{film.get_absolute_url()}?page=2&sort=lowest")

    assert head_links(html, "canonical") == [{"rel": "canonical", "href": f"{SITE}{film.get_absolute_url()}?page=2"}]


def test_her_review_page_carries_a_review_of_the_movie(client):
    call_command("loaddata", "her", verbosity=0)
    review = Review.objects.select_related("author").get(author__username="BarneyNuttall")
    url = review.get_absolute_url()
    html = page(client, url)

    [data], og = metadata(html, url)

    assert data["@type"] == "Review"
    assert data["name"] == review.title
    assert data["url"] == f"{SITE}{url}"
    assert data["author"] == {"@type": "Person", "name": "BarneyNuttall", "url": f"{SITE}/users/BarneyNuttall/"}
    assert data["datePublished"] == "2016-06-12T20:15:00+00:00"
    assert data["reviewRating"] == {"@type": "Rating", "ratingValue": 8, "bestRating": 10, "worstRating": 1}
    assert data["itemReviewed"] == {
        "@type": "Movie",
        "name": "Her",
        "url": f"{SITE}/films/her-2013/",
        "datePublished": "2013",
    }
    assert '<span class="rh-score">8/10</span>' in html
    assert f'datetime="{review.created_at:%Y-%m-%dT%H:%M:%S%z}"' in html

    assert og["@type"] == "article"
    assert og["og:title"] == f"{review.title} — a review of Her (2013)"
    assert og["og:description"].startswith("BarneyNuttall reviews Her (2013): 8/10. Her follows Theodore")
    assert head_links(html, "canonical") == [{"rel": "canonical", "href": f"{SITE}{url}"}]
    [feed] = head_links(html, "alternate")
    assert feed["href"] == f"{SITE}/feeds/reviews/{review.pk}/comments/"
    assert twitter_card(html) == "summary"


def test_a_former_members_kept_review_names_nobody(client):
    review = make_review(rating=7)
    account_close(user=review.author, remove_writing=False)
    url = review.get_absolute_url()

    html = page(client, url)
    [data], og = metadata(html, url)

    assert data["author"] == {"@type": "Person", "name": "a former member"}
    assert og["og:description"].startswith(f"a former member reviews {review.film}: 7/10.")
    assert "former-member-" not in html


def test_an_unrated_review_has_no_review_rating(client):
    review = make_review(rating=None)
    [data], _ = metadata(page(client, review.get_absolute_url()), review.get_absolute_url())
    assert "reviewRating" not in data


def test_spoiler_text_goes_into_no_description(client):
    secret = "The narrator was the ghost all along"
    review = make_review(title="About the ending", body=f"{secret}.\n\nWhat a twist.", contains_spoilers=True)
    html = page(client, review.get_absolute_url())

    head = html.split("</head>")[0]
    assert secret not in head
    data, og = metadata(html, review.get_absolute_url())
    assert secret not in json.dumps(data)
    assert og["og:description"] == (
        f"{review.author.username} reviews {review.film}: 8/10. It contains spoilers, so read it on ReviewHub."
    )
    assert secret in html  # still on the page, behind its warning


def test_user_text_cannot_break_out_of_the_json_ld(client):
    review = make_review(title='</script><script>alert("x")</script> & more')
    html = page(client, review.get_absolute_url())

    assert '</script><script>alert("x")' not in html
    [data], og = metadata(html, review.get_absolute_url())
    assert data["name"] == review.title
    assert og["og:title"].startswith(review.title)


def test_a_held_review_offers_no_feed_to_its_author(client):
    review = make_review()
    Review.objects.filter(pk=review.pk).update(status="pending")
    client.force_login(review.author)

    html = page(client, review.get_absolute_url())

    assert head_links(html, "alternate") == []


def test_profiles_and_home_link_their_feeds_and_share_cards(client):
    review = make_review()
    make_comment(review=review)
    username = review.author.username
    html = page(client, review.author.get_absolute_url())

    _, og = metadata(html, review.author.get_absolute_url())
    assert og["@type"] == "profile"
    assert og["og:title"] == username
    assert og["og:url"] == f"{SITE}/users/{username}/"
    assert head_links(html, "canonical") == [{"rel": "canonical", "href": f"{SITE}/users/{username}/"}]
    [feed] = head_links(html, "alternate")
    assert feed == {
        "rel": "alternate",
        "type": "application/atom+xml",
        "title": f"ReviewHub: reviews by {username}",
        "href": f"{SITE}/feeds/users/{username}/",
    }

    home = page(client, reverse("pages:home"))
    [feed] = head_links(home, "alternate")
    assert feed["href"] == f"{SITE}/feeds/reviews/"
    assert head_links(home, "canonical") == [{"rel": "canonical", "href": f"{SITE}/"}]


def test_pages_link_their_feeds_in_the_head_and_visibly(client):
    review = make_review()
    pages = {
        reverse("pages:home"): "Latest reviews: Atom feed",
        review.film.get_absolute_url(): f"Reviews of {review.film.title}: Atom feed",
        review.author.get_absolute_url(): f"Reviews by {review.author.username}: Atom feed",
    }
    for url, label in pages.items():
        html = page(client, url)
        [feed] = head_links(html, "alternate")
        path = feed["href"].removeprefix(SITE)
        visible_link = rf'<a href="{re.escape(path)}" type="application/atom\+xml"><svg[^>]*>.*?</svg>{label}</a>'
        assert re.search(visible_link, html), url
        assert client.get(path).status_code == 200
    [feed] = head_links(page(client, review.get_absolute_url()), "alternate")
    assert client.get(feed["href"].removeprefix(SITE)).status_code == 200


def test_pages_keep_their_query_budgets_with_the_sharing_tags(client, django_assert_max_num_queries):
    review = make_review()
    make_comment(review=review)
    for url in (review.film.get_absolute_url(), review.get_absolute_url(), review.author.get_absolute_url()):
        with django_assert_max_num_queries(10):
            page(client, url)
