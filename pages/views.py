"""Pages that gather every app's selectors: home, search and profiles."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from comments.selectors import comments_by_user, latest_comments
from notifications.selectors import follow_summary, followed_user_ids
from notifications.services import user_follow, user_unfollow
from pages.search import clean_query, review_cards_for, search_films, search_reviews
from reviewhub import ratelimit
from reviews.models import Review
from reviews.reading import reading_state
from reviews.selectors import (
    best_rated_films,
    latest_reviews,
    latest_reviews_by,
    profile_stats,
    reviews_by_user,
    site_rating_spread,
)

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
        "followed_reviews": _followed_reviews(request.user),
        "ranking_min": settings.REVIEWHUB_RANKING_MIN_RATINGS,
    }
    return render(request, "home.html", context)


def _followed_reviews(user) -> list[Review]:
    """The latest visible reviews by the people a signed-in reader follows (none for visitors)."""
    if not user.is_authenticated:
        return []
    authors = followed_user_ids(user=user)
    return list(latest_reviews_by(authors=authors, limit=settings.REVIEWHUB_FOLLOWED_REVIEWS_ON_HOME))


def search(request: HttpRequest) -> HttpResponse:
    query = clean_query(request.GET.get("q"))
    context = {"query": query, "films": [], "page_obj": None, "review_limit": settings.REVIEWHUB_SEARCH_MAX_REVIEWS}
    if query:
        # The page's rows are read as ids only: review_cards_for reads them whole, with the card's joins.
        reviews = Paginator(search_reviews(query).only("pk"), settings.REVIEWHUB_REVIEWS_PER_PAGE)
        context["films"] = search_films(query)
        context["page_obj"] = page = reviews.get_page(request.GET.get("page"))
        page.object_list = review_cards_for(page.object_list)
        film_ids = [film.pk for film in context["films"]] + [review.film_id for review in context["page_obj"]]
        context["reading"] = reading_state(user=request.user, film_ids=film_ids)
    return render(request, "search.html", context)


def profile(request: HttpRequest, username: str) -> HttpResponse:
    profile_user = get_object_or_404(
        get_user_model().objects.select_related("rating_stats"), username=username, is_active=True
    )
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
        "follows": follow_summary(user=profile_user, viewer=request.user),
    }
    return render(request, "accounts/profile.html", context)


@require_POST
@login_required
def follow(request: HttpRequest, username: str) -> HttpResponse:
    """Follow or unfollow a reader from their profile."""
    followed = get_object_or_404(get_user_model(), username=username, is_active=True)
    try:
        ratelimit.hit("follow", str(request.user.pk))
        if request.POST.get("action") == "unfollow":
            user_unfollow(follower=request.user, followed=followed)
            messages.success(request, f"You no longer follow {followed.username}.")
        else:
            user_follow(follower=request.user, followed=followed)
            messages.success(request, f"You follow {followed.username}.")
    except ratelimit.RateLimited as limited:
        messages.error(request, limited.message)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(followed)
