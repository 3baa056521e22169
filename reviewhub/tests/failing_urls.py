"""The site's URLconf plus one view that fails, for checking what a server error logs."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from reviewhub.urls import urlpatterns as site_urlpatterns


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the view failed")


urlpatterns = [path("fails/", fails), *site_urlpatterns]
