from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from reviews.models import Review


def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.visible().select_related("film", "author"), pk=pk)
    return render(request, "reviews/review_detail.html", {"review": review})
