"""Writes for import and export: request an export, preview and confirm an import, tidy expired archives."""

from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from portability import tasks
from portability.letterboxd import FILE_NAMES, match_films, read_rows, row_dicts
from portability.models import DataExport, ImportJob
from portability.storage import export_storage
from portability.uploads import BadFile, TextFile, check_size, decode_text, read_limited, zip_members
from reviewhub import ratelimit


def export_delete(*, export: DataExport) -> None:
    if export.file_name:
        export_storage().delete(export.file_name)
    export.delete()


def export_request(*, user) -> DataExport:
    """Start a new archive of the account (rate-limited); earlier archives go, one in preparation is reused."""
    pending = DataExport.objects.filter(user=user, state=DataExport.State.PENDING).first()
    if pending is not None:
        return pending
    ratelimit.hit("data_export", str(user.pk))
    for old in DataExport.objects.filter(user=user):
        export_delete(export=old)
    export = DataExport.objects.create(user=user)
    # Inline with the default backend; a worker's copy of the task row commits with the export row.
    tasks.build_export.enqueue(export.pk)
    export.refresh_from_db()
    return export


def export_purge_expired() -> int:
    """Delete expired archives and their files, and files whose row went with a deleted account.

    `manage.py purge_expired_exports` runs it (daily, from cron); a download attempt deletes an expired one too.
    """
    expired = DataExport.objects.filter(expires_at__lte=timezone.now())
    count = 0
    for export in expired:
        export_delete(export=export)
        count += 1
    storage = export_storage()
    if storage.exists(""):
        known = set(DataExport.objects.exclude(file_name="").values_list("file_name", flat=True))
        for folder in storage.listdir("")[0]:
            for name in storage.listdir(folder)[1]:
                if f"{folder}/{name}" not in known:
                    storage.delete(f"{folder}/{name}")
    return count


def import_jobs_purge() -> int:
    """Forget imports (their rows and failed-rows file) finished REVIEWHUB_EXPORT_DAYS ago, and stale previews."""
    now = timezone.now()
    finished = ImportJob.objects.filter(finished_at__lte=now - timedelta(days=settings.REVIEWHUB_EXPORT_DAYS))
    stale = ImportJob.objects.filter(state=ImportJob.State.PREVIEW, created_at__lte=now - timedelta(days=1))
    return finished.delete()[0] + stale.delete()[0]


def read_letterboxd_uploads(uploads: Sequence[UploadedFile]) -> list[TextFile]:
    """The CSV files of the upload (a Letterboxd export zip, or its CSV files), within the size limits."""
    limit = settings.REVIEWHUB_IMPORT_MAX_BYTES
    check_size("The upload", sum(upload.size or 0 for upload in uploads), limit)
    files: list[TextFile] = []
    for upload in uploads:
        name = upload.name or "upload"
        check_size(name, upload.size or 0, limit)
        if name.lower().endswith(".zip"):
            files.extend(zip_members(upload, name=name, wanted=FILE_NAMES))
        elif name.lower().endswith(".csv"):
            upload.seek(0)
            files.append(TextFile(name, decode_text(name, read_limited(upload, name=name, limit=limit))))
        else:
            raise BadFile(f"{name} is neither a zip nor a CSV file: upload Letterboxd's export zip or its CSV files.")
    return files


@transaction.atomic
def import_preview_create(*, user, uploads: Sequence[UploadedFile]) -> ImportJob:
    """Read and match the upload; store only the pending job (BadFile refuses the whole upload)."""
    ratelimit.hit("data_import", str(user.pk))
    rows = read_rows(read_letterboxd_uploads(uploads))
    if not rows:
        raise BadFile("The files have no rows to import.")
    match_films(rows)
    ImportJob.objects.filter(user=user, state=ImportJob.State.PREVIEW).delete()
    names = ", ".join(upload.name or "upload" for upload in uploads)
    return ImportJob.objects.create(user=user, source_name=names[:200], rows=row_dicts(rows), total=len(rows))


def import_confirm(*, job: ImportJob) -> ImportJob:
    """Queue a previewed job once (a second click changes nothing) and start it."""
    with transaction.atomic():
        queued = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.PREVIEW).update(state=ImportJob.State.QUEUED)
    if queued:
        tasks.run_import.enqueue(job.pk)
    job.refresh_from_db()
    return job


def import_cancel(*, job: ImportJob) -> bool:
    """Drop a preview that was not confirmed."""
    deleted, _ = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.PREVIEW).delete()
    return bool(deleted)
