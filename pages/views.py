"""Pages that gather every app's selectors: home, search and profiles."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from comments.selectors import comments_by_user, latest_comments
from pages.search import clean_query, search_films, search_reviews
from reviews.reading import reading_state
from reviews.selectors import best_rated_films, latest_reviews, profile_stats, reviews_by_user, site_rating_spread

PROFILE_COMMENTS = 10


def home(request: HttpRequest) -> HttpResponse:
    reviews = list(latest_reviews(limit=6))
    films = list(best_rated_films(limit=6))
    comments = list(latest_comments(limit=6))
    film_ids = [r.film_id for r in reviews] + [f.pk for f in films] + [c.review.film_id for c in comments]
    context = {
        "latest_reviews": reviews,
        "best_rated": films,
        "latest_comments": comments,
        "reading": reading_state(user=request.user, film_ids=film_ids),
        "ranking_min": settings.REVIEWHUB_RANKING_MIN_RATINGS,
    }
    return render(request, "home.html", context)


def search(request: HttpRequest) -> HttpResponse:
    query = clean_query(request.GET.get("q"))
    context = {"query": query, "films": [], "page_obj": None}
    if query:
        reviews = Paginator(search_reviews(query), settings.REVIEWHUB_REVIEWS_PER_PAGE)
        context["films"] = search_films(query)
        context["page_obj"] = reviews.get_page(request.GET.get("page"))
        film_ids = [film.pk for film in context["films"]] + [review.film_id for review in context["page_obj"]]
        context["reading"] = reading_state(user=request.user, film_ids=film_ids)
    return render(request, "search.html", context)


def profile(request: HttpRequest, username: str) -> HttpResponse:
    profile_user = get_object_or_404(get_user_model(), username=username, is_active=True)
    reviews = Paginator(
        reviews_by_user(user=profile_user, viewer=request.user), settings.REVIEWHUB_REVIEWS_PER_PAGE
    ).get_page(request.GET.get("page"))
    comments = list(comments_by_user(user=profile_user, viewer=request.user, limit=PROFILE_COMMENTS))
    film_ids = [review.film_id for review in reviews] + [comment.review.film_id for comment in comments]
    context = {
        "profile_user": profile_user,
        "is_own_profile": request.user.is_authenticated and request.user.pk == profile_user.pk,
        "stats": profile_stats(user=profile_user),
        "site_spread": site_rating_spread(),
        "reviews_page": reviews,
        "comments": comments,
        "reading": reading_state(user=request.user, film_ids=film_ids),
    }
    return render(request, "accounts/profile.html", context)
