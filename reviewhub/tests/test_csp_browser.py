"""In a real browser, under the real Content-Security-Policy: nothing is blocked, and scripts still run."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Page

from comments.tests.factories import make_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def csp_violations(page: Page) -> list[str]:
    """Chromium reports every blocked script, style or image on the console."""
    violations: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", record)
    return violations


def sign_in(page: Page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_public_pages_run_under_the_policy(live_server, page: Page, csp_violations, film, review, user):
    make_comment(review=review, body="A reply-able comment.")
    sign_in(page, live_server, user)
    for url in [reverse("pages:home"), film.get_absolute_url(), review.get_absolute_url(), reverse("films:list")]:
        response = page.goto(live_server.url + url)
        assert response is not None
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        # Bootstrap's bundle (a static file) ran: its global exists.
        assert page.evaluate("typeof window.bootstrap") == "object", url
    assert csp_violations == []


def test_the_admin_runs_under_the_policy(live_server, page: Page, csp_violations, admin_user, film, review):
    sign_in(page, live_server, admin_user)
    page.goto(live_server.url + reverse("admin:index"))
    page.wait_for_load_state("load")
    for url in [
        reverse("admin:reviews_review_changelist"),
        reverse("admin:films_film_change", args=[film.pk]),
        reverse("admin:films_film_add"),
    ]:
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")
        # The admin's own scripts (jQuery, actions, inlines, prepopulate) loaded and ran.
        assert page.evaluate("typeof django !== 'undefined' && typeof django.jQuery") == "function", url
    page.goto(live_server.url + reverse("admin:films_film_add"))
    page.locator("#id_title").fill("Lost in Translation")
    page.locator("#id_year").fill("2003")
    page.locator("#id_year").blur()
    assert page.locator("#id_slug").input_value() == "lost-in-translation-2003", "prepopulate.js ran"
    assert csp_violations == []


def test_the_policy_really_blocks_inline_code(live_server, page: Page):
    """The control for the tests above: an injected inline handler is refused, and the refusal is seen."""
    page.goto(live_server.url + reverse("pages:home"))
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text) as refusal:
        page.evaluate(
            "document.body.insertAdjacentHTML('beforeend', '<img src=\"/no-such.png\" onerror=\"window.pwned = 1\">')"
        )

    assert "inline event handler" in refusal.value.text
    assert page.evaluate("window.pwned") is None
