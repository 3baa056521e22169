"""Friendly 400/403/404/500 pages in the site's layout, as served with DEBUG off."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.test import Client
from django.urls import path, reverse

from reviewhub.urls import urlpatterns as site_urlpatterns

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def bad_request(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("tampered input")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("secret reason")


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the view broke")


urlpatterns = [
    path("errors/400/", bad_request),
    path("errors/403/", forbidden),
    path("errors/500/", broken),
    *site_urlpatterns,
]


@pytest.fixture(autouse=True)
def _production_errors(settings):
    settings.DEBUG = False


def assert_friendly_page(response, status: int, heading: str) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert html.count("<h1") == 1 and heading in html
    assert '<main id="content"' in html and '<footer class="site-footer">' in html
    assert f'<a class="btn btn-primary" href="{reverse("pages:home")}">Go to the home page</a>' in html
    assert "Traceback" not in html
    return html


def test_404_page(client):
    html = assert_friendly_page(client.get("/films/no-such-film/"), 404, "We couldn't find that page")
    assert 'href="/accounts/login/' in html  # the account area is there: the request is known


def test_403_page_does_not_leak_the_reason(client):
    html = assert_friendly_page(client.get("/errors/403/"), 403, "You can't do that here")
    assert "secret reason" not in html


def test_400_page(client):
    html = assert_friendly_page(client.get("/errors/400/"), 400, "That request didn't make sense")
    assert "tampered input" not in html


def test_500_page(db):
    client = Client(raise_request_exception=False)
    html = assert_friendly_page(client.get("/errors/500/"), 500, "Sorry, something went wrong on our side")
    assert "the view broke" not in html


def test_500_template_renders_without_a_request_or_the_database(django_assert_num_queries):
    """Django renders 500.html with an empty context: no context processors, no user, maybe no database."""
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Sorry, something went wrong" in html
    assert "Sign out" not in html and "csrfmiddlewaretoken" not in html


def test_csrf_failure_page_is_friendly(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert_friendly_page(response, 403, "That form has expired")
