import re

import pytest
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
