from django.core.management.base import BaseCommand

from portability.services import export_purge_expired, import_jobs_purge


class Command(BaseCommand):
    help = (
        "Delete data-export archives past REVIEWHUB_EXPORT_DAYS, imports finished that long ago and previews "
        "never confirmed (run it daily, e.g. from cron)."
    )

    def handle(self, *args, **options) -> None:
        count = export_purge_expired()
        self.stdout.write(f"Deleted {count} expired archive{'s' if count != 1 else ''}.")
        jobs = import_jobs_purge()
        self.stdout.write(f"Deleted {jobs} old import{'s' if jobs != 1 else ''}.")
