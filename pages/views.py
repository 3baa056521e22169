"""Pages that gather every app's selectors: home, search and profiles."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from comments.selectors import comments_by_user, latest_comments
from pages.search import clean_query, search_films, search_reviews
from reviews.selectors import best_rated_films, latest_reviews, profile_stats, reviews_by_user, site_rating_spread

PROFILE_COMMENTS = 10


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "latest_reviews": latest_reviews(limit=6),
            "best_rated": best_rated_films(limit=6),
            "latest_comments": latest_comments(limit=6),
            "ranking_min": settings.REVIEWHUB_RANKING_MIN_RATINGS,
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


def profile(request: HttpRequest, username: str) -> HttpResponse:
    profile_user = get_object_or_404(get_user_model(), username=username, is_active=True)
    reviews = Paginator(
        reviews_by_user(user=profile_user, viewer=request.user), settings.REVIEWHUB_REVIEWS_PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "profile_user": profile_user,
        "is_own_profile": request.user.is_authenticated and request.user.pk == profile_user.pk,
        "stats": profile_stats(user=profile_user),
        "site_spread": site_rating_spread(),
        "reviews_page": reviews,
        "comments": list(comments_by_user(user=profile_user, viewer=request.user, limit=PROFILE_COMMENTS)),
    }
    return render(request, "accounts/profile.html", context)
