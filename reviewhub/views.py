"""Site-wide pages: home and search. They only gather selectors' results for the templates."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from comments.selectors import latest_comments
from reviewhub.search import clean_query, search_films, search_reviews
from reviews.selectors import best_rated_films, latest_reviews


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "latest_reviews": latest_reviews(limit=6),
            "best_rated": best_rated_films(limit=6),
            "latest_comments": latest_comments(limit=6),
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    query = clean_query(request.GET.get("q"))
    context = {"query": query, "films": [], "page_obj": None}
    if query:
        reviews = Paginator(search_reviews(query), settings.REVIEWHUB_REVIEWS_PER_PAGE)
        context["films"] = search_films(query)
        context["page_obj"] = reviews.get_page(request.GET.get("page"))
    return render(request, "search.html", context)
