"""Your account in a real browser: a new face and name on the profile, then leaving while keeping one's review."""

import io

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from reviewhub.tests.browser import serious_violations, sign_in
from reviews.tests.factories import make_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def png_file(tmp_path) -> str:
    path = tmp_path / "portrait.png"
    output = io.BytesIO()
    Image.new("RGB", (400, 300), "teal").save(output, format="PNG")
    path.write_bytes(output.getvalue())
    return str(path)


def test_a_reader_changes_name_and_picture_then_deletes_the_account_keeping_the_review(
    live_server, page: Page, user, tmp_path, screenshot
):
    review = make_review(author=user, title="A film that feels like a first love", rating=9)
    sign_in(page, live_server.url, user.username)

    page.goto(live_server.url + reverse("account_settings:page"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    assert serious_violations(page) == []
    profile = page.locator("#profile")
    profile.get_by_label("Display name").fill("Rita Hayworth")
    profile.get_by_label("Profile picture").set_input_files(png_file(tmp_path))
    profile.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile was saved.")).to_be_visible()
    user.refresh_from_db()
    assert user.display_name == "Rita Hayworth" and user.avatar.name.startswith("avatars/")
    screenshot("settings")

    page.goto(live_server.url + user.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Rita Hayworth")
    expect(page.get_by_text("@reader")).to_be_visible()
    picture = page.get_by_role("img", name="Profile picture of Rita Hayworth")
    expect(picture).to_be_visible()
    # The test server does not serve uploads: the picture must still never show as a broken image.
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")

    # Leaving, by keyboard from the section list at phone width.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("account_settings:page"))
    page.get_by_role("navigation", name="Account settings sections").get_by_role("link", name="Delete account").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + reverse("account_settings:page") + "#delete")
    delete = page.locator("#delete")
    delete.get_by_label("Keep them, shown as by “a former member”").check()
    delete.get_by_label("Your current password").fill("not my password")
    delete.get_by_role("button", name="Delete my account").click()
    expect(page).to_have_url(live_server.url + reverse("account_settings:delete") + "#delete")
    expect(page.locator("#delete").get_by_text("This is not your current password.")).to_be_in_viewport()
    expect(page.locator("#delete").get_by_label("Keep them, shown as by “a former member”")).to_be_checked()

    delete = page.locator("#delete")
    delete.get_by_label("Your current password").fill(PASSWORD)
    delete.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account was deleted and you are signed out.")).to_be_visible()
    expect(page.locator(".account-nav a", has_text="Sign in")).to_be_attached()  # folded in the phone menu

    page.goto(live_server.url + review.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("A film that feels like a first love")
    expect(page.locator(".rh-review-meta")).to_contain_text("by a former member")
    expect(page.get_by_text("Rita Hayworth")).to_have_count(0)
    expect(page.get_by_role("link", name="reader", exact=True)).to_have_count(0)
