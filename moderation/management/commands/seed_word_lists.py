"""Copy the word lists from settings into the admin table, which is the only list the rules read."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from moderation.models import WordListEntry

SOURCES = {
    WordListEntry.Kind.MODERATE: "REVIEWHUB_MODERATION_WORDS",
    WordListEntry.Kind.DISALLOW: "REVIEWHUB_DISALLOWED_WORDS",
}


class Command(BaseCommand):
    help = (
        "Add the words of REVIEWHUB_MODERATION_WORDS and REVIEWHUB_DISALLOWED_WORDS to the admin word lists. "
        "Words already there are left alone, so running it again adds nothing."
    )

    def handle(self, *args, **options):
        max_length = WordListEntry._meta.get_field("word").max_length
        added = []
        with transaction.atomic():
            for kind, setting in SOURCES.items():
                for word in sorted({w.strip().lower() for w in getattr(settings, setting) if w.strip()}):
                    if len(word) > max_length:
                        raise CommandError(f"{setting}: “{word}” is longer than {max_length} characters.")
                    _, created = WordListEntry.objects.get_or_create(word=word, kind=kind)
                    if created:
                        added.append(f"{word} ({kind.label})")
        self.stdout.write(f"Word lists: {len(added)} added" + (f": {', '.join(added)}." if added else "."))
