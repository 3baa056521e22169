"""The catalogue and the film page: films selectors for the film, reviews selectors for what readers said."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render

from films.forms import FilmFilterForm
from films.models import Film
from films.selectors import catalogue_films, credits_by_role, genre_choices, year_choices
from reviewhub.cache import cache_for_anonymous
from reviews.reading import reading_state
from reviews.selectors import (
    REVIEW_SORTS,
    films_with_rating_stats,
    protection_note,
    ranked,
    rating_summary,
    reviews_for_film,
    user_review_for_film,
    with_review_stats,
)
from watchlog.selectors import film_watch_panel, with_watcher_count

CATALOGUE_ORDER = {
    "title": ("title", "year", "pk"),
    "year": ("-year", "title", "pk"),
    "reviews": ("-review_count", "title", "pk"),
}
DEFAULT_REVIEW_SORT = "newest"
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
    films = films_with_rating_stats(catalogue_films(**filters))
    films = ranked(films) if sort == "rating" else films.order_by(*CATALOGUE_ORDER[sort])
    page = Paginator(films, settings.REVIEWHUB_FILMS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "films": page.object_list,
        "sort": sort,
        "is_filtered": any(filters.values()),
        "ranking_min": settings.REVIEWHUB_RANKING_MIN_RATINGS,
        "reading": reading_state(user=request.user, film_ids=[film.pk for film in page.object_list]),
    }
    return render(request, "films/film_list.html", context)


def _review_query(sort: str) -> QueryDict:
    query = QueryDict(mutable=True)
    if sort != DEFAULT_REVIEW_SORT:
        query["sort"] = sort
    return query


@cache_for_anonymous
def film_detail(request: HttpRequest, slug: str) -> HttpResponse:
    film = get_object_or_404(with_watcher_count(with_review_stats(Film.objects.for_page())), slug=slug)
    reading = reading_state(user=request.user, film_ids=[film.pk])
    sort = request.GET.get("sort", DEFAULT_REVIEW_SORT)
    if sort not in REVIEW_SORTS:
        sort = DEFAULT_REVIEW_SORT
    # The page's reviews are a lazy queryset: not read when their part comes from the fragment cache.
    page = Paginator(reviews_for_film(film=film, sort=sort), settings.REVIEWHUB_REVIEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    summary = rating_summary(film=film)
    context = {
        "film": film,
        "genres": film.genres.all(),
        "credits": credits_by_role(film),
        "summary": summary,
        "protection": protection_note(film=film, uncounted=summary.uncounted),
        "page_obj": page,
        "reviews": page.object_list,
        "sort": sort,
        # Links in the cached reviews part carry only the validated sort, so it depends on (film, sort, page) alone.
        "review_query": _review_query(sort),
        "sorts": [(key, label) for key, label in REVIEW_SORT_LABELS.items() if key in REVIEW_SORTS],
        "own_review": user_review_for_film(film=film, user=request.user),
        "reading": reading,
        "watch_panel": film_watch_panel(film=film, user=request.user, reading=reading),
        # The shared fragments vary on what this reader may see of them.
        "scores_hidden": film.pk in reading.hidden_scores,
        "spoilers_open": film.pk in reading.open_spoilers,
    }
    return render(request, "films/film_detail.html", context)
