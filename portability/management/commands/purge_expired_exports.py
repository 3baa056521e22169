from django.core.management.base import BaseCommand

from portability.services import export_purge_expired


class Command(BaseCommand):
    help = "Delete data-export archives past REVIEWHUB_EXPORT_DAYS (run it daily, e.g. from cron)."

    def handle(self, *args, **options) -> None:
        count = export_purge_expired()
        self.stdout.write(f"Deleted {count} expired archive{'s' if count != 1 else ''}.")
