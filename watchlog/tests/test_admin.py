"""The watch log in the admin: lists, search by reader and film, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_user
from films.tests.factories import make_film
from watchlog import services
from watchlog.tests.factories import make_watch

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["watch", "watchlistentry", "readingpreferences", "scorereveal"])
def test_each_list_opens(admin_client, model):
    reader = make_user(username="theodore")
    film = make_film(title="Her")
    make_watch(user=reader, film=film)
    services.watchlist_add(user=reader, film=make_film(title="Lost"))
    services.reading_preferences_update(user=reader, diary_public=True, watchlist_public=True, blind_mode=True)
    services.scores_reveal(user=reader, film=film)
    response = admin_client.get(reverse(f"admin:watchlog_{model}_changelist"))
    assert response.status_code == 200
    assert "theodore" in response.content.decode()


@pytest.mark.parametrize(("query", "found"), [("theodore", 2), ("Lost", 1), ("nobody", 0)])
def test_watches_are_searched_by_reader_and_film(admin_client, query, found):
    theodore = make_user(username="theodore")
    make_watch(user=theodore, film=make_film(title="Her"))
    make_watch(user=theodore, film=make_film(title="Lost"))
    make_watch(user=make_user(username="amy"), film=make_film(title="Other"))
    response = admin_client.get(reverse("admin:watchlog_watch_changelist"), {"q": query})
    assert response.context["cl"].result_count == found


def test_the_watch_list_runs_the_same_queries_for_many_rows(admin_client, django_assert_num_queries):
    make_watch()
    url = reverse("admin:watchlog_watch_changelist")
    admin_client.get(url)
    with CaptureQueriesContext(connection) as one:
        admin_client.get(url)
    for _ in range(10):
        make_watch()
    with django_assert_num_queries(len(one)):
        admin_client.get(url)
