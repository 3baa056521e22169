"""Every public page runs the same, small number of queries at one row and at realistic volume.

The volume comes from generate_volume (reviews with votes and reports, threads nested
to the maximum depth, held and deleted content), so these budgets hold for data
shaped like a real site's, not only for hand-made fixtures; and they hold with the fragment
cache off, and on both cold and warm (production's settings with Redis).
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.tests.factories import make_comment
from conftest import FragmentCache
from films.tests.factories import make_film
from reviews.tests.factories import make_review
from sampledata.volume import VolumeSpec, generate

pytestmark = pytest.mark.django_db

BUDGET = 10


def _queries(client: Client, url: str, fragments: FragmentCache) -> int:
    fragments.warm_up(client, url)  # the first request of a session may load it; count a steady-state view
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture(params=["visitor", "signed in"])
def reader(request, user) -> Client:
    client = Client()
    if request.param == "signed in":
        client.force_login(user)
    return client


def _one_of_each(film, user):
    make_film(title="Quiet Days", year=1999)  # so that search finds a film as well as a review
    review = make_review(film=film, title="Quiet and lovely")
    make_comment(review=review, author=user)
    return review


def _busiest_author():
    return (
        get_user_model()
        .objects.annotate(n=Count("reviews", distinct=True) + Count("comments", distinct=True))
        .order_by("-n", "pk")
        .first()
    )


def test_home_catalogue_and_search_do_not_grow(reader, film, user, fragments):
    review = _one_of_each(film, user)
    urls = [reverse("pages:home"), reverse("films:list"), reverse("pages:search") + "?q=quiet"]
    few = [_queries(reader, url, fragments) for url in urls]

    generate(VolumeSpec(films=30, reviews_per_film=8, comments=300, users=60, reports=20, seed=21))
    many = [_queries(reader, url, fragments) for url in urls]

    assert few == many
    assert max(many) <= BUDGET
    assert review.title.encode() in reader.get(reverse("pages:search") + "?q=quiet").content


def test_profile_does_not_grow(reader, film, user, fragments):
    review = _one_of_each(film, user)
    few = _queries(reader, reverse("pages:profile", args=[review.author.username]), fragments)

    generate(VolumeSpec(films=20, reviews_per_film=10, comments=400, users=15, reports=20, seed=22))
    busiest = _busiest_author()
    many = _queries(reader, reverse("pages:profile", args=[busiest.username]), fragments)

    assert busiest.reviews.count() > 5
    assert few == many <= BUDGET


def test_film_page_does_not_grow(reader, film, user, fragments):
    _one_of_each(film, user)
    url = reverse("films:detail", args=[film.slug])
    few = {
        sort: _queries(reader, f"{url}?sort={sort}", fragments) for sort in ("newest", "helpful", "highest", "lowest")
    }

    generate(VolumeSpec(film=film, reviews_per_film=300, comments=600, users=0, reports=30, seed=23))
    many = {sort: _queries(reader, f"{url}?sort={sort}&page=3", fragments) for sort in few}

    assert film.reviews.count() == 301
    assert few == many
    assert max(many.values()) <= BUDGET


def test_review_page_does_not_grow(reader, film, user, settings, fragments):
    review = _one_of_each(film, user)
    url = reverse("comments:review", args=[review.pk])
    few = _queries(reader, url, fragments)

    generate(VolumeSpec(review=review, comments=800, users=80, reports=30, seed=24))
    paginated = _queries(reader, url, fragments)
    settings.REVIEWHUB_THREADS_PER_PAGE = 0
    whole = _queries(reader, url, fragments)

    assert review.comments.count() == 801
    assert few == paginated == whole <= BUDGET
