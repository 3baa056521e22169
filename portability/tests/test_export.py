"""'Download my data': the archive's files, columns and JSON, and who may download it, for how long."""

import csv
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comments.tests.factories import make_comment
from conftest import make_user
from films.tests.factories import make_film
from portability import exporting
from portability.letterboxd import COLUMNS
from portability.models import DataExport
from portability.services import export_request
from portability.storage import export_storage
from reviews.models import Review
from reviews.tests.factories import make_review
from watchlog.models import Watch, WatchlistEntry

pytestmark = pytest.mark.django_db

EXPORT = reverse("portability:export")


def download(client, export):
    return client.get(reverse("portability:export-download", args=[export.pk]))


def archive_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def account(user, film, review):
    """The reader has a rated review, a comment, two watches and a watchlist entry."""
    make_review(film=film, author=user, rating=9, title="Tender", body="Tender and strange.")
    unrated = make_review(film=make_film(title="Solaris", year=1972), author=user, rating=None, body="Slow.")
    make_comment(review=review, author=user, body="@everyone look")
    Watch.objects.create(user=user, film=film, watched_on=date(2024, 1, 4))
    Watch.objects.create(user=user, film=film, watched_on=date(2024, 1, 31), rewatch=True)
    WatchlistEntry.objects.create(user=user, film=make_film(title="Lost in Translation", year=2003))
    return unrated


def test_the_archive_has_letterboxd_csv_files_and_reviewhub_json(client, user, film, account):
    client.force_login(user)
    response = client.post(EXPORT, follow=True)
    assert "is ready" in response.content.decode()
    export = DataExport.objects.get(user=user)
    assert export.state == DataExport.State.READY
    archive = archive_of(download(client, export))
    assert sorted(archive.namelist()) == ["diary.csv", "ratings.csv", "reviewhub.json", "reviews.csv", "watchlist.csv"]

    def rows(name):
        reader = csv.DictReader(io.StringIO(archive.read(name).decode()))
        assert reader.fieldnames == COLUMNS[name.removesuffix(".csv")]
        return list(reader)

    reviews = rows("reviews.csv")
    assert sorted((r["Name"], r["Year"], r["Rating"], r["Review"]) for r in reviews) == [
        ("Her", "2013", "4.5", "Tender and strange."),
        ("Solaris", "1972", "", "Slow."),
    ]
    assert [(r["Name"], r["Rating"]) for r in rows("ratings.csv")] == [("Her", "4.5")]
    assert [(r["Watched Date"], r["Rewatch"], r["Rating"]) for r in rows("diary.csv")] == [
        ("2024-01-04", "", "4.5"),
        ("2024-01-31", "Yes", "4.5"),
    ]
    assert [r["Name"] for r in rows("watchlist.csv")] == ["Lost in Translation"]

    document = json.loads(archive.read("reviewhub.json"))
    assert list(document) == [
        "format", "version", "exported_at", "site", "ratings", "profile", "reviews", "comments", "watches", "watchlist",
    ]  # fmt: skip
    assert document["profile"]["username"] == user.username and document["profile"]["email"] == user.email
    assert sorted(r["rating"] for r in document["reviews"] if r["rating"]) == [9]  # the original 1–10 rating
    assert [c["body"] for c in document["comments"]] == ["@everyone look"]
    assert [w["watched_on"] for w in document["watches"]] == ["2024-01-04", "2024-01-31"]
    assert document["watchlist"][0]["film"]["title"] == "Lost in Translation"


def test_json_sections_come_from_the_section_registry(user, account):
    assert list(exporting.SECTIONS) == ["profile", "reviews", "comments", "watches", "watchlist"]
    document = json.loads(exporting.account_json(user))
    assert all(name in document for name in exporting.SECTIONS)


