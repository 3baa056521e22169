"""PostgreSQL reads a page of the ranked and catalogue lists from an index in their order, not by sorting every film.

Each test explains the query a page really ran, with sequential and bitmap scans off so that the
planner takes the ordered index whenever that index matches the query's ORDER BY: if the order
in the code and the index in the migrations drift apart, the plan falls back to a sort and the
test fails. (On a tiny test table the planner would otherwise sort anyway, whatever matches.)
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from films.tests.factories import make_film
from reviews.tests.factories import make_review

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the ordered indexes are PostgreSQL's"),
]

FILM_LIST_QUERY = 'SELECT "films_film"."id"'


def plan_of_film_list(client, url: str) -> str:
    """The plan of the film list query (the one with a LIMIT) that rendering `url` ran."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    [sql] = [q["sql"] for q in captured if q["sql"].startswith(FILM_LIST_QUERY) and " LIMIT " in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def films():
    for number in range(3):
        film = make_film(title=f"Film {number}", year=2000 + number)
        for rating in (6, 7, 8, 9, 10):
            make_review(film=film, rating=rating - number)


RANK_PRESORTED = (
    "Presorted Key: (((reviews_filmreviewstats.rating_total)::double precision"
    " / (NULLIF(reviews_filmreviewstats.rating_count, 0))::double precision)), reviews_filmreviewstats.rating_count"
)


@pytest.mark.parametrize(
    ("url", "index", "presorted"),
    [
        (reverse("pages:home"), "film_stats_rank_idx", RANK_PRESORTED),
        (reverse("films:list") + "?sort=rating", "film_stats_rank_idx", RANK_PRESORTED),
        (reverse("films:list"), "film_title_order_idx", None),
        (reverse("films:list") + "?sort=year", "film_year_order_idx", None),
    ],
)
def test_lists_read_films_in_index_order(client, films, url, index, presorted):
    plan = plan_of_film_list(client, url)
    assert f"Index Scan using {index}" in plan, plan
    sorts = [line.strip() for line in plan.splitlines() if "Sort" in line and "Sort Method" not in line]
    if presorted is None:
        assert sorts == [], plan
    else:
        # Only films tied on the whole index order (average and number of ratings) are sorted, by title.
        assert presorted in plan, plan
