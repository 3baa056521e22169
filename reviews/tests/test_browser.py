"""Writing and guarding reviews in a real browser, and axe checks of the review pages."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from comments.tests.factories import make_comment
from conftest import make_user
from reviewhub.tests.browser import serious_violations, sign_in
from reviews import services
from reviews.models import Review
from reviews.tests.factories import make_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_rated_review_moves_the_film_average_and_histogram(live_server, page: Page, user, film, screenshot):
    make_review(film=film, rating=7, title="Good, not great")
    sign_in(page, live_server.url, user.username)
    page.goto(live_server.url + film.get_absolute_url())
    expect(page.locator(".film-average-value")).to_have_text("7.0/10")

    page.get_by_role("link", name="Write a review").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review Her (2013)")
    page.get_by_label("Title").fill("Tender and strange")
    page.get_by_label("Rating").select_option("9")
    page.get_by_label("Your review").fill("A film about loneliness.\n\nAnd about love.")
    screenshot("form")
    page.get_by_role("button", name="Publish review").click()

    expect(page.get_by_text("Your review is published.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tender and strange")
    expect(page.locator(".rh-review-rating")).to_have_text("9/10 Great")
    expect(page.locator(".rh-review-body p")).to_have_text(["A film about loneliness.", "And about love."])
    screenshot("review")

    page.locator(".rh-review-film").get_by_role("link", name="Her").click()
    expect(page.locator(".film-average-value")).to_have_text("8.0/10")
    expect(page.locator(".histogram")).to_contain_text("9/10: 1 rating, 50%")
    expect(page.locator(".histogram")).to_contain_text("7/10: 1 rating, 50%")
    review = Review.objects.get(author=user)
    assert (review.film, review.rating, review.title) == (film, 9, "Tender and strange")


def test_a_form_error_keeps_the_typed_text(live_server, page: Page, user, film, screenshot):
    sign_in(page, live_server.url, user.username)
    page.goto(live_server.url + reverse("reviews:create", args=[film.slug]))
    page.get_by_label("Title").fill("   ")
    page.get_by_label("Rating").select_option("")
    page.get_by_label("Your review").fill("Three paragraphs I do not want to lose.\n\nSecond.\n\nThird.")
    page.get_by_role("button", name="Publish review").click()

    expect(page.get_by_text("Give your review a title.")).to_be_visible()
    expect(page.get_by_label("Your review")).to_have_value(
        "Three paragraphs I do not want to lose.\n\nSecond.\n\nThird."
    )
    expect(page.get_by_label("Title")).to_have_attribute("aria-invalid", "true")
    screenshot("error")
    assert not Review.objects.exists()


def test_someone_elses_review_cannot_be_edited(live_server, page: Page, user, review, screenshot):
    sign_in(page, live_server.url, user.username)

    response = page.goto(live_server.url + reverse("reviews:edit", args=[review.pk]))

    assert response.status == 404
    expect(page.get_by_label("Title")).to_have_count(0)
    screenshot("not-found")
    page.goto(live_server.url + review.get_absolute_url())
    expect(page.get_by_role("link", name="Edit your review")).to_have_count(0)
    review.refresh_from_db()
    assert review.title == "A quiet film about love"


def test_review_page_and_form_pass_axe(live_server, page: Page, user, review, film):
    services.helpful_vote_set(review=review, voter=make_user(), is_helpful=True)
    parent = make_comment(review=review, body="First!")
    make_comment(review=review, parent=parent, body="A reply.")
    make_comment(review=review, author=user, body="Held for a moderator.", approve=False)
    sign_in(page, live_server.url, user.username)

    page.goto(live_server.url + review.get_absolute_url())
    page.get_by_role("link", name=f"Reply to {parent.author.username}").click()
    expect(page.locator(".rh-reply-form textarea")).to_be_focused()
    assert serious_violations(page) == []

    page.goto(live_server.url + reverse("reviews:create", args=[film.slug]))
    assert serious_violations(page) == []
    page.get_by_role("button", name="Publish review").click()  # browser validation stops the empty form
    page.get_by_label("Title").fill(" ")
    page.get_by_label("Your review").fill("x")
    page.get_by_role("button", name="Publish review").click()
    expect(page.get_by_text("Give your review a title.")).to_be_visible()
    assert serious_violations(page) == []
