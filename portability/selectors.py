"""Reads for the import and export pages and for the settings page's section."""

from django.conf import settings

from portability.models import DataExport, ImportJob


def latest_export(*, user) -> DataExport | None:
    return DataExport.objects.filter(user=user).first()


def recent_imports(*, user, limit: int = 5) -> list[ImportJob]:
    """The reader's latest imports, without their rows (which can be large)."""
    return list(ImportJob.objects.filter(user=user).defer("rows", "failed_rows")[:limit])


def settings_section(*, user) -> dict:
    """The settings page's "Your data" section (templates/portability/_settings_section.html)."""
    return {
        "export": latest_export(user=user),
        "imports": recent_imports(user=user, limit=3),
        "days": settings.REVIEWHUB_EXPORT_DAYS,
    }
