"""With the database queue (production), a request only enqueues; `db_worker` does the work, the pages follow it."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import make_user
from portability.models import DataExport, ImportJob
from portability.tests.helpers import DIARY, csv_file
from watchlog.models import Watch

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def work() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def test_an_import_waits_for_the_worker_and_the_progress_page_refreshes_until_done(database_queue, client, user, film):
    client.force_login(user)
    preview = client.post(reverse("portability:import"), {"files": [csv_file("diary.csv", DIARY)]})
    job_url = preview["Location"]
    client.post(job_url + "confirm/")
    assert ImportJob.objects.get().state == ImportJob.State.QUEUED and not Watch.objects.exists()
    html = client.get(job_url).content.decode()
    assert 'http-equiv="refresh"' in html and 'max="2" value="0"' in html and "0 of 2 rows imported" in html

    work()
    html = client.get(job_url).content.decode()
    assert "Import finished" in html and 'http-equiv="refresh"' not in html
    assert Watch.objects.filter(user=user).count() == 2


def test_an_export_is_pending_until_the_worker_builds_it(database_queue, client, user):
    client.force_login(user)
    client.post(reverse("portability:export"))
    assert DataExport.objects.get().state == DataExport.State.PENDING
    assert "being prepared" in client.get(reverse("portability:export")).content.decode()
    work()
    assert DataExport.objects.get().state == DataExport.State.READY
    assert "Download your archive" in client.get(reverse("portability:export")).content.decode()


def test_the_progress_page_shows_how_far_a_running_import_is(client, user):
    job = ImportJob.objects.create(user=user, source_name="diary.csv", state=ImportJob.State.RUNNING, total=40)
    ImportJob.objects.filter(pk=job.pk).update(processed=10)
    client.force_login(user)
    html = client.get(job.get_absolute_url()).content.decode()
    assert 'max="40" value="10"' in html and "10 of 40 rows imported" in html and ">25%<" in html


def test_the_status_endpoint_reports_progress_to_the_owner_only(database_queue, client, user, film):
    client.force_login(user)
    job_url = client.post(reverse("portability:import"), {"files": [csv_file("diary.csv", DIARY)]})["Location"]
    client.post(job_url + "confirm/")
    status_url = reverse("portability:import-status", args=[ImportJob.objects.get().pk])
    assert client.get(status_url).json() == {
        "state": "queued",
        "active": True,
        "processed": 0,
        "total": 2,
        "percent": 0,
    }
    work()
    assert client.get(status_url).json()["active"] is False
    client.force_login(make_user())
    assert client.get(status_url).status_code == 404
