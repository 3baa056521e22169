"""Hidden comments leak nothing through metadata: labels, titles and page counts."""

import re

import pytest
from django.urls import reverse

from comments import services
from comments.models import Comment
from comments.selectors import thread_page
from comments.tests.factories import make_comment
from conftest import make_user
from moderation.models import Status

pytestmark = pytest.mark.django_db


def review_html(client, review, page: int | None = None) -> str:
    url = review.get_absolute_url() + (f"?page={page}" if page else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


@pytest.mark.parametrize("how", ["deleted", "removed", "spam", "held"])
def test_a_reply_does_not_name_the_author_of_a_hidden_parent(client, review, how):
    parent = make_comment(review=review, author=make_user(username="secretparent"))
    make_comment(review=review, author=make_user(username="replier"), parent=parent)
    if how == "deleted":
        services.comment_delete(comment=parent)
    else:  # held again: reported by enough readers, or put back in the queue by a moderator
        hidden = {"removed": Status.REMOVED, "spam": Status.SPAM, "held": Status.PENDING}[how]
        Comment.objects.filter(pk=parent.pk).update(status=hidden)

    html = review_html(client, review)

    assert 'aria-label="Comment by replier"' in html
    assert "secretparent" not in html


def test_a_reply_still_names_a_visible_parent(client, review):
    parent = make_comment(review=review, author=make_user(username="openparent"))
    make_comment(review=review, author=make_user(username="replier"), parent=parent)

    assert 'aria-label="Comment by replier, replying to openparent"' in review_html(client, review)


@pytest.mark.parametrize("how", ["removed", "held", "deleted"])
def test_the_reply_page_title_does_not_name_a_hidden_comment_author(client, review, how):
    parent = make_comment(review=review, author=make_user(username="secretparent"), approve=how != "held")
    if how == "removed":
        Comment.objects.filter(pk=parent.pk).update(status=Status.REMOVED)
    elif how == "deleted":
        services.comment_delete(comment=parent)
    client.force_login(make_user(username="reader"))

    html = client.get(reverse("comments:reply", args=[parent.pk])).content.decode()

    assert title_of(html).startswith("Reply to a comment on")
    assert "secretparent" not in html


def test_the_reply_page_title_names_a_visible_comment_author(client, review):
    parent = make_comment(review=review, author=make_user(username="openparent"))
    client.force_login(make_user(username="reader"))

    html = client.get(reverse("comments:reply", args=[parent.pk])).content.decode()

    assert title_of(html).startswith("Reply to openparent on")


@pytest.fixture
def one_visible_five_held(review, settings):
    """One approved thread, then five first comments held for moderation, two threads a page."""
    settings.REVIEWHUB_THREADS_PER_PAGE = 2
    visible = make_comment(review=review, body="Visible thread.")
    held = [services.comment_create(author=make_user(), review=review, body=f"Held {n}.") for n in range(5)]
    assert {comment.status for comment in held} == {Status.PENDING}
    return visible, held


def test_held_threads_make_no_pages_for_readers(client, review, one_visible_five_held):
    visible, _ = one_visible_five_held

    page, entries = thread_page(review=review, page_number=1)

    assert page.paginator.num_pages == 1
    assert [entry.comment.pk for entry in entries] == [visible.pk]
    html = review_html(client, review)
    assert 'aria-label="Comment pages"' not in html


def test_a_held_comment_counts_only_for_its_author(client, review, one_visible_five_held):
    visible, held = one_visible_five_held
    author = held[-1].author

    page, entries = thread_page(review=review, viewer=author, page_number=1)

    assert page.paginator.num_pages == 1
    assert [entry.comment.pk for entry in entries] == [visible.pk, held[-1].pk]


def test_a_thread_with_a_visible_reply_under_a_removed_comment_still_counts(review, settings):
    settings.REVIEWHUB_THREADS_PER_PAGE = 1
    removed = make_comment(review=review)
    reply = make_comment(review=review, parent=removed)
    Comment.objects.filter(pk=removed.pk).update(status=Status.REMOVED)
    make_comment(review=review)

    page, entries = thread_page(review=review, page_number=1)

    assert page.paginator.num_pages == 2
    assert [(entry.comment.pk, entry.placeholder) for entry in entries] == [(removed.pk, "[removed]"), (reply.pk, "")]


def test_posting_lands_on_the_page_the_author_sees_the_comment_on(client, review, one_visible_five_held, settings):
    settings.REVIEWHUB_THREADS_PER_PAGE = 1
    newcomer = make_user()
    client.force_login(newcomer)

    response = client.post(reverse("comments:create", args=[review.pk]), {"body": "My first words."})

    comment = Comment.objects.get(body="My first words.")
    assert comment.status == Status.PENDING
    assert response["Location"] == f"{review.get_absolute_url()}?page=2#comment-{comment.pk}"
    assert f'id="comment-{comment.pk}"' in review_html(client, review, page=2)
