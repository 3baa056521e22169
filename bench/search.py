"""Median time of the site search's two parts (films; reviews: count, first page, cards) on DATABASE_URL's database.

Give it volume first, e.g. on a scratch PostgreSQL database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rh_search .venv/bin/python manage.py migrate
    DATABASE_URL=... .venv/bin/python manage.py generate_volume --films 10000 --reviews-per-film 2 --comments 0
    DATABASE_URL=... .venv/bin/python bench/search.py quiet jonze
"""

import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviewhub.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402

from films.models import Film  # noqa: E402
from pages.search import review_cards_for, search_films, search_reviews  # noqa: E402
from reviews.models import Review  # noqa: E402

RUNS = 9


def median_ms(run) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main(queries: list[str]) -> None:
    print(
        f"{connection.vendor}, {Film.objects.count():,} films, {Review.objects.count():,} reviews; "
        f"{platform.machine()}, {os.cpu_count()} cores; median of {RUNS} runs"
    )
    for query in queries:
        films = median_ms(lambda q=query: search_films(q))
        reviews = median_ms(lambda q=query: first_page_of_reviews(q))
        print(f"q={query!r}: films {films:.1f} ms, reviews (count, first page, cards) {reviews:.1f} ms")


def first_page_of_reviews(query: str) -> list:
    """What the search page does for its reviews (pages.views.search)."""
    page = Paginator(search_reviews(query), settings.REVIEWHUB_REVIEWS_PER_PAGE).get_page(1)
    return review_cards_for(page.object_list)


if __name__ == "__main__":
    main(sys.argv[1:] or ["quiet", "jonze"])
