"""The Letterboxd import journey over HTTP: upload, preview, confirm, report, failed rows, again."""

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from films.tests.factories import make_film
from moderation.models import Status, WordListEntry
from portability.models import DataExport, ImportJob, UnmatchedFilm
from portability.tests.helpers import DIARY, RATINGS, REVIEWS, WATCHLIST, csv_file, zip_file
from reviews.models import FilmReviewStats, Review
from reviews.tests.factories import make_review
from watchlog.models import Watch, WatchlistEntry

pytestmark = pytest.mark.django_db

IMPORT = reverse("portability:import")


def download_url(export) -> str:
    return reverse("portability:export-download", args=[export.pk])


@pytest.fixture
def lost(db):
    return make_film(title="Lost in Translation", year=2003, slug="lost-in-translation-2003")


@pytest.fixture
def reader_client(client, user):
    client.force_login(user)
    return client


def upload(client, *files):
    return client.post(IMPORT, {"files": list(files)})


def preview_of(client, *files) -> ImportJob:
    response = upload(client, *files)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def test_the_import_page_needs_a_signed_in_reader(client):
    response = client.get(IMPORT)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_preview_lists_each_row_with_its_film_rating_and_problem_and_writes_nothing(reader_client, user, film):
    job = preview_of(reader_client, zip_file({"reviews.csv": REVIEWS, "ratings.csv": RATINGS, "profile.csv": "x"}))
    page = reader_client.get(job.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200 and job.state == ImportJob.State.PREVIEW
    assert "3 rows" in html and "<strong>2</strong> matched a film" in html
    assert html.count(f'<a href="{film.get_absolute_url()}">Her (2013)</a>') == 2  # "her" matched, ignoring case
    assert "4.5★ → 9/10" in html
    assert "Not imported: No film “Solaris (1972)” in ReviewHub&#x27;s catalogue yet" in html
    assert "https://boxd.it/abc" in html
    assert "4½★ = 9/10" in html  # the rule is shown
    assert not Review.objects.exists() and not UnmatchedFilm.objects.exists()


def test_confirming_imports_reviews_ratings_watches_and_reports_with_a_failed_rows_file(
    reader_client, user, film, lost
):
    job = preview_of(
        reader_client,
        csv_file("reviews.csv", REVIEWS),
        csv_file("ratings.csv", RATINGS),
        csv_file("diary.csv", DIARY),
        csv_file("watchlist.csv", WATCHLIST),
    )
    response = reader_client.post(reverse("portability:import-confirm", args=[job.pk]), follow=True)
    html = response.content.decode()
    assert "Import finished" in html
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and job.processed == job.total == 6
    assert job.counts == {"created": 4, "updated": 0, "skipped": 1, "failed": 1}

    review = Review.objects.get(author=user)
    assert (review.film, review.rating, review.body, review.title) == (film, 9, "Tender.\n\nAnd strange.", "Her (2013)")
    assert review.created_at.date().isoformat() == "2024-01-06" and review.status == Status.APPROVED
    stats = FilmReviewStats.objects.get(film=film)
    assert (stats.rating_count, stats.ratings_9) == (1, 1)
    assert sorted(Watch.objects.filter(user=user).values_list("watched_on", "rewatch")) == [
        (review.created_at.date().replace(day=4), False),
        (review.created_at.date().replace(month=1, day=31), True),
    ]
    assert list(WatchlistEntry.objects.filter(user=user).values_list("film", flat=True)) == [lost.pk]
    assert list(UnmatchedFilm.objects.values_list("title", "year")) == [("Solaris", 1972)]
    assert "Already rated the same here." in html  # ratings.csv after reviews.csv

    failed = reader_client.get(reverse("portability:import-failed-rows", args=[job.pk]))
    assert failed["Content-Type"].startswith("text/csv") and "attachment" in failed["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(failed.content.decode())))
    assert [(r["File"], r["Name"], r["Year"], r["Review"]) for r in rows] == [
        ("reviews.csv", "Solaris", "1972", "A film we do not have.")
    ]
    assert rows[0]["Problem"].startswith("No film “Solaris (1972)”")


def test_the_failed_rows_file_imports_again_once_the_film_exists(reader_client, user, film):
    job = preview_of(reader_client, csv_file("reviews.csv", REVIEWS))
    reader_client.post(reverse("portability:import-confirm", args=[job.pk]))
    failed = reader_client.get(reverse("portability:import-failed-rows", args=[job.pk])).content
    solaris = make_film(title="Solaris", year=1972)

    again = preview_of(reader_client, csv_file("reviewhub-import-failed-rows.csv", failed.decode()))
    reader_client.post(reverse("portability:import-confirm", args=[again.pk]))
    again.refresh_from_db()
    assert again.counts["created"] == 1 and again.failed_rows == []
    assert Review.objects.get(author=user, film=solaris).rating == 10


def test_importing_the_same_files_twice_duplicates_nothing(reader_client, user, film, lost):
    files = {"reviews.csv": REVIEWS, "ratings.csv": RATINGS, "diary.csv": DIARY, "watchlist.csv": WATCHLIST}
    for _attempt in range(2):
        job = preview_of(reader_client, zip_file(files))
        reader_client.post(reverse("portability:import-confirm", args=[job.pk]))
        job.refresh_from_db()
    assert job.counts == {"created": 0, "updated": 0, "skipped": 5, "failed": 1}
    assert Review.objects.filter(author=user).count() == 1
    assert Watch.objects.filter(user=user).count() == 2
    assert WatchlistEntry.objects.filter(user=user).count() == 1
    assert FilmReviewStats.objects.get(film=film).rating_count == 1
    assert UnmatchedFilm.objects.get().requested_by.count() == 1


def test_an_existing_review_is_kept_and_a_bare_rating_fills_only_a_missing_one(reader_client, user, film):
    mine = make_review(film=film, author=user, rating=None, body="Written here.")
    job = preview_of(reader_client, csv_file("reviews.csv", REVIEWS), csv_file("ratings.csv", RATINGS))
    reader_client.post(reverse("portability:import-confirm", args=[job.pk]))
    mine.refresh_from_db()
    assert (mine.body, mine.rating) == ("Written here.", 9)
    job.refresh_from_db()
    assert job.counts["updated"] == 1


def test_a_rating_without_a_review_is_skipped_with_the_reason(reader_client, user, film):
    job = preview_of(reader_client, csv_file("ratings.csv", RATINGS))
    response = reader_client.post(reverse("portability:import-confirm", args=[job.pk]), follow=True)
    assert "ReviewHub keeps ratings with reviews" in response.content.decode()
    assert not Review.objects.exists()


def test_imported_reviews_meet_the_same_word_list_rules(reader_client, user, film):
    WordListEntry.objects.create(word="strange", kind=WordListEntry.Kind.MODERATE)
    job = preview_of(reader_client, csv_file("reviews.csv", REVIEWS))
    reader_client.post(reverse("portability:import-confirm", args=[job.pk]))
    assert Review.objects.get(author=user).status == Status.PENDING
    assert FilmReviewStats.objects.filter(film=film, rating_count__gt=0).count() == 0


def test_formula_cells_are_stored_as_text_and_escaped_again_on_export(reader_client, user, film):
    evil = "=cmd|' /C calc'!A0"
    header = "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
    job = preview_of(reader_client, csv_file("reviews.csv", f'{header}2024-01-06,Her,2013,,4,,"{evil}",,\n'))
    reader_client.post(reverse("portability:import-confirm", args=[job.pk]))
    assert Review.objects.get(author=user).body == evil

    reader_client.post(reverse("portability:export"))
    export = DataExport.objects.get(user=user)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(reader_client.get(download_url(export)).streaming_content)))
    rows = list(csv.DictReader(io.StringIO(archive.read("reviews.csv").decode())))
    assert rows[0]["Review"] == "'" + evil


