"""A profile lists reviews like every other list: a spoiler-marked review shows no excerpt."""

import pytest
from django.urls import reverse

from conftest import make_user
from films.tests.factories import make_film
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def test_the_profile_hides_spoiler_excerpts_and_keeps_the_others(client):
    author = make_user(username="critic")
    make_review(
        author=author,
        film=make_film(),
        title="Twisty",
        body="The ending reveals Samantha leaves.",
        contains_spoilers=True,
    )
    make_review(
        author=author, film=make_film(), title="Plain", body="A gentle film about loneliness.", contains_spoilers=False
    )

    html = client.get(reverse("pages:profile", args=["critic"])).content.decode()

    assert "Samantha leaves" not in html
    assert "Contains spoilers" in html
    assert '<p class="card-text mb-0">A gentle film about loneliness.</p>' in html
    assert html.count('class="card mb-3 profile-review"') == 2
