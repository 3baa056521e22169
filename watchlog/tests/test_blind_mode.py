"""Blind mode: a film's scores stay hidden from a reader until they rate it, log it or reveal them.

Everywhere scores show (film page, review cards on the film page, home, search and profile, the review
page, catalogue cards); off by default; and the pages keep a constant, small number of queries.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_user
from films.tests.factories import make_film
from reviews.reading import reading_state
from reviews.tests.factories import make_review
from watchlog import services
from watchlog.models import ScoreReveal
from watchlog.tests.factories import blind, make_watch

pytestmark = pytest.mark.django_db

BUDGET = 10


@pytest.fixture
def rated_film(film):
    make_review(film=film, title="Loved it", rating=9, body="Warm and sad.")
    make_review(film=film, title="Fine", rating=7, body="Pretty.")
    return film


def pages(film, review, author) -> dict[str, str]:
    return {
        "film": film.get_absolute_url(),
        "review": review.get_absolute_url(),
        "catalogue": reverse("films:list"),
        "home": reverse("pages:home"),
        "search": reverse("pages:search") + "?q=loved",
        "profile": reverse("pages:profile", args=[author.username]),
    }


SCORES = (
    "Rated </span>9/10</span>",  # a review card's badge
    "Average rating </span>8.0/10</span>",  # a film card's average
    '<span class="film-average-value">8.0/10</span>',  # the film page
    '<span class="rh-score">9/10</span>',  # the review page
)


def shows_scores(html: str) -> bool:
    """The film's average or a rating of it is on the page (the reviewer's own spread on a profile is not per film)."""
    return any(score in html for score in SCORES)


def hides_scores(html: str) -> bool:
    return not shows_scores(html) and ("Rating hidden" in html or "Scores hidden" in html)


@pytest.mark.parametrize("state", ["off", "blind", "blind, rated", "blind, logged", "blind, revealed"])
def test_scores_everywhere_follow_blind_mode(client, user, rated_film, state):
    review = rated_film.reviews.get(title="Loved it")
    if state != "off":
        blind(user)
    if state == "blind, rated":
        make_review(film=rated_film, author=user, rating=8)
    elif state == "blind, logged":
        make_watch(user=user, film=rated_film)
    elif state == "blind, revealed":
        services.scores_reveal(user=user, film=rated_film)
    client.force_login(user)
    for name, url in pages(rated_film, review, review.author).items():
        html = client.get(url).content.decode()
        if state == "blind":
            assert hides_scores(html), name
            head = html[: html.index("</head>")]
            assert "/10" not in head, name
            assert "ratingValue" not in head, name
        else:
            assert shows_scores(html), name
            assert "Rating hidden" not in html and "Scores hidden" not in html, name


def test_the_film_page_hides_average_histogram_and_verdict(client, user, rated_film):
    blind(user)
    client.force_login(user)
    html = client.get(rated_film.get_absolute_url()).content.decode()
    assert "film-average-value" not in html and "film-verdict" not in html and "histogram-row" not in html
    assert "from 2 ratings" not in html
    assert "Scores hidden (blind mode)" in html and ">Reveal scores</button>" in html


def test_a_visitor_and_a_reader_without_blind_mode_see_scores_and_no_reveal(client, user, rated_film):
    assert "film-average-value" in client.get(rated_film.get_absolute_url()).content.decode()
    client.force_login(user)
    html = client.get(rated_film.get_absolute_url()).content.decode()
    assert "film-average-value" in html and "Reveal scores" not in html


def test_blind_mode_only_hides_films_the_reader_has_not_unlocked(client, user, rated_film):
    other = make_film(title="Seen Film")
    make_review(film=other, rating=3, title="Dull one")
    make_watch(user=user, film=other)
    blind(user)
    client.force_login(user)
    html = client.get(reverse("films:list")).content.decode()
    assert html.count("Scores hidden (blind mode)") == 1
    assert "3.0/10" in html


def test_reveal_scores_is_remembered_for_that_film_only(client, user, rated_film):
    other = make_film()
    make_review(film=other, rating=4)
    blind(user)
    client.force_login(user)
    response = client.post(
        reverse("watchlog:reveal-scores", args=[rated_film.slug]), {"next": rated_film.get_absolute_url()}
    )
    assert response["Location"] == rated_film.get_absolute_url()
    assert ScoreReveal.objects.filter(user=user, film=rated_film).exists()
    assert "film-average-value" in client.get(rated_film.get_absolute_url()).content.decode()
    client.logout()
    client.force_login(user)  # a new session: still revealed
    assert "film-average-value" in client.get(rated_film.get_absolute_url()).content.decode()
    assert "film-average-value" not in client.get(other.get_absolute_url()).content.decode()


def test_reveal_is_post_only_and_for_signed_in_readers(client, user, film):
    url = reverse("watchlog:reveal-scores", args=[film.slug])
    assert reverse("login") in client.post(url)["Location"]
    client.force_login(user)
    assert client.get(url).status_code == 405
    assert not ScoreReveal.objects.exists()


def test_the_review_page_hides_the_rating_and_offers_the_reveal(client, user, rated_film):
    review = rated_film.reviews.get(title="Loved it")
    blind(user)
    client.force_login(user)
    html = client.get(review.get_absolute_url()).content.decode()
    assert "Rating hidden (blind mode)" in html and "rh-verdict" not in html
    assert reverse("watchlog:reveal-scores", args=[rated_film.slug]) in html


def test_reading_state_is_one_query_whatever_the_reader_has_logged(user, django_assert_num_queries):
    films = [make_film() for _ in range(3)]
    blind(user)
    for film in films[:2]:
        make_watch(user=user, film=film)
        make_watch(user=user, film=film, rewatch=True)
    services.watchlist_add(user=user, film=films[2])
    make_review(author=user, film=films[2], rating=5)
    with django_assert_num_queries(1):
        state = reading_state(user=user, film_ids=[film.pk for film in films])
    assert state.blind_mode
    assert state.open_spoilers == {films[0].pk, films[1].pk}
    assert state.watches[films[0].pk][1] == 2
    assert state.watchlist == {films[2].pk}
    assert not any(film.pk in state.hidden_scores for film in films)
    assert make_film().pk in state.hidden_scores
    with django_assert_num_queries(0):
        assert reading_state(user=None, film_ids=[films[0].pk]).hidden_scores == frozenset()


def _queries(client, url: str) -> int:
    client.get(url)  # the session is loaded once; count a steady-state view
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_pages_keep_their_budget_for_a_blind_reader_with_many_watches(client, user, rated_film):
    """One watch or 1,000 (and spoilers, reviews, a watchlist): the same number of queries, at most 10."""
    review = rated_film.reviews.get(title="Loved it")
    blind(user)
    make_watch(user=user, film=rated_film)
    make_film(title="Loved from the start")  # so that search finds a film as well as a review
    client.force_login(user)
    urls = pages(rated_film, review, review.author)
    few = {name: _queries(client, url) for name, url in urls.items()}

    for index in range(20):
        film = make_film(title=f"Loved film {index}")
        make_review(film=film, rating=index % 10 + 1, contains_spoilers=index % 2 == 0, title=f"Loved review {index}")
        services.watchlist_add(user=user, film=film)
    watched = make_film()
    for _ in range(1000):
        services.watch_log(user=user, film=watched, watched_on=review.created_at.date())
    make_review(film=watched, author=review.author, rating=2)
    many = {name: _queries(client, url) for name, url in urls.items()}

    assert few == many
    assert max(many.values()) <= BUDGET


@pytest.mark.parametrize("name", ["film", "review", "catalogue", "home", "search", "profile"])
def test_each_page_is_within_budget_signed_in_blind(client, user, rated_film, name, django_assert_max_num_queries):
    review = rated_film.reviews.get(title="Loved it")
    blind(user)
    make_watch(user=make_user(), film=rated_film)
    services.watchlist_add(user=user, film=rated_film)
    client.force_login(user)
    url = pages(rated_film, review, review.author)[name]
    client.get(url)
    with django_assert_max_num_queries(BUDGET):
        client.get(url)


def test_the_film_pages_shared_fragments_never_carry_one_readers_view_to_another(client, user, rated_film, settings):
    """With the fragment cache on (production with Redis), blind and spoiler views are cached apart."""
    settings.REVIEWHUB_FRAGMENT_CACHE_SECONDS = 600
    make_review(film=rated_film, title="Twist", body="Samantha leaves.", contains_spoilers=True, rating=8)
    blind(user)
    client.force_login(user)
    assert "film-average-value" not in client.get(rated_film.get_absolute_url()).content.decode()

    client.logout()
    visitor = client.get(rated_film.get_absolute_url()).content.decode()
    assert "film-average-value" in visitor and "Rated </span>9/10" in visitor
    assert "Samantha leaves." not in visitor

    watcher = make_user()
    make_watch(user=watcher, film=rated_film)
    client.force_login(watcher)
    assert "Samantha leaves." in client.get(rated_film.get_absolute_url()).content.decode()
    client.logout()
    assert "Samantha leaves." not in client.get(rated_film.get_absolute_url()).content.decode()
