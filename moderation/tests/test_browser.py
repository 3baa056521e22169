"""In a real browser: a newcomer's first comment is held, and a moderator approves it from /admin/."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from comments.models import Comment
from conftest import PASSWORD, make_user
from moderation.models import ModerationEvent, Status
from moderation.tests.factories import make_moderator
from reviewhub.tests.browser import sign_in
from reviews.tests.factories import make_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "My first comment here: the letters Theodore writes are the heart of the film."


def test_a_first_comment_is_held_then_approved_from_the_admin_queue(
    live_server, page: Page, browser: Browser, screenshot
):
    review = make_review(title="A quiet film about love")
    make_user(username="newcomer", password=PASSWORD)
    make_moderator(username="mona", password=PASSWORD)
    review_url = live_server.url + review.get_absolute_url()

    # The newcomer posts through the site's form and sees it held.
    sign_in(page, live_server.url, "newcomer")
    page.goto(review_url)
    page.get_by_label("Your comment").fill(BODY)
    page.get_by_role("button", name="Post comment").click()
    comment = Comment.objects.get(author__username="newcomer")
    assert comment.status == Status.PENDING
    own_view = page.locator(f"#comment-{comment.pk}")
    expect(own_view).to_contain_text(BODY)
    expect(own_view).to_contain_text("Awaiting moderation")
    screenshot("author-sees-held-comment")

    # Nobody else sees it.
    visitor = browser.new_page()
    visitor.goto(review_url)
    expect(visitor.get_by_role("heading", level=1)).to_be_visible()
    expect(visitor.get_by_text(BODY)).to_have_count(0)

    # A moderator signs in to the admin, opens the queue, selects it and approves it.
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("admin:index"))
    page.get_by_label("Username").fill("mona")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("rowheader", name="Comments", exact=True).get_by_role("link").click()
    page.get_by_role("link", name="Awaiting moderation").click()
    row = page.locator("#result_list tbody tr", has_text="My first comment here")
    expect(row).to_contain_text("Awaiting moderation")
    expect(row).to_contain_text("newcomer")
    screenshot("moderator-queue")
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Approve selected comments")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 comment was approved.")
    screenshot("moderator-approved")

    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    event = ModerationEvent.objects.get(object_id=comment.pk, action="approved")
    assert (event.actor.username, event.from_status) == ("mona", Status.PENDING)

    # Visitors now see it, with no moderation badge.
    visitor.reload()
    published = visitor.locator(f"#comment-{comment.pk}")
    expect(published).to_contain_text(BODY)
    expect(published).not_to_contain_text("Awaiting moderation")
    visitor.close()
