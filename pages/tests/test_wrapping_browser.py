"""On a phone, long names and unbroken words wrap: no page scrolls sideways."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from comments.tests.factories import make_comment
from conftest import make_user
from films.tests.factories import make_film
from reviewhub.tests.browser import sign_in
from reviews.tests.factories import make_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
LONG_NAME = "Longname" + "x" * 142  # Django's maximum username length, 150
LONG_WORD = "Unbroken" + "w" * 292  # 300 characters without a break opportunity


@pytest.fixture
def long_content(db):
    """A 150-character username whose review and comment are each one 300-character word."""
    assert len(LONG_NAME) == 150 and len(LONG_WORD) == 300
    author = make_user(username=LONG_NAME)
    review = make_review(author=author, film=make_film(title="Her"), title="T" + "t" * 119, body=LONG_WORD)
    make_comment(review=review, author=author, body=LONG_WORD)
    reply_parent = make_comment(review=review, body="A short one.")
    make_comment(review=review, author=author, parent=reply_parent, body=LONG_WORD)
    return author, review


# The document's scroll width, the viewport's width, and the deepest elements that stick out (for the message).
MEASURE = """() => {
  const wide = [...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
    .filter((el) => ![...el.children].some((child) => child.getBoundingClientRect().right > window.innerWidth + 1))
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} `
      + `${Math.round(el.getBoundingClientRect().right)}px`);
  return [document.documentElement.scrollWidth, window.innerWidth, wide];
}"""


def overflow(page: Page, url: str) -> tuple[int, int, list[str]]:
    """(the document's scroll width, the viewport width, what sticks out) after loading `url`."""
    page.goto(url)
    return page.evaluate(MEASURE)


def too_wide(widths: dict[str, tuple[int, int, list[str]]]) -> str:
    """One line per page that scrolls sideways: its width, the viewport's, and what sticks out."""
    return "\n".join(
        f"{name}: {width} > {viewport} px: {wide}"
        for name, (width, viewport, wide) in widths.items()
        if width > viewport
    )


def pages_of(live_server, review) -> dict[str, str]:
    return {
        "home": live_server.url + reverse("pages:home"),
        "film": live_server.url + review.film.get_absolute_url(),
        "review": live_server.url + review.get_absolute_url(),
        "profile": live_server.url + reverse("pages:profile", args=[LONG_NAME]),
        "search": live_server.url + reverse("pages:search") + "?q=" + LONG_WORD[:20],
    }


def test_no_page_is_wider_than_a_phone_for_a_reader(live_server, page: Page, long_content):
    _, review = long_content
    page.set_viewport_size(PHONE)
    widths = {name: overflow(page, url) for name, url in pages_of(live_server, review).items()}
    assert too_wide(widths) == ""
    assert widths["review"][1] == PHONE["width"]


def test_no_page_is_wider_than_a_phone_for_the_long_named_author(live_server, page: Page, long_content):
    author, review = long_content
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, author.username)
    urls = {
        **pages_of(live_server, review),
        "reply": live_server.url + reverse("comments:reply", args=[review.comments.filter(parent=None).first().pk]),
    }
    widths = {name: overflow(page, url) for name, url in urls.items()}
    assert too_wide(widths) == ""
