"""Reads that gather reviews, ratings and votes for the pages."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import F, FloatField, QuerySet, Sum
from django.db.models.functions import Cast, Coalesce, NullIf

from films.models import Film
from reviewhub.numbers import one_decimal
from reviews.calibration import with_calibration
from reviews.models import RATINGS, FilmReviewStats, Review, ReviewerStats, ScoreProtection, verdict_bands, verdict_for

REVIEW_SORTS = {
    "newest": ("-created_at", "-id"),
    # Unrated reviews sort last both ways (SQLite and PostgreSQL disagree on NULLs otherwise).
    "highest": (F("rating").desc(nulls_last=True), "-created_at", "-id"),
    "lowest": (F("rating").asc(nulls_last=True), "-created_at", "-id"),
    "helpful": ("-helpful_score", "-helpful_total", "-created_at", "-id"),
}


@dataclass
class HistogramBar:
    rating: int
    count: int
    percent: int


@dataclass
class RatingSummary:
    average: float | None
    count: int
    bars: list[HistogramBar] = field(default_factory=list)
    # Visible reviews, rated or not: the film page's review total (rating_summary only).
    review_count: int = 0
    # Visible ratings a score protection leaves out of the average (rating_summary only).
    uncounted: int = 0

    @property
    def verdict(self) -> str:
        return verdict_for(self.average)

    @property
    def verdict_bands(self) -> list[tuple[float, float, str]]:
        return verdict_bands()

    @property
    def ranking_min(self) -> int:
        return settings.REVIEWHUB_RANKING_MIN_RATINGS

    @property
    def ranked(self) -> bool:
        """Whether lists that rank films include this one: enough counted ratings."""
        return self.count >= self.ranking_min


def percentages(counts: list[int]) -> list[int]:
    """Whole percentages that add up to exactly 100 (largest remainder), or all 0."""
    total = sum(counts)
    if total == 0:
        return [0] * len(counts)
    exact = [count * 100 / total for count in counts]
    floors = [int(value) for value in exact]
    by_remainder = sorted(range(len(counts)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in by_remainder[: 100 - sum(floors)]:
        floors[i] += 1
    return floors


def _histogram_row(stats) -> dict:
    """An aggregate-shaped row (average, count, r1..r10) from kept statistics."""
    return {
        "average": Decimal(stats.rating_total) / stats.rating_count if stats.rating_count else None,
        "count": stats.rating_count,
        **{f"r{n}": count for n, count in zip(RATINGS, stats.histogram, strict=True)},
    }


def _summary_from(row: dict) -> RatingSummary:
    """Build a summary from a row holding average, count and r1..r10."""
    counts = [row[f"r{n}"] for n in range(1, 11)]
    bars = [
        HistogramBar(rating=n, count=c, percent=p)
        for n, c, p in zip(range(1, 11), counts, percentages(counts), strict=True)
    ]
    return RatingSummary(average=one_decimal(row["average"]), count=row["count"], bars=bars)


def rating_summary(*, film: Film) -> RatingSummary:
    """Average, count and 1–10 histogram of a film's visible rated reviews, and its visible review total.

    Read from the film's trigger-maintained FilmReviewStats: no query when the film
    was loaded with select_related("review_stats"), one small one otherwise.
    """
    try:
        stats = film.review_stats
    except FilmReviewStats.DoesNotExist:
        stats = FilmReviewStats(film=film)
    summary = _summary_from(_histogram_row(stats))
    summary.review_count = stats.review_count
    summary.uncounted = stats.uncounted_count
    return summary


@dataclass
class ProtectionNote:
    """The public note on a film page: since when, what is left out, how many ratings that is."""

    since: datetime
    excluded: list[str]
    uncounted: int


def protection_note(*, film: Film, uncounted: int) -> ProtectionNote | None:
    """The film's public note when its protection is on; no query for a film loaded with select_related."""
    try:
        protection = film.score_protection
    except ScoreProtection.DoesNotExist:
        return None
    if not protection.enabled:
        return None
    return ProtectionNote(since=protection.since, excluded=protection.excluded, uncounted=uncounted)


def visible_comment_count() -> Coalesce:
    """Each review's visible comments, from its trigger-maintained ReviewCommentStats (one join, no count).

    The stats come through the relation, since reviews sit below comments.
    """
    return Coalesce(F("comment_stats__comment_count"), 0)


def with_review_stats(films: QuerySet[Film]) -> QuerySet[Film]:
    """Films with their trigger-kept FilmReviewStats and score protection joined: the score needs no query."""
    return films.select_related("review_stats", "score_protection")


