"""Pages with sharing tags that reviewhub/tests/test_valid_html.py does not visit pass the Nu HTML Checker."""

import pytest
from django.core.files.base import ContentFile

from films.tests.factories import make_film
from films.tests.test_admin import png_bytes
from reviewhub.tests import nuchecker
from reviews.tests.factories import make_review

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(nuchecker.unavailable() is not None, reason=nuchecker.unavailable() or ""),
]


def test_profile_poster_and_spoiler_pages_have_no_html_errors(client):
    film = make_film(title='A "quoted" <film> & co')
    film.poster.save("poster.png", ContentFile(png_bytes()))
    review = make_review(film=film, title="</script> & spoilers", contains_spoilers=True)
    urls = [film.get_absolute_url(), review.get_absolute_url(), review.author.get_absolute_url()]

    found = nuchecker.errors({url: client.get(url).content.decode() for url in urls})

    problems = [f"{page} {error}" for page, errors in found.items() for error in errors]
    assert not problems, "\n".join(problems)
