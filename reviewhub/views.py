from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from comments.selectors import latest_comments
from reviews.selectors import films_with_rating_stats, latest_reviews


def home(request: HttpRequest) -> HttpResponse:
    best_rated = films_with_rating_stats().filter(rating_count__gt=0).order_by("-avg_rating", "title")[:6]
    return render(
        request,
        "home.html",
        {
            "latest_reviews": latest_reviews(limit=6),
            "best_rated": best_rated,
            "latest_comments": latest_comments(limit=6),
        },
    )


def search(request: HttpRequest) -> HttpResponse:
    return render(request, "search.html", {"query": request.GET.get("q", "")})
