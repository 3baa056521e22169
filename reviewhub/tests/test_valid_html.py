"""The main pages, with the Her fixtures and a fresh comment, pass the Nu HTML Checker with no error."""

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from comments.tests.factories import make_comment
from reviewhub.tests import nuchecker
from reviews.models import Review

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(nuchecker.unavailable() is not None, reason=nuchecker.unavailable() or ""),
]


def test_main_pages_have_no_html_errors(client):
    call_command("loaddata", "her", verbosity=0)
    review = Review.objects.annotate(comment_total=Count("comments")).order_by("-comment_total", "pk").first()
    # Timestamps written now carry microseconds, which the fixtures' do not: <time datetime> must drop them.
    make_comment(review=review, body="Still thinking about the ending.")
    urls = {
        "home": reverse("pages:home"),
        "catalogue": reverse("films:list"),
        "film": reverse("films:detail", kwargs={"slug": "her-2013"}),
        "review": review.get_absolute_url(),
        "sign-up": reverse("signup"),
        "sign-in": reverse("login"),
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        pages[f"{name} {url}"] = response.content.decode()

    found = nuchecker.errors(pages)

    problems = [f"{page} {error}" for page, errors in found.items() for error in errors]
    assert not problems, "\n".join(problems)
