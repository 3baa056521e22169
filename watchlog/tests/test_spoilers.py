"""Spoiler-safe reading: spoilers fold for readers who have not logged the film, open for those who have.

The matrix: signed out / signed in without a watch / signed in with a watch, for reviews and comments, on
the review page (body and thread), the reply page, cards, home, profile and search; and the text never
leaks outside the <details> (excerpts, <meta name=description>, <title>).
"""

import re

import pytest
from django.urls import reverse

from comments.tests.factories import make_comment
from conftest import make_user
from reviews.tests.factories import make_review
from watchlog.tests.factories import make_watch

pytestmark = pytest.mark.django_db

SECRET = "Samantha leaves with the other operating systems."
FOLDED = '<details class="rh-spoiler"><summary>Spoilers — show anyway</summary>'
OPEN = '<details class="rh-spoiler" open><summary>Spoilers — show anyway</summary>'


@pytest.fixture(params=["signed out", "not logged", "logged"])
def reader(request, client, film):
    if request.param != "signed out":
        someone = make_user()
        if request.param == "logged":
            make_watch(user=someone, film=film)
        client.force_login(someone)
    client.state = request.param
    return client


def folds(html: str) -> list[str]:
    """ "open" or "folded" for each spoiler guard on the page, in order."""
    found = re.findall(r'<details class="rh-spoiler"( open)?>\s*<summary>Spoilers — show anyway</summary>', html)
    return ["open" if is_open else "folded" for is_open in found]


def outside_details(html: str) -> str:
    """The page with every <details>…</details> taken out."""
    return re.sub(r"<details.*?</details>", "", html, flags=re.DOTALL)


def test_a_spoiler_review_folds_unless_the_reader_logged_the_film(reader, film):
    review = make_review(film=film, title="The ending", body=SECRET, contains_spoilers=True)
    html = reader.get(review.get_absolute_url()).content.decode()
    assert folds(html) == ["open" if reader.state == "logged" else "folded"]
    assert SECRET not in outside_details(html)
    head = html[: html.index("</head>")]
    assert "Samantha" not in head  # neither the <title> nor the <meta name=description>


def test_a_spoiler_comment_folds_in_the_thread_unless_the_reader_logged_the_film(reader, film, review):
    make_comment(review=review, body=SECRET, contains_spoilers=True)
    make_comment(review=review, body="A plain remark about the music.")
    html = reader.get(review.get_absolute_url()).content.decode()
    fold = OPEN if reader.state == "logged" else FOLDED
    assert f'{fold}<div class="rh-comment-body"><p>{SECRET}</p></div></details>' in html
    assert SECRET not in outside_details(html)
    assert '<div class="rh-comment-body"><p>A plain remark about the music.</p></div>' in outside_details(html)


@pytest.mark.parametrize("logged", [False, True])
def test_the_reply_page_folds_the_quoted_spoiler_unless_the_reader_logged_the_film(client, user, film, review, logged):
    comment = make_comment(review=review, body=SECRET, contains_spoilers=True)
    if logged:
        make_watch(user=user, film=film)
    client.force_login(user)
    html = client.get(reverse("comments:reply", args=[comment.pk])).content.decode()
    assert folds(html) == ["open" if logged else "folded"]
    assert SECRET not in outside_details(html)


def test_cards_never_show_a_spoiler_excerpt_to_a_reader_who_has_not_logged_the_film(reader, film):
    review = make_review(film=film, title="Ending talk", body=SECRET, contains_spoilers=True)
    make_comment(
        review=make_review(film=film, title="Other"), body=SECRET, contains_spoilers=True, author=review.author
    )
    pages = [
        film.get_absolute_url(),
        reverse("pages:home"),
        reverse("pages:profile", args=[review.author.username]),
        reverse("pages:search") + "?q=ending",
    ]
    for url in pages:
        html = reader.get(url).content.decode()
        assert "Ending talk" in html, url
        if reader.state == "logged":
            assert SECRET in html, url
        else:
            assert SECRET not in html, url
            assert "Contains spoilers" in html, url


def test_comment_and_reply_forms_offer_the_flag_and_store_it(client, user, review):
    make_comment(review=make_review(), author=user)  # not a first comment, so not held
    client.force_login(user)
    html = client.get(review.get_absolute_url()).content.decode()
    assert 'name="contains_spoilers"' in html and 'id="id_reply_contains_spoilers"' in html
    client.post(reverse("comments:create", args=[review.pk]), {"body": SECRET, "contains_spoilers": "on"})
    comment = review.comments.get()
    assert comment.contains_spoilers
    reply = reverse("comments:reply", args=[comment.pk])
    assert 'name="contains_spoilers"' in client.get(reply).content.decode()
    client.post(reply, {"body": "Indeed.", "parent": comment.pk})
    assert not review.comments.get(parent=comment).contains_spoilers


def test_the_author_sets_and_clears_the_flag_when_editing(client, user, review):
    comment = make_comment(review=review, author=user, body=SECRET)
    client.force_login(user)
    url = reverse("comments:edit", args=[comment.pk])
    client.post(url, {"body": SECRET, "contains_spoilers": "on"})
    comment.refresh_from_db()
    assert comment.contains_spoilers and comment.edited_at is None  # the flag alone is not an edit of the text
    assert re.search(r'<input type="checkbox" name="contains_spoilers"[^>]* checked', client.get(url).content.decode())
    client.post(url, {"body": SECRET + " Changed."})
    comment.refresh_from_db()
    assert not comment.contains_spoilers and comment.edited_at is not None
