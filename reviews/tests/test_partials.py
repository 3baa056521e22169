"""The review card and histogram partials: what they show, escaped, in the reader's time zone."""

import re
from datetime import UTC, datetime

import pytest
from django.template.loader import render_to_string
from django.test import override_settings

from comments.tests.factories import make_comment
from conftest import make_user
from reviews import services
from reviews.models import Review
from reviews.selectors import rating_summary, reviews_for_film
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def same_markup(html: str) -> str:
    """Whitespace between tags and at the edges of text does not change what a browser shows."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


def cards(reviews, **options) -> str:
    return "".join(render_to_string("reviews/_review_card.html", {"review": review, **options}) for review in reviews)


@pytest.fixture
def varied_reviews(film) -> list[Review]:
    """Rated and unrated, spoilers, helpful votes, comments, and text that must be escaped."""
    plain = make_review(film=film, rating=8, title="Warm & strange", body="Theodore writes letters. " * 20)
    make_review(film=film, rating=None, title='<b>"Quoted"</b>', body="<script>alert(1)</script>")
    make_review(film=film, rating=1, title="Ending discussed", body="Samantha leaves.", contains_spoilers=True)
    odd_name = make_review(film=film, author=make_user(username="zoë+films@home"), rating=10)
    for index, voter in enumerate([make_user() for _ in range(3)]):
        services.helpful_vote_set(review=plain, voter=voter, is_helpful=index > 0)
    make_comment(review=plain)
    make_comment(review=odd_name)
    make_comment(review=odd_name)
    return list(reviews_for_film(film=film, sort="highest"))


def test_a_card_shows_rating_author_date_excerpt_votes_and_comments(varied_reviews):
    odd_name, plain, spoiler, _unrated = (cards([review]) for review in varied_reviews)
    url = varied_reviews[1].get_absolute_url()
    assert f'<h3 class="review-card-title h5"><a href="{url}">Warm &amp; strange</a></h3>' in plain
    assert '<span class="rating-badge"><span class="visually-hidden">Rated </span>8/10</span>' in plain
    assert '<p class="review-card-meta">by <a href="/users/' in plain
    footer = f'<span>2 of 3 found this helpful</span> <a href="{url}#comments">1 comment</a>'
    assert f'<p class="review-card-footer">{footer}</p>' in plain
    assert ">2 comments</a>" in odd_name and "found this helpful" not in odd_name
    assert '<p class="spoiler-note"><span class="spoiler-label">Contains spoilers</span>' in spoiler
    assert "Samantha leaves" not in spoiler and "<span>No comments yet</span>" in spoiler


@pytest.mark.parametrize(("show_film", "hide_author"), [(False, False), (True, False), (False, True), (True, True)])
def test_cards_name_the_film_and_the_author_on_request(varied_reviews, film, show_film, hide_author):
    html = cards(varied_reviews, show_film=show_film, hide_author=hide_author)
    assert html.count('<article class="review-card">') == 4
    film_link = f'<a class="review-card-film" href="{film.get_absolute_url()}">{film.title} ({film.year})</a>'
    assert (film_link in html) is show_film
    assert ("by <a href" in html) is not hide_author


def test_cards_without_comment_counts_show_no_comment_line(film):
    """Lists whose queryset does not annotate comment_count show no comment line."""
    make_review(film=film)
    html = cards(Review.objects.select_related("author", "film"))
    assert "comment" not in html and "review-card-footer" not in html


def test_cards_escape_what_users_wrote(varied_reviews):
    html = cards(varied_reviews)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;&quot;Quoted&quot;&lt;/b&gt;" in html
    assert 'href="/users/zo%C3%AB+films@home/">zoë+films@home</a>' in html


@override_settings(TIME_ZONE="Australia/Sydney")
def test_cards_show_dates_in_the_current_time_zone_as_valid_html_datetimes(film):
    review = make_review(film=film)
    Review.objects.filter(pk=review.pk).update(created_at=datetime(2025, 3, 4, 20, 30, 15, 123456, tzinfo=UTC))
    html = cards(reviews_for_film(film=film))
    assert '<time datetime="2025-03-05T07:30:15+1100">5 Mar 2025</time>' in html


def test_histogram_rows_run_from_10_down_to_1(film):
    for rating in (10, 10, 9, 7, 1):
        make_review(film=film, rating=rating)
    html = render_to_string("reviews/_histogram.html", {"bars": rating_summary(film=film).bars})
    assert html.count('<li class="histogram-row">') == 10
    assert html.index(">10/10: 2 ratings, 40%<") < html.index(">9/10: 1 rating, 20%<") < html.index(">1/10: 1 rating")
    assert 'class="histogram-bar w-pct-40"' in html
    assert same_markup(html).startswith(
        '<li class="histogram-row"><span class="histogram-label" aria-hidden="true">10</span>'
        '<span class="histogram-track" aria-hidden="true"><span class="histogram-bar w-pct-40"></span></span>'
        '<span class="histogram-value" aria-hidden="true">40%</span>'
        '<span class="visually-hidden">10/10: 2 ratings, 40%</span></li>'
    )
