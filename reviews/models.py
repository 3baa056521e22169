from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from films.models import Film
from moderation.models import ModeratedContent, Status

VERDICTS = {
    1: "Awful",
    2: "Terrible",
    3: "Bad",
    4: "Poor",
    5: "Mediocre",
    6: "Fair",
    7: "Decent",
    8: "Good",
    9: "Great",
    10: "Masterpiece",
}


def verdict_for(rating: float | None) -> str:
    """The verdict word for a rating or an average (seed 001: 8 is "Good")."""
    if rating is None:
        return ""
    return VERDICTS[min(10, max(1, int(rating + 0.5)))]


def verdict_bands() -> list[tuple[float, float, str]]:
    """(lowest, highest, word) for each verdict over the averages a page shows (one decimal), read off verdict_for."""
    bands: list[tuple[float, float, str]] = []
    for tenths in range(10, 101):
        average = tenths / 10
        word = verdict_for(average)
        if bands and bands[-1][2] == word:
            bands[-1] = (bands[-1][0], average, word)
        else:
            bands.append((average, average, word))
    return bands


class ReviewQuerySet(models.QuerySet):
    def visible(self) -> "ReviewQuerySet":
        """What readers may see: approved and not deleted by its author."""
        return self.filter(status=Status.APPROVED, deleted_at__isnull=True)

    def visible_to(self, user) -> "ReviewQuerySet":
        """Readers see visible reviews; an author also sees their own held ones."""
        if user is not None and user.is_authenticated:
            return self.filter(deleted_at__isnull=True).filter(Q(status=Status.APPROVED) | Q(author=user))
        return self.visible()

    def rated(self) -> "ReviewQuerySet":
        return self.filter(rating__isnull=False)


