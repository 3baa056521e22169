"""Bad uploads are refused with a clear message, and nothing is stored: not even a preview."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from portability.models import ImportJob
from portability.tests.helpers import RATINGS, csv_file, zip_file
from reviews.models import Review

pytestmark = pytest.mark.django_db

IMPORT = reverse("portability:import")


@pytest.fixture
def reader_client(client, user, film):
    client.force_login(user)
    return client


def refused(client, *files, status=400) -> str:
    response = client.post(IMPORT, {"files": list(files)})
    assert response.status_code == status
    assert not ImportJob.objects.exists() and not Review.objects.exists()
    html = response.content.decode()
    assert 'id="id_files"' in html  # the form is shown again, the message beside the field
    return html


def test_a_file_that_is_not_a_zip_is_refused(reader_client):
    html = refused(reader_client, SimpleUploadedFile("export.zip", b"PK? no, just text"))
    assert "export.zip is not a zip file." in html


def test_a_file_of_another_kind_is_refused(reader_client):
    html = refused(reader_client, SimpleUploadedFile("ratings.xlsx", b"\x50\x4b\x03\x04"))
    assert "ratings.xlsx is neither a zip nor a CSV file" in html


def test_wrong_columns_are_refused_naming_letterboxds(reader_client):
    html = refused(reader_client, csv_file("ratings.csv", "Film,Stars\nHer,4.5\n"))
    assert "ratings.csv has no Name or Rating column; Letterboxd&#x27;s columns are Date, Name, Year" in html


def test_a_zip_without_letterboxd_files_is_refused(reader_client):
    html = refused(reader_client, zip_file({"notes.txt": "hello", "deleted/ratings.csv": RATINGS}))
    assert "holds none of diary.csv, ratings.csv, reviews.csv, watched.csv, watchlist.csv" in html


def test_a_csv_that_is_not_utf8_is_refused(reader_client):
    latin1 = "Date,Name,Year,Review\n2024-01-01,Amélie,2001,Très bien\n".encode("latin-1")
    upload = SimpleUploadedFile("reviews.csv", latin1)
    assert "is not UTF-8 text" in refused(reader_client, upload)


def test_an_unnamed_csv_is_refused_with_the_names_to_use(reader_client):
    assert "name the file after the Letterboxd file" in refused(reader_client, csv_file("export.csv", RATINGS))


def test_one_bad_file_refuses_the_whole_upload(reader_client):
    html = refused(reader_client, csv_file("ratings.csv", RATINGS), csv_file("diary.csv", "Movie\nHer\n"))
    assert "diary.csv has no Name column" in html


def test_an_upload_over_the_limit_is_refused(reader_client, settings):
    settings.REVIEWHUB_IMPORT_MAX_BYTES = 1024
    html = refused(reader_client, csv_file("ratings.csv", RATINGS + "2024-01-05,Her,2013,,4\n" * 100))
    assert "files of at most 1.0\xa0KB are accepted" in html


def test_too_many_rows_are_refused(reader_client, settings):
    settings.REVIEWHUB_IMPORT_MAX_ROWS = 10
    assert "more than 10 rows" in refused(reader_client, csv_file("ratings.csv", RATINGS * 11))


def _bomb(size_mb: int) -> bytes:
    """A zip whose ratings.csv unpacks to `size_mb` MB, written in chunks so no big buffer is ever held."""
    out = io.BytesIO()
    chunk = b"2024-01-05,Her,2013,,4\n" * (1024 * 1024 // 23)
    with (
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("ratings.csv", "w", force_zip64=True) as member,
    ):
        member.write(RATINGS.encode())
        for _ in range(size_mb):
            member.write(chunk)
    return out.getvalue()


def test_a_100_mb_zip_bomb_is_refused_before_extracting(reader_client):
    bomb = _bomb(100)
    assert len(bomb) < 1024 * 1024  # small on the wire
    html = refused(reader_client, SimpleUploadedFile("letterboxd.zip", bomb))
    assert "letterboxd.zip would unpack to 100.0\xa0MB; at most 50.0\xa0MB is accepted." in html


def test_a_member_compressed_too_far_is_refused_whatever_its_size(reader_client, settings):
    settings.REVIEWHUB_IMPORT_MAX_UNCOMPRESSED_BYTES = 10 * 1024 * 1024
    html = refused(reader_client, SimpleUploadedFile("letterboxd.zip", _bomb(2)))
    assert "looks like a zip bomb" in html


def test_a_damaged_zip_is_refused(reader_client):
    damaged = zip_file({"ratings.csv": RATINGS * 50}).read()
    html = refused(reader_client, SimpleUploadedFile("letterboxd.zip", damaged[:-120] + b"\0" * 120))
    assert "letterboxd.zip is" in html


def test_bad_cells_are_row_problems_not_crashes(reader_client):
    text = (
        "Date,Name,Year,Letterboxd URI,Rating\nyesterday,Her,2013,,4\n2024-01-01,Her,20x3,,4\n2024-01-01,Her,2013,,7\n"
    )
    response = reader_client.post(IMPORT, {"files": [csv_file("ratings.csv", text)]}, follow=True)
    html = response.content.decode()
    assert "Date “yesterday” is not a date like 2024-01-31." in html
    assert "Year “20x3” is not a film year." in html
    assert "“7” is outside 0.5 to 5 stars." in html


def test_a_100_mb_upload_is_refused_from_its_length_without_reading_it(user, film):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    # The body is small, but the request says 100 MB: the view must answer before reading a byte of it
    # (the test client's payload refuses reads past its real length).
    response = client.post(IMPORT, {"files": [csv_file("ratings.csv", RATINGS)]}, CONTENT_LENGTH=str(100 * 1024 * 1024))
    assert response.status_code == 413
    html = response.content.decode()
    assert "The upload is 100.0\xa0MB; files of at most 10.0\xa0MB are accepted." in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert not ImportJob.objects.exists()


def test_an_upload_within_the_limit_still_needs_the_csrf_token(user, film):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(IMPORT, {"files": [csv_file("ratings.csv", RATINGS)]})
    assert response.status_code == 403 and not ImportJob.objects.exists()
