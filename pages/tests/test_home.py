"""The home page and the site layout every page shares."""

import re

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.tests.factories import make_comment
from conftest import make_user
from films.tests.factories import make_film
from moderation.models import Status
from reviews import services
from reviews.models import Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db

HOME = reverse("pages:home")


def section(html: str, heading_id: str) -> str:
    """The HTML of the home section whose heading has this id."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_home_shows_the_latest_review_with_film_author_rating_and_excerpt(client):
    film = make_film(title="Her", year=2013)
    make_review(film=film, title="Older review")
    author = make_user(username="theodore")
    latest = make_review(film=film, author=author, title="Letters from the heart", rating=9, body="Warm and sad.")
    html = section(client.get(HOME).content.decode(), "latest-reviews-title")
    first_card = html.split('<article class="review-card">')[1]
    assert f'<a href="{latest.get_absolute_url()}">Letters from the heart</a>' in first_card
    assert f'<a class="review-card-film" href="{film.get_absolute_url()}">Her (2013)</a>' in first_card
    assert f'<a href="{reverse("pages:profile", args=["theodore"])}">theodore</a>' in first_card
    assert "9/10" in first_card
    assert "Warm and sad." in first_card
    assert html.index("Letters from the heart") < html.index("Older review")


def test_home_leaves_out_hidden_and_deleted_reviews(client):
    film = make_film()
    make_review(film=film, title="Shown review")
    pending = make_review(film=film, title="Pending review")
    deleted = make_review(film=film, title="Deleted review")
    Review.objects.filter(pk=pending.pk).update(status=Status.PENDING)
    services.review_delete(review=deleted)
    html = client.get(HOME).content.decode()
    assert "Shown review" in html
    assert "Pending review" not in html and "Deleted review" not in html


def test_home_ranks_best_rated_films_by_visible_average(client, settings):
    settings.REVIEWHUB_RANKING_MIN_RATINGS = 1  # the threshold has its own tests (reviews/tests/test_scores.py)
    great, good, fair = make_film(title="Great film"), make_film(title="Good film"), make_film(title="Fair film")
    make_film(title="Unrated film")
    make_review(film=great, rating=10)
    make_review(film=great, rating=9)
    make_review(film=good, rating=8)
    make_review(film=fair, rating=6)
    # A hidden 1/10 must not drag the great film down.
    hidden = make_review(film=great, rating=1)
    Review.objects.filter(pk=hidden.pk).update(status=Status.SPAM)
    html = section(client.get(HOME).content.decode(), "best-rated-title")
    ranked = re.findall(r'class="best-rated-title" href="[^"]+">([^<]+)</a>', html)
    assert ranked == ["Great film", "Good film", "Fair film"]
    assert "9.5/10" in html and "2 ratings · 2 reviews" in html


def test_home_shows_the_latest_discussion_with_links_to_the_comment(client):
    review = make_review(title="A review worth discussing")
    make_comment(review=review, body="First thought.")
    latest = make_comment(review=review, author=make_user(username="amy"), body="I loved the ending.")
    held = make_comment(review=review, body="Held for moderation.")
    Comment.objects.filter(pk=held.pk).update(status=Status.PENDING)
    html = section(client.get(HOME).content.decode(), "discussion-title")
    assert f'href="{latest.get_absolute_url()}">A review worth discussing</a>' in html
    assert f"#comment-{latest.pk}" in html
    assert "I loved the ending." in html and ">amy</a>" in html
    assert html.index("I loved the ending.") < html.index("First thought.")
    assert "Held for moderation." not in html


def test_empty_home_has_friendly_notes(client):
    html = client.get(HOME).content.decode()
    assert "No reviews yet." in html and "No ratings yet." in html and "No comments yet." in html


def test_home_query_count_does_not_grow_with_content(client, django_assert_num_queries):
    make_comment(review=make_review())
    with django_assert_num_queries(3) as few:
        client.get(HOME)
    for _ in range(10):
        make_comment(review=make_review(), author=make_user())
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(HOME)
    assert response.content.decode().count('<article class="review-card">') == 6


# --- The layout every page shares ----------------------------------------------------


def test_layout_has_landmarks_skip_link_one_h1_and_assets(client):
    html = client.get(HOME).content.decode()
    assert html.count("<h1") == 1
    assert '<a class="skip-link visually-hidden-focusable" href="#content">' in html
    assert '<main id="content"' in html
    assert "<header" in html and '<nav class="navbar' in html and "<footer" in html
    assert '<form class="site-search' in html and f'action="{reverse("pages:search")}"' in html
    assert 'href="/static/bootstrap/css/bootstrap.min.css"' in html
    assert 'href="/static/css/site.css"' in html and 'href="/static/css/reviews.css"' in html
    assert '<script src="/static/bootstrap/js/bootstrap.min.js" defer></script>' in html
    assert "style=" not in html
    assert re.search(r"<script>(?!</script>)", html) is None  # no inline script


def test_only_signed_in_pages_load_popper_for_the_account_dropdown(client, user):
    assert "bootstrap.bundle.min.js" not in client.get(HOME).content.decode()
    client.force_login(user)
    html = client.get(HOME).content.decode()
    assert '<script src="/static/bootstrap/js/bootstrap.bundle.min.js" defer></script>' in html
    assert "bootstrap.min.js" not in html


def test_visitor_sees_sign_in_and_sign_up(client):
    html = client.get(reverse("films:list")).content.decode()
    assert f'href="{reverse("login")}?next=/films/">Sign in</a>' in html
    assert f'href="{reverse("signup")}">Sign up</a>' in html
    assert "Sign out" not in html


def test_signed_in_reader_sees_their_menu_with_a_post_sign_out(client, user):
    client.force_login(user)
    html = client.get(HOME).content.decode()
    assert f'href="{reverse("pages:profile", args=[user.username])}">Your profile</a>' in html
    assert f'href="{reverse("account_settings:page")}">Settings</a>' in html
    sign_out = re.search(
        r'<form method="post" action="([^"]+)">\s*<input type="hidden" name="csrfmiddlewaretoken"', html
    )
    assert sign_out and sign_out.group(1) == reverse("logout")
    assert ">Sign in</a>" not in html


def test_messages_are_shown_once(client, user):
    client.force_login(user)
    response = client.post(reverse("logout"), follow=True)
    html = response.content.decode()
    assert 'class="site-messages" role="status"' in html
    assert html.count('class="alert ') == 1
    assert 'class="site-messages"' not in client.get(HOME).content.decode()