def test_the_archive_is_not_under_media_and_another_reader_gets_a_404(client, user, account, settings):
    client.force_login(user)
    client.post(EXPORT)
    export = DataExport.objects.get(user=user)
    stored = export_storage().path(export.file_name)
    assert str(settings.REVIEWHUB_PRIVATE_ROOT) in stored and str(settings.MEDIA_ROOT) not in stored
    client.force_login(make_user())
    assert download(client, export).status_code == 404
    client.logout()
    assert download(client, export).status_code == 302


def test_an_expired_link_is_refused_and_the_archive_deleted(client, user, account):
    client.force_login(user)
    client.post(EXPORT)
    export = DataExport.objects.get(user=user)
    path = export_storage().path(export.file_name)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = download(client, export)
    assert response.status_code == 410 and "This archive has expired" in response.content.decode()
    assert not DataExport.objects.exists()
    assert not export_storage().exists(path)


def test_the_purge_command_deletes_expired_archives_only(client, user, other_user, account):
    for owner in (user, other_user):
        client.force_login(owner)
        client.post(EXPORT)
    old = DataExport.objects.get(user=user)
    DataExport.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    out = io.StringIO()
    call_command("purge_expired_exports", stdout=out)
    assert "Deleted 1 expired archive." in out.getvalue()
    assert list(DataExport.objects.values_list("user", flat=True)) == [other_user.pk]
    assert not export_storage().exists(old.file_name)


def test_a_new_archive_replaces_the_old_one(client, user, account):
    client.force_login(user)
    client.post(EXPORT)
    first = DataExport.objects.get(user=user)
    client.post(EXPORT)
    assert DataExport.objects.get(user=user).pk != first.pk
    assert not export_storage().exists(first.file_name)


def test_export_requests_are_rate_limited(client, user, settings):
    settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "data_export": (1, 3600)}
    client.force_login(user)
    client.post(EXPORT)
    response = client.post(EXPORT, follow=True)
    assert "You are posting too quickly" in response.content.decode()


def test_the_export_page_says_pending_while_the_worker_has_not_run(client, user):
    DataExport.objects.create(user=user)
    client.force_login(user)
    html = client.get(EXPORT).content.decode()
    assert "Your archive is being prepared" in html and 'http-equiv="refresh"' in html


def test_the_settings_page_shows_the_archive_and_the_import_link(client, user, account):
    client.force_login(user)
    html = client.get(reverse("account_settings:page")).content.decode()
    section = html[html.index('id="data"') :]
    assert "Prepare my archive" in section and reverse("portability:import") in section
    assert f'action="{EXPORT}"' in section and 'name="csrfmiddlewaretoken"' in section
    export_request(user=user)
    html = client.get(reverse("account_settings:page")).content.decode()
    assert reverse("portability:export-download", args=[DataExport.objects.get().pk]) in html


def test_the_purge_command_also_deletes_archives_of_deleted_accounts(client, account, user):
    client.force_login(user)
    client.post(EXPORT)
    name = DataExport.objects.get().file_name
    DataExport.objects.all().delete()  # as when the account is deleted (CASCADE)
    call_command("purge_expired_exports", stdout=io.StringIO())
    assert not export_storage().exists(name)


def test_an_export_imports_into_a_fresh_account_unchanged(client, user, film, account):
    client.force_login(user)
    client.post(EXPORT)
    export = DataExport.objects.get(user=user)
    data = b"".join(download(client, export).streaming_content)
    fresh = make_user()
    client.force_login(fresh)
    upload = SimpleUploadedFile("reviewhub-export.zip", data, content_type="application/zip")
    job_url = client.post(reverse("portability:import"), {"files": [upload]})["Location"]
    client.post(job_url + "confirm/")

    def snapshot(owner):
        return (
            sorted(Review.objects.filter(author=owner).values_list("film__slug", "rating", "body")),
            sorted(Watch.objects.filter(user=owner).values_list("film__slug", "watched_on", "rewatch")),
            sorted(WatchlistEntry.objects.filter(user=owner).values_list("film__slug", flat=True)),
        )

    assert snapshot(fresh) == snapshot(user)
