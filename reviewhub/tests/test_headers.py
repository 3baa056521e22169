"""Security headers on every response, and pages that work under the strict Content-Security-Policy."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from comments.tests.factories import make_comment
from reviewhub.tests.htmlchecks import inline_code

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def assert_security_headers(response) -> None:
    assert response["Content-Security-Policy"] == CSP
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.fixture
def public_pages(film, review, user):
    make_comment(review=review, body="A first comment.")
    return [
        reverse("pages:home"),
        reverse("films:list"),
        film.get_absolute_url(),
        reverse("comments:review", args=[review.pk]),
        reverse("pages:search") + "?q=her",
        reverse("pages:profile", args=[review.author.username]),
        reverse("login"),
        reverse("signup"),
        reverse("password_reset"),
    ]


def test_every_public_page_sends_the_security_headers_and_has_no_inline_code(client, public_pages):
    for url in public_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)
        assert inline_code(response.content.decode()) == [], url


def test_pages_for_a_signed_in_reader_have_no_inline_code(client, user, film, review, public_pages):
    comment = make_comment(review=review, body="Reply to me.")
    own = make_comment(review=review, author=user, body="Mine.")
    client.force_login(user)
    signed_in_pages = [
        reverse("account_settings:page"),
        reverse("reviews:create", args=[film.slug]),
        reverse("comments:report-review", args=[review.pk]),
        reverse("comments:reply", args=[comment.pk]),
        reverse("comments:report", args=[comment.pk]),
        reverse("comments:edit", args=[own.pk]),
        reverse("comments:delete", args=[own.pk]),
    ]
    for url in [*(url for url in public_pages if url != reverse("signup")), *signed_in_pages]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


def test_error_pages_and_redirects_carry_the_headers_too(client):
    not_found = client.get("/no-such-page/")
    assert not_found.status_code == 404
    assert_security_headers(not_found)
    assert inline_code(not_found.content.decode()) == []

    redirect = client.get(reverse("password_change"))
    assert redirect.status_code == 302
    assert redirect["Content-Security-Policy"] == CSP


def test_technical_debug_pages_are_left_alone_in_development(client, settings):
    """Django's own debug pages are built from inline CSS and JS; they exist only with DEBUG on."""
    settings.DEBUG = True
    assert "Content-Security-Policy" not in client.get("/no-such-page/")
    assert client.get(reverse("pages:home"))["Content-Security-Policy"] == CSP


def test_report_only_mode_for_rolling_out_a_changed_policy(client, settings):
    settings.REVIEWHUB_CSP_REPORT_ONLY = True
    response = client.get(reverse("pages:home"))

    assert response["Content-Security-Policy-Report-Only"] == CSP
    assert "Content-Security-Policy" not in response


def test_the_admin_works_under_the_policy(admin_client, film, review):
    """Django 5.2's admin keeps its JavaScript in static files; our admin pages must too."""
    comment = make_comment(review=review, body="A comment for the admin.")
    user_model = get_user_model()
    pages = [
        reverse("admin:index"),
        reverse("admin:films_film_changelist"),
        reverse("admin:films_film_add"),
        reverse("admin:films_film_change", args=[film.pk]),
        reverse("admin:reviews_review_changelist"),
        reverse("admin:reviews_review_change", args=[review.pk]),
        reverse("admin:comments_comment_changelist"),
        reverse("admin:comments_comment_change", args=[comment.pk]),
        reverse(f"admin:{user_model._meta.app_label}_{user_model._meta.model_name}_changelist"),
    ]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)
        html = response.content.decode()
        assert inline_code(html) == [], url
        assert '<script src="/static/admin/js/' in html or "admin/js/" in html, url


def test_the_admin_login_page(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert_security_headers(response)
    assert inline_code(response.content.decode()) == []


def test_the_finder_catches_what_the_policy_blocks():
    assert inline_code("<p style='color:red'>x</p>") == ['<p style="color:red"> inline style attribute']
    assert inline_code("<button onclick='go()'>x</button>") == ["<button onclick=...> event handler attribute"]
    assert inline_code("<script>alert(1)</script>") == ["inline <script>: alert(1)"]
    assert inline_code("<a href='javascript:alert(1)'>x</a>") == ["<a href=javascript:...> URL"]
    assert inline_code("<style>p{}</style>") == ["<style> element"]
    assert inline_code('<script src="/static/js/site.js"></script><script type="application/json">{}</script>') == []
