"""Calibration lines, protection notes and ranking notes cost no queries per card: pages stay at a fixed count."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from films.tests.factories import make_film
from reviews.models import ScoreProtection
from reviews.protection import score_protection_save
from reviews.tests.factories import make_review
from watchlog.models import Watch

pytestmark = pytest.mark.django_db

BUDGET = 10


def prolific(film, rating: int):
    """A reviewer of `film` with ten ratings in all, so their card carries a calibration line; they logged a watch."""
    author = make_user()
    for _ in range(9):
        make_review(author=author, rating=5)
    Watch.objects.create(user=author, film=film, watched_on=timezone.localdate())
    return make_review(author=author, film=film, rating=rating)


def pages(film, review) -> list[str]:
    return [
        film.get_absolute_url(),
        review.get_absolute_url(),
        reverse("pages:home"),
        reverse("films:list") + "?sort=rating",
        reverse("pages:profile", args=[review.author.username]),
    ]


def queries(client: Client, url: str) -> tuple[int, str]:
    client.get(url)  # a session's first request may load it; count the steady state
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


@pytest.mark.parametrize("signed_in", [False, True])
def test_pages_with_calibration_and_protection_do_not_grow(signed_in, admin_user, django_assert_max_num_queries):
    client = Client()
    if signed_in:
        client.force_login(make_user())
    film = make_film()
    review = prolific(film, rating=9)
    score_protection_save(
        protection=ScoreProtection(film=film, require_watch=True, since=timezone.now() - timedelta(days=1)),
        actor=admin_user,
    )
    make_review(film=film, rating=1)  # no watch logged: shown, not counted
    ranked = make_film()
    for rating in range(5, 10):
        make_review(film=ranked, rating=rating)  # so the ranked lists are not empty
    few = [queries(client, url) for url in pages(film, review)]

    for rating in range(1, 10):
        prolific(film, rating)
        make_review(film=film, rating=2)
    many = [queries(client, url) for url in pages(film, review)]

    assert [count for count, _ in few] == [count for count, _ in many]
    film_page, review_page = many[0][1], many[1][1]
    assert "their usual" in film_page and "Score protection on since" in film_page
    assert "10 ratings are not counted." in film_page
    assert "9/10 — <strong>above their usual</strong> (averages 5.4 over 10 ratings)" in review_page
    for url in pages(film, review):
        with django_assert_max_num_queries(BUDGET):
            client.get(url)
