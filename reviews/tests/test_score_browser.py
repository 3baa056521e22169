"""In a real browser: a prolific reviewer's calibration line, then staff switch score protection on for a film."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD, make_user
from films.tests.factories import make_film
from moderation.models import ModerationEvent
from moderation.tests.factories import make_moderator
from reviews.models import ScoreProtection
from reviews.tests.factories import make_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_protection_left():
    """A transactional test ends with a flush, table by table: a protection deleted mid-flush would recount
    reviews against statistics already emptied (a check constraint fails). Removing it first, while the
    tables are whole, leaves the flush nothing to recount."""
    yield
    ScoreProtection.objects.all().delete()


def test_staff_switch_score_protection_on_and_the_film_page_changes(
    live_server, page: Page, browser: Browser, film, screenshot
):
    veteran = make_user(username="veteran", date_joined=timezone.now() - timedelta(days=400))
    for _ in range(9):
        make_review(author=veteran, film=make_film(), rating=6)
    make_review(author=veteran, film=film, rating=9, title="Still the best")
    for _ in range(3):
        make_review(film=film, rating=1, title="Bombing run")
    make_moderator(username="mona", password=PASSWORD)
    film_url = live_server.url + film.get_absolute_url()

    # A visitor sees the plain score, and the veteran's rating against their usual.
    visitor = page
    visitor.goto(film_url)
    expect(visitor.locator(".film-average-value")).to_have_text("3.0/10")
    expect(visitor.locator(".score-protection-note")).to_have_count(0)
    card = visitor.locator(".review-card", has_text="Still the best")
    expect(card.locator(".calibration")).to_have_text("9/10 — above their usual (averages 6.3 over 10 ratings)")
    visitor.get_by_text("How this score works").click()
    expect(visitor.locator(".score-explained")).to_contain_text("plain mean of the 4 counted ratings")
    screenshot("film-page-plain")

    # A moderator switches protection on in the admin, from yesterday, for accounts under 30 days old.
    staff = browser.new_page()
    staff.goto(live_server.url + reverse("admin:index"))
    staff.get_by_label("Username").fill("mona")
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Log in").click()
    staff.get_by_role("rowheader", name="Score protections", exact=True).get_by_role("link").click()
    staff.get_by_role("link", name="Add score protection").click()
    staff.get_by_label("Film").select_option(label=str(film))
    staff.locator("#id_since_0").fill((timezone.localdate() - timedelta(days=1)).isoformat())
    staff.locator("#id_since_1").fill("00:00:00")
    staff.get_by_label("Minimum account age (days)").fill("30")
    staff.get_by_role("button", name="Save", exact=True).click()
    expect(staff.locator(".messagelist")).to_contain_text("was added successfully")
    expect(staff.locator("#result_list")).to_contain_text("9.0/10 from 1 counted, 3 not counted")

    # The film page now counts only the veteran's rating and says why, in public.
    visitor.reload()
    expect(visitor.locator(".film-average-value")).to_have_text("9.0/10")
    since = (timezone.localdate() - timedelta(days=1)).strftime("%-d %b")
    expect(visitor.locator(".score-protection-note")).to_have_text(
        f"Score protection on since {since}: ratings from accounts under 30 days old are shown but not counted."
        " 3 ratings are not counted."
    )
    expect(visitor.locator(".review-card", has_text="Bombing run")).to_have_count(3)
    screenshot("film-page-protected")

    protection = ScoreProtection.objects.get(film=film)
    event = ModerationEvent.objects.get(object_id=protection.pk, action=ModerationEvent.Action.SCORE_PROTECTION)
    assert event.actor.username == "mona"
    staff.close()
