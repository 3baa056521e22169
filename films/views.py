from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from films.models import Film


def film_list(request: HttpRequest) -> HttpResponse:
    return render(request, "films/film_list.html", {"films": Film.objects.all()})


def film_detail(request: HttpRequest, slug: str) -> HttpResponse:
    film = get_object_or_404(Film, slug=slug)
    return render(request, "films/film_detail.html", {"film": film})
