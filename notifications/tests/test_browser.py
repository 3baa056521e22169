"""The whole loop in a real browser: a comment, a reply from someone else, the bell, and landing on the reply."""

import pytest
from playwright.sync_api import Browser, Page, expect

from comments.models import Comment
from comments.tests.factories import make_comment
from reviewhub.tests.browser import serious_violations, sign_in
from reviews.tests.factories import make_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reply_rings_the_bell_and_the_notification_leads_to_it(
    live_server, page: Page, browser: Browser, user, other_user, review, screenshot
):
    elsewhere = make_review()
    for reader in (user, other_user):
        make_comment(review=elsewhere, author=reader)  # past the first-comment hold
    review_url = live_server.url + review.get_absolute_url()

    sign_in(page, live_server.url, user.username)
    page.goto(review_url)
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    page.get_by_label("Your comment").fill("Did the ending make anyone else cry?")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment was posted.")).to_be_visible()
    first = Comment.objects.get(review=review, author=user)

    context = browser.new_context()
    other = context.new_page()
    sign_in(other, live_server.url, other_user.username)
    other.goto(f"{live_server.url}/comments/{first.pk}/reply/")
    other.get_by_label("Your reply").fill("Every time. The letter at the end gets me.")
    other.get_by_role("button", name="Post reply").click()
    expect(other.get_by_text("Your comment was posted.")).to_be_visible()
    reply = Comment.objects.get(review=review, author=other_user)
    context.close()

    page.reload()
    bell = page.get_by_role("link", name="Notifications, 1 unread")
    expect(bell).to_be_visible()
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    entry = page.get_by_role(
        "link", name=f"{other_user.username} replied to your comment on {review.title} (Her, 2013)"
    )
    expect(entry).to_be_visible()
    expect(page.get_by_text("“Every time. The letter at the end gets me.”")).to_be_visible()
    assert serious_violations(page) == []
    screenshot("notifications")

    entry.click()
    page.wait_for_url(f"**{review.get_absolute_url()}#comment-{reply.pk}")
    expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("Every time. The letter at the end gets me.")
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()


def test_the_settings_page_is_accessible_and_saves(live_server, page: Page, user):
    sign_in(page, live_server.url, user.username)
    page.goto(f"{live_server.url}/notifications/settings/")
    assert serious_violations(page) == []
    page.get_by_role("group", name="Comments on your reviews").get_by_label("E-mail").select_option("digest")
    page.get_by_role("button", name="Save notification settings").click()
    expect(page.get_by_text("Your notification settings were saved.")).to_be_visible()
    expect(page.get_by_role("group", name="Comments on your reviews").get_by_label("E-mail")).to_have_value("digest")