def test_a_second_confirm_does_not_run_the_import_again(reader_client, user, film):
    job = preview_of(reader_client, csv_file("diary.csv", DIARY))
    url = reverse("portability:import-confirm", args=[job.pk])
    reader_client.post(url)
    reader_client.post(url)
    assert Watch.objects.filter(user=user).count() == 2


def test_cancel_drops_the_preview(reader_client, user, film):
    job = preview_of(reader_client, csv_file("diary.csv", DIARY))
    reader_client.post(reverse("portability:import-cancel", args=[job.pk]))
    assert not ImportJob.objects.exists() and not Watch.objects.exists()


def test_another_reader_cannot_see_confirm_or_download_an_import(client, user, film):
    client.force_login(user)
    job = preview_of(client, csv_file("diary.csv", DIARY))
    client.force_login(make_user())
    for name in ("portability:import-detail", "portability:import-failed-rows"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("portability:import-confirm", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.state == ImportJob.State.PREVIEW


@pytest.mark.parametrize("rows", [1, 150])
def test_the_preview_page_runs_a_constant_number_of_queries(reader_client, film, rows, django_assert_max_num_queries):
    body = "Date,Name,Year,Letterboxd URI,Rating\n" + "2024-01-05,Her,2013,,4\n" * rows
    job = preview_of(reader_client, csv_file("ratings.csv", body))
    with django_assert_max_num_queries(4):
        response = reader_client.get(job.get_absolute_url())
    assert response.status_code == 200 and "Her (2013)" in response.content.decode()


def test_watched_rows_add_a_watch_only_for_films_not_yet_in_the_diary(reader_client, user, film, lost):
    watched = "Date,Name,Year,Letterboxd URI\n2023-05-01,Her,2013,\n2023-06-01,Lost in Translation,2003,\n"
    Watch.objects.create(user=user, film=film, watched_on="2022-01-01")
    WatchlistEntry.objects.create(user=user, film=lost)
    job = preview_of(reader_client, csv_file("watched.csv", watched))
    reader_client.post(reverse("portability:import-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.counts == {"created": 1, "updated": 0, "skipped": 1, "failed": 0}
    assert Watch.objects.get(user=user, film=lost).watched_on.isoformat() == "2023-06-01"
    assert not WatchlistEntry.objects.exists()  # a watched film leaves the watchlist


def test_a_title_shared_by_two_films_needs_the_year(reader_client, user, film):
    make_film(title="Her", year=1990, slug="her-1990")
    text = "Date,Name,Year,Letterboxd URI\n2024-01-08,Her,,\n2024-01-08,Her,1990,\n"
    job = preview_of(reader_client, csv_file("watchlist.csv", text))
    assert [row["problem"][:30] for row in job.rows] == ["Several films are called “Her”", ""]
    assert job.rows[1]["film_label"] == "Her (1990)"


def test_letterboxds_own_import_columns_are_read_and_ids_shown(reader_client, film):
    text = "Title,Year,imdbID,tmdbID,Rating\nHer,2013,tt1798709,152601,4\n"
    job = preview_of(reader_client, csv_file("ratings.csv", text))
    html = reader_client.get(job.get_absolute_url()).content.decode()
    assert job.rows[0]["film_id"] == film.pk and job.rows[0]["rating"] == 8
    assert "IMDb tt1798709" in html and "TMDb 152601" in html


@pytest.mark.parametrize("rows", [1, 150])
def test_the_report_and_export_pages_run_a_constant_number_of_queries(
    reader_client, film, rows, django_assert_max_num_queries
):
    body = "Date,Name,Year,Letterboxd URI,Rating\n" + "2024-01-05,Nowhere,2013,,4\n" * rows
    job = preview_of(reader_client, csv_file("ratings.csv", body))
    reader_client.post(reverse("portability:import-confirm", args=[job.pk]))
    with django_assert_max_num_queries(4):
        response = reader_client.get(job.get_absolute_url())
    assert "Import finished" in response.content.decode()
    with django_assert_max_num_queries(4):
        assert "Prepare my archive" in reader_client.get(reverse("portability:export")).content.decode()
    with django_assert_max_num_queries(5):
        assert "Your recent imports" in reader_client.get(IMPORT).content.decode()


def test_the_report_says_which_imported_reviews_wait_for_a_moderator(reader_client, user, film):
    WordListEntry.objects.create(word="strange", kind=WordListEntry.Kind.MODERATE)
    job = preview_of(reader_client, csv_file("reviews.csv", REVIEWS))
    html = reader_client.post(reverse("portability:import-confirm", args=[job.pk]), follow=True).content.decode()
    assert "Held for moderation: moderation word “strange”" in html


def test_old_imports_and_unconfirmed_previews_are_purged(reader_client, user, film):
    done = preview_of(reader_client, csv_file("diary.csv", DIARY))
    reader_client.post(reverse("portability:import-confirm", args=[done.pk]))
    recent = preview_of(reader_client, csv_file("ratings.csv", RATINGS))
    ImportJob.objects.filter(pk=done.pk).update(finished_at=timezone.now() - timedelta(days=8))
    out = io.StringIO()
    call_command("purge_expired_exports", stdout=out)
    assert "Deleted 1 old import." in out.getvalue()
    assert list(ImportJob.objects.values_list("pk", flat=True)) == [recent.pk]
    ImportJob.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=2))
    call_command("purge_expired_exports", stdout=out)
    assert not ImportJob.objects.exists() and Watch.objects.count() == 2


@pytest.mark.django_db
def test_a_film_to_add_is_listed_once_per_title_and_year_even_without_a_year():
    UnmatchedFilm.objects.create(title="Solaris", year=None)
    UnmatchedFilm.objects.create(title="Solaris", year=1972)
    with pytest.raises(IntegrityError), transaction.atomic():
        UnmatchedFilm.objects.create(title="SOLARIS", year=None)
    assert UnmatchedFilm.objects.count() == 2