class Review(ModeratedContent):
    film = models.ForeignKey(Film, on_delete=models.PROTECT, related_name="reviews")
    # PROTECT: deleting an account must never take others' comments (and their votes) with its reviews.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    title = models.CharField(max_length=settings.REVIEWHUB_REVIEW_TITLE_MAX_LENGTH)
    body = models.TextField(
        max_length=settings.REVIEWHUB_REVIEW_MAX_LENGTH,
        validators=[MaxLengthValidator(settings.REVIEWHUB_REVIEW_MAX_LENGTH)],
    )
    rating = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Whole number from 1 to 10, or empty for an unrated review.",
    )
    contains_spoilers = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Helpful votes, kept in step by reviews.services in the vote's transaction
    # so "most helpful" sorts in SQL without aggregating votes per request.
    helpful_yes = models.PositiveIntegerField(default=0)
    helpful_total = models.PositiveIntegerField(default=0)
    helpful_score = models.FloatField(default=0.0, help_text="Wilson lower bound of the 'yes' share.")
    # Provenance of imported reviews (the Her seeds come from blog posts).
    imported_from = models.CharField(max_length=200, blank=True)
    imported_author_name = models.CharField(max_length=200, blank=True)
    imported_site = models.CharField(max_length=200, blank=True, help_text="The blog it came from, by name.")
    # Whether the film's score counts this rating: kept by the database from the film's ScoreProtection,
    # the author's age and watches (reviews/counts.py: RATING_COUNTED); what is written here is recomputed.
    counted = models.BooleanField(default=True, editable=False)
    # The author's joining date when the review was written: the account-age rule reads it here, so the
    # triggers never name the user table (a SQLite rebuild of a table that a trigger names fails).
    author_joined_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("moderate_review", "Can moderate reviews")]
        constraints = [
            # One live review per author and film; a deleted one stays as it was, with its discussion.
            models.UniqueConstraint(
                fields=["author", "film"],
                condition=Q(deleted_at__isnull=True),
                name="reviews_review_one_live_per_author_film",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=10),
                name="reviews_review_rating_1_10",
            ),
            models.CheckConstraint(
                condition=Q(helpful_yes__lte=models.F("helpful_total")),
                name="reviews_review_helpful_yes_le_total",
            ),
        ]
        indexes = [
            models.Index(fields=["film", "-created_at"], name="review_film_recent_idx"),
            models.Index(fields=["film", "-rating"], name="review_film_rating_idx"),
            models.Index(fields=["film", "-helpful_score"], name="review_film_helpful_idx"),
            models.Index(fields=["status", "-created_at"], name="review_status_recent_idx"),
            models.Index(fields=["author", "-created_at"], name="review_author_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("comments:review", kwargs={"pk": self.pk})

    @property
    def verdict(self) -> str:
        return verdict_for(self.rating)


class HelpfulVote(models.Model):
    """'Was this review helpful?' One per reader per review, never on one's own (a trigger enforces it)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpful_votes")
    is_helpful = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["review", "voter"], name="reviews_helpfulvote_one_per_voter"),
        ]

    def __str__(self) -> str:
        return f"{self.voter} found {self.review_id} {'helpful' if self.is_helpful else 'not helpful'}"


RATINGS = range(1, 11)


def _histogram_constraints(prefix: str) -> list[models.CheckConstraint]:
    """The counters must agree with each other: a wrong trigger fails loudly instead of drifting."""
    return [
        models.CheckConstraint(
            condition=Q(rating_count=sum((models.F(f"ratings_{n}") for n in RATINGS[1:]), models.F("ratings_1"))),
            name=f"{prefix}_rating_count_is_histogram_sum",
        ),
        models.CheckConstraint(
            condition=Q(rating_total=sum((n * models.F(f"ratings_{n}") for n in RATINGS[1:]), models.F("ratings_1"))),
            name=f"{prefix}_rating_total_is_histogram_total",
        ),
    ]


class RatingHistogram(models.Model):
    """Visible reviews, ratings, their total and how many gave 1, 2, ... 10: kept by triggers, never aggregated."""

    review_count = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    rating_total = models.PositiveIntegerField(default=0)
    ratings_1 = models.PositiveIntegerField(default=0)
    ratings_2 = models.PositiveIntegerField(default=0)
    ratings_3 = models.PositiveIntegerField(default=0)
    ratings_4 = models.PositiveIntegerField(default=0)
    ratings_5 = models.PositiveIntegerField(default=0)
    ratings_6 = models.PositiveIntegerField(default=0)
    ratings_7 = models.PositiveIntegerField(default=0)
    ratings_8 = models.PositiveIntegerField(default=0)
    ratings_9 = models.PositiveIntegerField(default=0)
    ratings_10 = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def histogram(self) -> list[int]:
        """How many visible reviews gave 1, 2, ... 10."""
        return [getattr(self, f"ratings_{n}") for n in RATINGS]

    @property
    def average(self) -> float | None:
        return self.rating_total / self.rating_count if self.rating_count else None


class FilmReviewStats(RatingHistogram):
    """A film's visible reviews and counted ratings, kept by triggers (reviews/counts.py) so pages need not aggregate.

    The ratings, their total and histogram are the counted ones (Review.counted); ratings a score
    protection leaves out are shown on their reviews and only counted here in uncounted_count.
    """

    film = models.OneToOneField(Film, primary_key=True, on_delete=models.CASCADE, related_name="review_stats")
    uncounted_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "film review statistics"
        verbose_name_plural = "film review statistics"
        constraints = [
            *_histogram_constraints("reviews_filmreviewstats"),
            models.CheckConstraint(
                condition=Q(review_count__gte=models.F("rating_count") + models.F("uncounted_count")),
                name="reviews_filmreviewstats_rated_within_reviews",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.film_id}: {self.review_count} reviews, {self.rating_count} ratings"


class ReviewerStats(RatingHistogram):
    """A reviewer's visible reviews and every rating in them, kept by triggers: calibration and the profile read it."""

    author = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="rating_stats"
    )

    class Meta:
        verbose_name = "reviewer statistics"
        verbose_name_plural = "reviewer statistics"
        constraints = [
            *_histogram_constraints("reviews_reviewerstats"),
            models.CheckConstraint(
                condition=Q(review_count__gte=models.F("rating_count")),
                name="reviews_reviewerstats_rated_within_reviews",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_id}: {self.review_count} reviews, {self.rating_count} ratings"


class ScoreProtection(models.Model):
    """Staff's switch against a review-bombing wave: which new ratings a film's score leaves out (shown, not counted).

    Ratings are never deleted: the database re-derives Review.counted for the film whenever this changes.
    """

    film = models.OneToOneField(Film, primary_key=True, on_delete=models.CASCADE, related_name="score_protection")
    enabled = models.BooleanField("on", default=True, help_text="Untick to restore the plain score.")
    since = models.DateTimeField(
        "applies to ratings from",
        default=timezone.now,
        help_text="Reviews written from this moment on follow the rules; earlier ones always count.",
    )
    min_account_age_days = models.PositiveSmallIntegerField(
        "minimum account age (days)",
        default=0,
        validators=[MaxValueValidator(3650)],
        help_text="Count a rating only if its account was at least this many days old when the review was "
        "written (0: no minimum).",
    )
    require_watch = models.BooleanField(
        "require a logged watch",
        default=False,
        help_text="Count a rating only if its author has logged a watch of the film.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "score protection"
        verbose_name_plural = "score protections"
        constraints = [
            models.CheckConstraint(
                condition=Q(enabled=False) | Q(min_account_age_days__gt=0) | Q(require_watch=True),
                name="reviews_scoreprotection_on_has_a_rule",
                violation_error_message="Choose a minimum account age, a logged watch or both, or turn protection off.",
            ),
        ]

    def __str__(self) -> str:
        return f"Score protection of {self.film}"

    def get_absolute_url(self) -> str:
        return self.film.get_absolute_url()

    @property
    def excluded(self) -> list[str]:
        """What is left out, in words for the public note: "ratings from accounts under 30 days old", ..."""
        rules = []
        if self.min_account_age_days:
            days = self.min_account_age_days
            rules.append(f"ratings from accounts under {days} day{'s' if days != 1 else ''} old")
        if self.require_watch:
            rules.append("ratings from readers who have not logged a watch of the film")
        return rules
