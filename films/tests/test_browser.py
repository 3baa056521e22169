"""A visitor browsing home → film → review in a real browser, plus axe and layout checks."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from comments.tests.factories import make_comment
from films.tests.factories import make_credit, make_film, make_genre, make_person
from reviewhub.tests.browser import serious_violations
from reviews.tests.factories import make_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def her(film):
    """Her with credits, genres, rated reviews and a little discussion."""
    film.genres.set([make_genre(name="Romance", slug="romance"), make_genre(name="Drama", slug="drama")])
    make_credit(film=film, person=make_person(name="Spike Jonze"), role="director")
    make_credit(film=film, person=make_person(name="Joaquin Phoenix"), character="Theodore Twombly")
    for rating in (10, 9, 9):
        make_review(film=film, rating=rating)
    latest = make_review(film=film, rating=10, title="A love letter to loneliness", body="Warm, strange, kind.")
    make_comment(review=latest, body="Beautifully put.")
    make_review(film=make_film(title="Lost in Translation", year=2003), rating=7)
    return film


def test_visitor_browses_from_home_to_a_film_and_a_review(live_server, page: Page, her, screenshot, settings):
    settings.REVIEWHUB_RANKING_MIN_RATINGS = 4  # Her's ratings here; the threshold has its own tests
    page.goto(live_server.url + reverse("pages:home"))
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    screenshot("home")

    page.locator(".best-rated").get_by_role("link", name="Her").click()
    expect(page).to_have_url(live_server.url + her.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Her")
    expect(page.locator(".film-average-value")).to_have_text("9.5/10")
    expect(page.get_by_role("link", name="Sign in to write a review")).to_be_visible()
    screenshot("film")

    review = her.reviews.get(title="A love letter to loneliness")
    page.get_by_role("link", name="A love letter to loneliness").click()
    expect(page).to_have_url(live_server.url + review.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("A love letter to loneliness")
    screenshot("review")


def test_reviews_sort_by_link_and_the_histogram_is_drawn_to_scale(live_server, page: Page, her):
    page.goto(live_server.url + her.get_absolute_url())
    page.get_by_role("link", name="Lowest rated").click()
    expect(page).to_have_url(live_server.url + her.get_absolute_url() + "?sort=lowest#reviews")
    expect(page.locator(".review-card-title").first).not_to_have_text("A love letter to loneliness")
    expect(page.locator(".review-card .rating-badge").first).to_have_text("Rated 9/10")
    # Two of four ratings are 10/10: that bar fills half of its track.
    track = page.locator(".histogram-track").first.bounding_box()
    bar = page.locator(".histogram-bar").first.bounding_box()
    assert track and bar
    assert abs(bar["width"] / track["width"] - 0.5) < 0.03


def test_catalogue_filters_from_the_form(live_server, page: Page, her):
    page.goto(live_server.url + reverse("films:list"))
    expect(page.locator(".film-card")).to_have_count(2)
    page.get_by_label("Genre").select_option("romance")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".film-card")).to_have_count(1)
    expect(page.locator(".film-card-title")).to_have_text("Her")
    expect(page.get_by_label("Genre")).to_have_value("romance")


def test_search_from_the_header_finds_a_film_by_a_person(live_server, page: Page, her):
    page.goto(live_server.url + reverse("pages:home"))
    page.get_by_label("Search films, people and reviews").fill("Jonze")
    page.get_by_label("Search films, people and reviews").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “Jonze”")
    expect(page.locator(".film-card-title")).to_have_text(["Her"])


def test_keyboard_reaches_the_skip_link_first_and_focus_is_visible(live_server, page: Page, her):
    page.goto(live_server.url + reverse("pages:home"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = skip.evaluate(
        "element => getComputedStyle(element).outlineStyle + ' ' + getComputedStyle(element).outlineWidth"
    )
    assert outline == "solid 3px"
    page.keyboard.press("Enter")
    expect(page.locator("#content")).to_be_focused()


def test_phone_menu_opens_and_pages_do_not_scroll_sideways(live_server, page: Page, her):
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (
        reverse("pages:home"),
        reverse("films:list"),
        her.get_absolute_url(),
        reverse("pages:search") + "?q=her",
    ):
        page.goto(live_server.url + url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow == 0, f"{url} scrolls sideways by {overflow}px"
    films_link = page.locator("#site-nav").get_by_role("link", name="Films")
    expect(films_link).to_be_hidden()
    page.get_by_role("button", name="Show or hide the menu").click()
    expect(films_link).to_be_visible()


@pytest.mark.parametrize("width", [1280, 390])
def test_public_pages_have_no_serious_accessibility_violations(live_server, page: Page, her, width):
    page.set_viewport_size({"width": width, "height": 900})
    pages = [
        reverse("pages:home"),
        reverse("films:list"),
        her.get_absolute_url(),
        reverse("pages:search") + "?q=love",
        reverse("films:detail", kwargs={"slug": "no-such-film"}),
    ]
    for url in pages:
        page.goto(live_server.url + url)
        assert serious_violations(page) == [], url


def test_a_missing_page_is_friendly_and_leads_home(live_server, page: Page, her, screenshot):
    response = page.goto(live_server.url + "/films/no-such-film/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We couldn't find that page")
    screenshot("404")
    page.get_by_role("link", name="Go to the home page").click()
    expect(page).to_have_url(live_server.url + reverse("pages:home"))
