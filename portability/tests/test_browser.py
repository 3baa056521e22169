"""The Letterboxd import journey in a real browser: upload, preview, confirm, report, failed-rows file."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from films.tests.factories import make_film
from portability.models import ImportJob
from portability.tests.helpers import DIARY, REVIEWS
from reviewhub.tests.browser import serious_violations, sign_in
from reviews.models import Review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_a_letterboxd_csv_and_download_the_failed_rows(live_server, page: Page, user, tmp_path, screenshot):
    film = make_film(title="Her", year=2013, slug="her-2013")
    reviews = tmp_path / "reviews.csv"
    reviews.write_text(REVIEWS)
    diary = tmp_path / "diary.csv"
    diary.write_text(DIARY)
    sign_in(page, live_server.url, user.username)

    page.goto(live_server.url + reverse("portability:import"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Import from Letterboxd")
    page.get_by_label("Letterboxd export").set_input_files([str(reviews), str(diary)])
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your import")
    table = page.locator(".rh-import-table")
    expect(table.locator(".rh-row-matched")).to_have_count(3)
    expect(table.locator(".rh-row-unmatched")).to_contain_text("No film “Solaris (1972)”")
    expect(table).to_contain_text("4.5★ → 9/10")
    expect(page.locator(".rh-rating-rule")).to_contain_text("4½★ = 9/10")
    assert serious_violations(page) == []
    screenshot("preview")
    assert not Review.objects.exists()

    page.get_by_role("button", name="Import 3 rows").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import finished")
    expect(page.locator(".rh-import-counts")).to_contain_text("Imported3")
    expect(page.locator("progress.rh-progress")).to_have_attribute("value", "4")
    assert serious_violations(page) == []
    screenshot("report")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the 1 row not imported (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(download_info.value.path().read_text(encoding="utf-8"))))
    assert [(row["File"], row["Name"], row["Year"]) for row in rows] == [("reviews.csv", "Solaris", "1972")]
    assert Review.objects.get(author=user).film == film


def test_download_my_data_from_the_account_menu(live_server, page: Page, user, screenshot):
    film = make_film(title="Her", year=2013, slug="her-2013")
    Review.objects.create(film=film, author=user, title="Tender", body="Tender and strange.", rating=9)
    sign_in(page, live_server.url, user.username)
    page.get_by_role("button", name=f"Account menu for {user.username}").click()
    page.get_by_role("link", name="Import and export").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Download your data")
    page.get_by_role("button", name="Prepare my archive").click()
    expect(page.get_by_role("status")).to_contain_text("is ready")
    assert serious_violations(page) == []
    screenshot("export")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your archive").click()
    archive = zipfile.ZipFile(download_info.value.path())
    assert "Her,2013,,4.5,,Tender and strange." in archive.read("reviews.csv").decode()


def test_the_progress_bar_follows_a_running_import_and_shows_the_report(live_server, page: Page, user):
    job = ImportJob.objects.create(user=user, source_name="diary.csv", state=ImportJob.State.RUNNING, total=40)
    sign_in(page, live_server.url, user.username)
    page.goto(live_server.url + job.get_absolute_url())
    bar = page.locator("#import-progress")
    expect(bar).to_have_attribute("value", "0")
    ImportJob.objects.filter(pk=job.pk).update(processed=30)
    expect(page.get_by_text("30 of 40 rows imported")).to_be_visible()
    expect(bar).to_have_js_property("value", 30)
    ImportJob.objects.filter(pk=job.pk).update(processed=40, state=ImportJob.State.DONE, counts={"created": 40})
    expect(page.get_by_role("heading", level=1)).to_have_text("Import finished")