# What a film page's review card shows (templates/reviews/_review_card.html; the film id for blind mode and
# spoilers); the rest of a review and its author stays in the database.
CARD_FIELDS = ("title", "body", "rating", "contains_spoilers", "created_at", "helpful_yes", "helpful_total")
CARD_FIELDS += ("author", "film")


def reviews_for_film(*, film: Film, sort: str = "newest") -> QuerySet[Review]:
    """A film's visible reviews as cards (author's name, comment count), in a REVIEW_SORTS order."""
    return with_calibration(
        Review.objects.visible()
        .filter(film=film)
        .select_related("author")
        .only(*CARD_FIELDS, "author__username")
        .annotate(comment_count=visible_comment_count())
        .order_by(*REVIEW_SORTS.get(sort, REVIEW_SORTS["newest"]))
    )


def latest_reviews(*, limit: int = 6) -> QuerySet[Review]:
    return with_calibration(
        Review.objects.visible().select_related("author", "film").order_by("-created_at", "-id")[:limit]
    )


def latest_reviews_by(*, authors, limit: int) -> QuerySet[Review]:
    """The latest visible reviews by these authors (ids or a subquery of them), as review cards."""
    return review_cards(Review.objects.visible().filter(author__in=authors)).order_by("-created_at", "-id")[:limit]


def review_cards(queryset: QuerySet[Review]) -> QuerySet[Review]:
    """Reviews with what a review card shows (author, film, comment count, calibration), in the same query."""
    return with_calibration(queryset.select_related("author", "film").annotate(comment_count=visible_comment_count()))


# Best average first, more ratings winning a tie, in the terms of the statistics row so that
# PostgreSQL reads the top films from its rank index (migration 0013) instead of sorting them all.
RANKED_ORDER = (F("avg_rating").desc(nulls_last=True), F("review_stats__rating_count").desc(), "title", "pk")


def ranked(films: QuerySet[Film]) -> QuerySet[Film]:
    """Films annotated by films_with_rating_stats() with enough counted ratings to be ranked, in RANKED_ORDER.

    A film needs at least one rating to have an average to rank by, whatever the setting says.
    """
    minimum = max(1, settings.REVIEWHUB_RANKING_MIN_RATINGS)
    return films.filter(review_stats__rating_count__gte=minimum).order_by(*RANKED_ORDER)


def best_rated_films(*, limit: int = 6) -> QuerySet[Film]:
    """Ranked films, best average first; more ratings win a tie."""
    return ranked(films_with_rating_stats())[:limit]


def films_with_rating_stats(queryset: QuerySet[Film] | None = None) -> QuerySet[Film]:
    """Films annotated with the average and number of visible ratings and of visible reviews.

    From each film's FilmReviewStats row, joined: no aggregate over the reviews.
    """
    return (queryset if queryset is not None else Film.objects.all()).annotate(
        avg_rating=Cast("review_stats__rating_total", FloatField()) / NullIf("review_stats__rating_count", 0),
        rating_count=Coalesce("review_stats__rating_count", 0),
        review_count=Coalesce("review_stats__review_count", 0),
    )


def user_review_for_film(*, film: Film, user) -> Review | None:
    """The signed-in user's own live review of the film, if any."""
    if user is None or not user.is_authenticated:
        return None
    return Review.objects.filter(film=film, author=user, deleted_at__isnull=True).first()


@dataclass
class ProfileStats:
    """What a profile says about a reader's reviewing: counts, average given and spread 1–10."""

    review_count: int
    ratings: RatingSummary


def profile_stats(*, user) -> ProfileStats:
    """Counts, average and 1–10 spread of the ratings a user gave in visible reviews, from their ReviewerStats.

    With the user fetched `select_related("rating_stats")` this costs no query.
    """
    try:
        stats = user.rating_stats
    except ReviewerStats.DoesNotExist:
        stats = ReviewerStats(author=user)
    return ProfileStats(review_count=stats.review_count, ratings=_summary_from(_histogram_row(stats)))


def site_rating_spread() -> RatingSummary:
    """Every visible rating on the site, average and 1–10 spread: one sum over the kept reviewer statistics."""
    columns = ["rating_count", "rating_total", *(f"ratings_{n}" for n in RATINGS)]
    sums = ReviewerStats.objects.aggregate(**{column: Sum(column, default=0) for column in columns})
    return _summary_from(_histogram_row(ReviewerStats(**sums)))


def reviews_by_user(*, user, viewer=None) -> QuerySet[Review]:
    """A user's reviews, newest first: visible ones, plus their own held ones when they look."""
    return (
        Review.objects.visible_to(viewer)
        .filter(author=user)
        .select_related("film")
        .annotate(comment_count=visible_comment_count())
        .order_by("-created_at", "-id")
    )
