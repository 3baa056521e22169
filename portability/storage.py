"""Where export archives live: a folder outside MEDIA_ROOT that no web server serves; only a view hands them out."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def export_storage() -> FileSystemStorage:
    # Built per call so a changed setting (tests, a deployment's env) is honoured.
    return FileSystemStorage(location=settings.REVIEWHUB_PRIVATE_ROOT / "exports")
