"""Send the daily notification digests; run once a day from cron. Running it twice sends nothing more."""

from django.core.management.base import BaseCommand

from notifications.mail import digests_send


class Command(BaseCommand):
    help = "Send each reader's daily digest of unread notifications not mailed yet (safe to run twice)."

    def handle(self, *args, **options) -> None:
        sent = digests_send()
        self.stdout.write(f"{sent} digest{'s' if sent != 1 else ''} sent.")
