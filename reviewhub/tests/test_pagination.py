"""The shared pager (includes/_pagination.html): links keep the query string and the anchor."""

import re

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse

from films.tests.factories import make_film

pytestmark = pytest.mark.django_db


def test_page_links_centre_on_the_current_page(client, settings):
    settings.REVIEWHUB_FILMS_PER_PAGE = 1
    for n in range(40):
        make_film(title=f"Film {n:02d}")
    html = client.get(reverse("films:list"), {"page": 20}).content.decode()
    assert re.search(r'aria-current="page">20<', html)
    shown = [int(n) for n in re.findall(r'<span class="visually-hidden">Page </span>(\d+)</a>', html)]
    assert {17, 18, 19, 21, 22, 23}.issubset(shown)
    assert 1 in shown and 40 in shown
    assert 30 not in shown


def same_markup(html: str) -> str:
    """Whitespace between tags does not change what a browser shows."""
    return re.sub(r">\s+<", "><", html).strip()


def render_pagination(number: int, count: int, query: str = "", **options) -> str:
    page = Paginator(range(count), 10).get_page(number)
    html = render_to_string("includes/_pagination.html", {"page": page, "query": QueryDict(query), **options})
    return same_markup(html)


def test_one_page_shows_no_pagination():
    assert render_pagination(1, 10) == ""


def test_links_keep_the_other_parameters_in_place_and_land_on_the_anchor():
    html = render_pagination(2, 50, "page=2&sort=helpful&genre=drama", label="Review pages", anchor="reviews")

    assert html.startswith('<nav class="site-pagination" aria-label="Review pages"><ul class="pagination flex-wrap">')
    kept = "&amp;sort=helpful&amp;genre=drama#reviews"
    assert f'<a class="page-link" href="?page=1{kept}" rel="prev">Previous</a>' in html
    assert f'<a class="page-link" href="?page=3{kept}" rel="next">Next</a>' in html
    assert '<span class="page-link" aria-current="page">2</span>' in html
    assert (
        '<a class="page-link" href="?page=5&amp;sort=helpful&amp;genre=drama#reviews">'
        '<span class="visually-hidden">Page </span>5</a>'
    ) in html


def test_first_and_last_pages_have_no_previous_or_next_and_far_pages_are_elided():
    first = render_pagination(1, 1000)
    last = render_pagination(100, 1000)

    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and 'rel="prev"' in last
    assert '<li class="page-item disabled"><span class="page-link">…</span></li>' in first
    assert "?page=100" in first and "?page=50" not in first


def test_hostile_parameters_and_labels_are_escaped():
    html = render_pagination(1, 30, 'q="><script>alert(1)</script>', label='<b>"pages"</b>')

    assert "<script>" not in html and "<b>" not in html
    assert 'aria-label="&lt;b&gt;&quot;pages&quot;&lt;/b&gt;"' in html
    assert "?q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;page=2" in html
