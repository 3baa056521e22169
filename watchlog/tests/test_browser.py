"""Spoiler-safe reading in a real browser, as a new reader meets it: a folded spoiler, a logged watch, blind mode."""

import pytest
from playwright.sync_api import Page, expect

from comments.tests.factories import make_comment
from films.tests.factories import make_film
from reviewhub.tests.browser import serious_violations, sign_in
from reviews.tests.factories import make_review
from watchlog.models import ScoreReveal, Watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPOILER = "Samantha leaves with the other operating systems at the end."


def test_a_reader_unfolds_spoilers_by_logging_a_watch_and_reveals_scores_in_blind_mode(
    live_server, page: Page, user, film, screenshot
):
    review = make_review(film=film, title="A letter to the future", rating=9)
    make_comment(review=review, body=SPOILER, contains_spoilers=True)
    unseen = make_film(title="Lost in Translation", year=2003)
    make_review(film=unseen, title="Tokyo nights", rating=7)
    sign_in(page, live_server.url, user.username)

    # Not logged: the spoiler comment is folded behind "Spoilers — show anyway".
    page.goto(live_server.url + review.get_absolute_url())
    fold = page.locator(".rh-comment .rh-spoiler")
    expect(fold.locator("summary")).to_have_text("Spoilers — show anyway")
    expect(page.get_by_text(SPOILER)).to_be_hidden()

    # The reader logs a watch of Her from the film page.
    page.goto(live_server.url + film.get_absolute_url())
    expect(page.get_by_text("Watched by 0 members")).to_be_visible()
    page.get_by_text("Log a watch").click()
    expect(page.get_by_label("Date watched")).to_be_visible()
    page.get_by_label("♥ I liked it").check()
    page.get_by_label("Private note").fill("Saw it with Amy.")
    page.get_by_role("button", name="Save watch").click()
    expect(page.get_by_text(f"Logged your watch of {film.title}.")).to_be_visible()
    expect(page.get_by_text("You watched this on")).to_be_visible()
    expect(page.get_by_text("Watched by 1 member")).to_be_visible()
    assert Watch.objects.get(user=user, film=film).liked
    assert not serious_violations(page)

    # Now the spoiler is open.
    page.goto(live_server.url + review.get_absolute_url())
    expect(page.get_by_text(SPOILER)).to_be_visible()

    # Blind mode on, from the diary's link to the reading preferences.
    page.goto(live_server.url + f"/users/{user.username}/diary/")
    expect(page.get_by_text("Saw it with Amy.")).to_be_visible()
    screenshot("diary")
    page.get_by_role("link", name="Reading preferences").click()
    page.get_by_label("Blind mode").check()
    page.get_by_role("button", name="Save reading preferences").click()
    expect(page.get_by_text("Your reading preferences were saved.")).to_be_visible()

    # An unlogged film's scores are hidden, on its page and in the catalogue, until revealed.
    page.goto(live_server.url + "/films/")
    card = page.locator(".film-card", has_text="Lost in Translation")
    expect(card.get_by_text("Scores hidden (blind mode)")).to_be_visible()
    expect(page.locator(".film-card", has_text=film.title).get_by_text("9.0/10")).to_be_visible()
    card.get_by_role("link", name="Lost in Translation").click()
    expect(page.locator(".film-score")).to_have_text("Scores hidden (blind mode)")
    expect(page.get_by_text("7/10")).to_have_count(0)
    screenshot("blind")
    page.get_by_role("button", name="Reveal scores").click()
    expect(page.locator(".film-average-value")).to_have_text("7.0/10")
    expect(page.locator(".review-card .rating-badge")).to_have_text("Rated 7/10")
    assert ScoreReveal.objects.filter(user=user, film=unseen).exists()
    assert not serious_violations(page)
