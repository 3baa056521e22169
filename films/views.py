"""The catalogue and the film page: films selectors for the film, reviews selectors for what readers said."""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject

from films.forms import FilmFilterForm
from films.models import Film
from films.selectors import catalogue_films, genre_choices, with_genres_and_credits, year_choices
from reviewhub.cache import cache_for_anonymous
from reviewhub.querystrings import query_string
from reviews.selectors import (
    REVIEW_SORTS,
    film_for_page,
    films_with_rating_stats,
    rating_summary,
    reviews_for_film,
    user_review_for_film,
)

T = TypeVar("T")

CATALOGUE_ORDER = {
    "title": ("title", "year", "pk"),
    "year": ("-year", "title", "pk"),
    "rating": (F("avg_rating").desc(nulls_last=True), "-rating_count", "title", "pk"),
    "reviews": ("-review_count", "title", "pk"),
}
REVIEW_SORT_LABELS = {
    "newest": "Newest",
    "highest": "Highest rated",
    "lowest": "Lowest rated",
    "helpful": "Most helpful",
}


def film_list(request: HttpRequest) -> HttpResponse:
    form = FilmFilterForm(request.GET, genres=genre_choices(), years=year_choices())
    filters = form.filters()
    sort = filters.pop("sort")
    films = films_with_rating_stats(catalogue_films(**filters)).order_by(*CATALOGUE_ORDER[sort])
    page = Paginator(films, settings.REVIEWHUB_FILMS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "films": page.object_list,
        "sort": sort,
        "is_filtered": any(filters.values()),
    }
    return render(request, "films/film_list.html", context)


class CountedPaginator(Paginator):
    """A paginator told how many objects there are, so it runs no COUNT(*) of its own."""

    def __init__(self, object_list, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.count = count


def _when_shown(compute: Callable[[], T]) -> T:
    """compute()'s value; with the {% fragment %} cache on, only once a part that is not cached reads it.

    With fragments off every part is rendered, so the value is computed at once: each read
    through a SimpleLazyObject costs a proxy call, and the film page makes a few hundred.
    """
    if settings.REVIEWHUB_FRAGMENT_CACHE_SECONDS > 0:
        return SimpleLazyObject(compute)
    return compute()


@cache_for_anonymous
def film_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if settings.REVIEWHUB_FRAGMENT_CACHE_SECONDS > 0:
        # The parts that show genres and credits are usually cached: the film alone, and its
        # genres and credits (one query) only once a part that is not cached reads them.
        film = get_object_or_404(Film.objects.select_related("review_stats"), slug=slug)
        film_page = _when_shown(lambda: with_genres_and_credits(film=film))
    else:
        film_page = film_for_page(slug=slug)  # the film with its genres, credits and statistics: one query
        if film_page is None:
            raise Http404("No film has this address.")
        film = film_page.film
    sort = request.GET.get("sort", "newest")
    if sort not in REVIEW_SORTS:
        sort = "newest"
    summary = _when_shown(lambda: rating_summary(film=film))
    # The summary counts the visible reviews too: the paginator needs no COUNT(*).
    page = _when_shown(
        lambda: CountedPaginator(
            reviews_for_film(film=film, sort=sort), settings.REVIEWHUB_REVIEWS_PER_PAGE, count=summary.review_count
        ).get_page(request.GET.get("page"))
    )
    context = {
        "film": film,
        "genres": _when_shown(lambda: film_page.genres),
        "credits": _when_shown(lambda: film_page.credits),
        "summary": summary,
        "page_obj": page,
        "reviews": _when_shown(lambda: page.object_list),
        "sort": sort,
        "sorts": [
            (key, label, query_string(request.GET, sort=key, page=None))
            for key, label in REVIEW_SORT_LABELS.items()
            if key in REVIEW_SORTS
        ],
        "own_review": user_review_for_film(film=film, user=request.user),
    }
    return render(request, "films/film_detail.html", context)
