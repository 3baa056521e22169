from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from films.models import Film
from portability.uploads import BadFile, check_size
from portability.wordpress import wordpress_import


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts become reviews, approved comments their threads."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="The .xml file from WordPress's Tools → Export.")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--film", metavar="SLUG", help="Every post reviews this film.")
        target.add_argument(
            "--match-titles", action="store_true", help='Match each post\'s title ("Her (2013)") to a film.'
        )

    def handle(self, *args, file: Path, film: str | None, match_titles: bool, **options) -> None:
        target = None
        if film:
            target = Film.objects.filter(slug=film).first()
            if target is None:
                raise CommandError(f"No film with the slug {film}.")
        try:
            check_size(file.name, file.stat().st_size, settings.REVIEWHUB_WXR_MAX_BYTES)
            result = wordpress_import(
                data=file.read_bytes(), file_name=file.name, film=target, match_titles=match_titles
            )
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except BadFile as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Imported {result.blog_name or result.blog_url}:")
        for label, count in sorted(result.report["counts"].items()):
            self.stdout.write(f"  {label}: {count}")
        for note in result.report["notes"]:
            self.stdout.write(f"  - {note}")
