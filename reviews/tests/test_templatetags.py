"""{% review_cards %} and {% histogram_rows %} write exactly the markup of the templates they stand for."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.template import engines
from django.test import override_settings

from comments.tests.factories import make_comment
from conftest import make_user
from reviews import services
from reviews.models import Review
from reviews.selectors import HistogramBar, RatingSummary, rating_summary, reviews_for_film
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def same_markup(html: str) -> str:
    """Whitespace between tags and at the edges of text does not change what a browser shows."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


REFERENCE = Path(__file__).with_name("review_card_reference.html")


def with_partial(reviews, **options) -> str:
    """The reference markup (review_card_reference.html) for each card, in a list item."""
    reference = engines["django"].from_string(REFERENCE.read_text())
    return "".join(f"<li>{reference.render({'review': review, **options})}</li>" for review in reviews)


def with_tag(reviews, **options) -> str:
    flags = "".join(f" {name}=True" for name in options)
    return render("{% load review_tags %}{% review_cards reviews" + flags + " %}", reviews=reviews)


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
    return reviews_for_film(film=film)[:10]


@pytest.mark.parametrize(
    "options", [{}, {"show_film": True}, {"hide_author": True}, {"show_film": True, "hide_author": True}]
)
def test_review_cards_match_the_reference_markup(varied_reviews, options):
    expected = with_partial(varied_reviews, **options)
    assert same_markup(with_tag(varied_reviews, **options)) == same_markup(expected)
    assert expected.count('<article class="review-card">') == 4


def test_review_cards_without_comment_counts_match_the_reference(film):
    """Lists whose queryset does not annotate comment_count show no comment line, as the reference does."""
    make_review(film=film)
    reviews = list(Review.objects.select_related("author", "film"))
    html = with_tag(reviews)
    assert "comment" not in html
    assert same_markup(html) == same_markup(with_partial(reviews))


def test_review_cards_escape_what_users_wrote(varied_reviews):
    html = with_tag(varied_reviews)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;&quot;Quoted&quot;&lt;/b&gt;" in html
    assert 'href="/users/zo%C3%AB+films@home/">zoë+films@home</a>' in html


@override_settings(TIME_ZONE="Australia/Sydney")
def test_review_cards_show_dates_in_the_current_time_zone(film):
    review = make_review(film=film)
    Review.objects.filter(pk=review.pk).update(created_at=datetime(2025, 3, 4, 20, 30, tzinfo=UTC))
    reviews = reviews_for_film(film=film)[:10]
    html = with_tag(reviews)
    assert '<time datetime="2025-03-05T07:30:00+11:00">5 Mar 2025</time>' in html
    assert same_markup(html) == same_markup(with_partial(reviews))


def test_histogram_rows_match_the_template_loop(film):
    for rating in (10, 10, 9, 7, 1):
        make_review(film=film, rating=rating)
    loop = (
        "{% load film_tags %}{% for bar in bars reversed %}"
        '<li class="histogram-row">'
        '<span class="histogram-label" aria-hidden="true">{{ bar.rating }}</span>'
        '<span class="histogram-track" aria-hidden="true">'
        '<span class="histogram-bar {{ bar.percent|pct_class }}"></span></span>'
        '<span class="histogram-value" aria-hidden="true">{{ bar.percent }}%</span>'
        '<span class="visually-hidden">{{ bar.rating }}/10: {{ bar.count }} rating{{ bar.count|pluralize }},'
        " {{ bar.percent }}%</span>"
        "</li>{% endfor %}"
    )
    for summary in (rating_summary(film=film), RatingSummary(average=None, count=0, bars=[HistogramBar(5, 0, 0)])):
        expected = render(loop, bars=summary.bars)
        assert same_markup(render("{% load review_tags %}{% histogram_rows bars %}", bars=summary.bars)) == (
            same_markup(expected)
        )
    html = render("{% load review_tags %}{% histogram_rows bars %}", bars=rating_summary(film=film).bars)
    assert html.index(">10/10: 2 ratings, 40%<") < html.index(">9/10: 1 rating, 20%<") < html.index(">1/10: 1 rating")
    assert 'class="histogram-bar w-pct-40"' in html
