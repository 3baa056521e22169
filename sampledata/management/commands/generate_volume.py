"""python manage.py generate_volume — realistic films, readers, reviews, threads, votes and reports."""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from films.models import Film
from reviews.models import Review
from sampledata.volume import VolumeSpec, generate


class Command(BaseCommand):
    help = (
        "Generate realistic volume, the same for the same --seed: films with credits and genres, readers, "
        "reviews with a real-world rating spread, threaded discussions, helpful votes and reports. "
        "Use --film to add reviews to one film, --review to put a whole thread on one review."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--films", type=int, default=20, help="New films to create (default 20).")
        parser.add_argument("--users", type=int, default=100, help="Generated readers to have at least (default 100).")
        parser.add_argument("--reviews-per-film", type=int, default=10, help="Reviews on each film (default 10).")
        parser.add_argument(
            "--comments", type=int, default=200, help="Comments, spread over the new reviews (default 200)."
        )
        parser.add_argument("--votes-per-review", type=int, default=4, help="Average helpful votes (default 4).")
        parser.add_argument("--reports", type=int, default=20, help="Reports on reviews and comments (default 20).")
        parser.add_argument("--hidden-share", type=float, default=0.02, help="Share held or deleted (default 0.02).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed writes the same data.")
        parser.add_argument("--film", metavar="SLUG", help="Put the reviews on this existing film instead.")
        parser.add_argument("--review", metavar="ID", type=int, help="Put all the comments on this existing review.")

    def handle(self, *args, **options) -> None:
        for name in ("films", "users", "reviews_per_film", "comments", "votes_per_review", "reports"):
            if options[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')} cannot be negative.")
        if not 0 <= options["hidden_share"] <= 1:
            raise CommandError("--hidden-share is a share between 0 and 1.")
        spec = VolumeSpec(
            films=options["films"],
            users=options["users"],
            reviews_per_film=options["reviews_per_film"],
            comments=options["comments"],
            votes_per_review=options["votes_per_review"],
            reports=options["reports"],
            hidden_share=options["hidden_share"],
            seed=options["seed"],
        )
        if options["film"]:
            spec.film = Film.objects.filter(slug=options["film"]).first()
            if spec.film is None:
                raise CommandError(f"No film with the slug {options['film']!r}.")
        if options["review"] is not None:
            spec.review = Review.objects.filter(pk=options["review"]).first()
            if spec.review is None:
                raise CommandError(f"No review with the id {options['review']}.")

        started = time.perf_counter()
        try:
            result = generate(spec)
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started

        self.stdout.write(
            self.style.SUCCESS(
                f"Generated in {elapsed:.1f} s: {len(result.films)} films, {len(result.reviews)} reviews, "
                f"{result.comments} comments, {result.votes} votes, {result.reports} reports "
                f"({result.users} generated readers in all)."
            )
        )
        for film in result.films[:5]:
            self.stdout.write(f"  film {film.get_absolute_url()}")
        busiest = sorted(result.comments_by_review.items(), key=lambda item: -item[1])[:5]
        for review_id, count in busiest:
            url = reverse("comments:review", kwargs={"pk": review_id})
            self.stdout.write(f"  review {url} has {count} new comments")
