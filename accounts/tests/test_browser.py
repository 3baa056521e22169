"""A new reader's first visit in a real browser: sign up, sign out, sign in again; axe checks."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from comments.tests.factories import make_comment
from reviewhub.tests.browser import serious_violations
from reviews.tests.factories import make_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-Pass-phrase"


def open_account_menu(page: Page) -> None:
    """The user menu is a dropdown, folded into the navbar toggler on a narrow screen."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") == "false":
        toggler.click()
    page.get_by_role("button", name="Account menu for newcomer").click()


def test_a_new_reader_signs_up_out_and_in(live_server, page: Page, screenshot):
    page.goto(live_server.url + reverse("pages:home"))
    page.get_by_role("link", name="Sign up").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up")
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Email").fill("newcomer@example.com")
    page.locator("#id_password1").fill(PASSWORD)  # its label is a prefix of the next one
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    [email] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+)", email.body).group(1)
    page.goto(live_server.url + link)
    page.get_by_role("button", name="Confirm and sign in").click()
    expect(page.get_by_text("Welcome to ReviewHub, newcomer! You are signed in.")).to_be_visible()
    expect(page.get_by_role("button", name="Account menu for newcomer")).to_be_attached()
    assert get_user_model().objects.filter(username="newcomer", email="newcomer@example.com").exists()
    screenshot("signed-up")

    open_account_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(page.get_by_role("button", name="Account menu for newcomer")).to_have_count(0)

    page.goto(live_server.url + reverse("login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Welcome back, newcomer.")).to_be_visible()
    expect(page.get_by_role("button", name="Account menu for newcomer")).to_be_attached()


def test_a_locked_sign_in_says_why(live_server, page: Page, django_user_model):
    django_user_model.objects.create_user(username="newcomer", password=PASSWORD)
    for _ in range(5):
        page.goto(live_server.url + reverse("login"))
        page.get_by_label("Username").fill("newcomer")
        page.get_by_label("Password").fill("wrong password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Too many failed sign-in attempts. Please try again in 15 minutes.")).to_be_visible()


@pytest.mark.parametrize("url_name", ["signup", "login", "password_reset", "profile"])
def test_account_pages_have_no_serious_accessibility_violations(live_server, page: Page, url_name):
    if url_name == "profile":
        review = make_review(rating=8)
        make_comment(review=make_review(), author=review.author)
        url = review.author.get_absolute_url()
    else:
        url = reverse(url_name)
    page.goto(live_server.url + url)
    assert serious_violations(page) == []
