"""Conversations in a real browser: a nested thread between two readers, and a deletion that keeps replies."""

import pytest
from playwright.sync_api import Browser, Page, expect

from comments.models import Comment
from comments.tests.factories import make_comment
from reviewhub.tests.browser import sign_in
from reviews.tests.factories import make_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def with_history(*users) -> None:
    """Each reader already has an approved comment, so new ones are not held as a first comment."""
    elsewhere = make_review()
    for reader in users:
        make_comment(review=elsewhere, author=reader)


def test_two_readers_converse_three_levels_deep(
    live_server, page: Page, browser: Browser, user, other_user, review, screenshot
):
    with_history(user, other_user)
    review_url = live_server.url + review.get_absolute_url()

    # The reader starts the conversation, with JavaScript on.
    sign_in(page, live_server.url, user.username)
    page.goto(review_url)
    page.get_by_label("Your comment").fill("Did the ending make anyone else cry?")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment was posted.")).to_be_visible()
    first = Comment.objects.get(review=review, author=user)

    # The review's author answers from a browser without JavaScript: the reply page.
    context = browser.new_context(java_script_enabled=False)
    other = context.new_page()
    sign_in(other, live_server.url, other_user.username)
    other.goto(review_url)
    other.locator(f"#comment-{first.pk}").get_by_role("link", name=f"Reply to {user.username}").click()
    expect(other.get_by_role("heading", level=1)).to_have_text(f"Reply to {user.username}")
    expect(other.locator(".rh-quoted")).to_contain_text("Did the ending make anyone else cry?")
    other.get_by_label("Your reply").fill("Every time. The letter at the end gets me.")
    other.get_by_role("button", name="Post reply").click()
    expect(other.get_by_text("Your comment was posted.")).to_be_visible()
    second = Comment.objects.get(review=review, author=other_user)
    assert other.url.endswith(f"#comment-{second.pk}")
    context.close()

    # The reader replies in place, under the answer.
    page.goto(review_url)
    reply_link = page.locator(f"#comment-{second.pk}").get_by_role("link", name=f"Reply to {other_user.username}")
    reply_link.click()
    expect(reply_link).to_have_attribute("aria-expanded", "true")
    inline = page.locator(f"#comment-{second.pk} .rh-reply-form")
    expect(inline.get_by_label("Your reply")).to_be_focused()
    inline.get_by_label("Your reply").fill("The letter to Catherine? Same.")
    inline.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your comment was posted.")).to_be_visible()

    third = Comment.objects.get(review=review, parent=second)
    assert [(c.author, c.depth) for c in (first, second, third)] == [(user, 1), (other_user, 2), (user, 3)]
    thread = page.locator(".rh-thread > li")
    expect(thread).to_have_count(3)
    expect(thread.nth(0)).to_have_class("rh-comment depth-1")
    expect(thread.nth(1)).to_have_class("rh-comment depth-2")
    expect(thread.nth(2)).to_have_class("rh-comment depth-3")
    expect(thread.nth(2)).to_contain_text("The letter to Catherine? Same.")
    expect(thread.nth(2)).to_contain_text(user.username)
    screenshot("thread")


def test_deleting_a_comment_keeps_its_replies(live_server, page: Page, user, review, screenshot):
    mine = make_comment(review=review, author=user, body="I think the OS was the villain.")
    reply = make_comment(review=review, parent=mine, body="Interesting, I never saw it that way.")
    sign_in(page, live_server.url, user.username)
    page.goto(live_server.url + review.get_absolute_url())

    page.locator(f"#comment-{mine.pk}").get_by_role("link", name="Delete your comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your comment?")
    expect(page.get_by_text("Its replies stay in the conversation")).to_be_visible()
    page.get_by_role("button", name="Delete comment").click()

    expect(page.get_by_text("Your comment was deleted.")).to_be_visible()
    expect(page.locator(f"#comment-{mine.pk}")).to_have_text("[deleted]")
    expect(page.get_by_text("I think the OS was the villain.")).to_have_count(0)
    expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("Interesting, I never saw it that way.")
    expect(page.locator(f"#comment-{reply.pk}")).to_have_class("rh-comment depth-2")
    mine.refresh_from_db()
    assert mine.deleted_at is not None
    screenshot("deleted")
