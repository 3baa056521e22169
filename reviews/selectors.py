"""Reads that gather reviews, ratings and votes for the pages."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, FloatField, Q, QuerySet
from django.db.models.functions import Cast, Coalesce, NullIf

from films.models import Film
from reviewhub.numbers import one_decimal
from reviews.models import FilmReviewStats, Review, verdict_for

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

    @property
    def verdict(self) -> str:
        return verdict_for(self.average)


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


HISTOGRAM_COLUMNS = {f"r{n}": Count("pk", filter=Q(rating=n)) for n in range(1, 11)}


def _summary_from(row: dict) -> RatingSummary:
    """Build a summary from an aggregate row holding average, count and HISTOGRAM_COLUMNS."""
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
    row = {
        "average": Decimal(stats.rating_total) / stats.rating_count if stats.rating_count else None,
        "count": stats.rating_count,
        **{f"r{n}": count for n, count in zip(range(1, 11), stats.histogram, strict=True)},
    }
    summary = _summary_from(row)
    summary.review_count = stats.review_count
    return summary


def visible_comment_count() -> Coalesce:
    """Each review's visible comments, from its trigger-maintained ReviewCommentStats (one join, no count).

    The stats come through the relation, since reviews sit below comments.
    """
    return Coalesce(F("comment_stats__comment_count"), 0)


def with_review_stats(films: QuerySet[Film]) -> QuerySet[Film]:
    """Films with their trigger-kept FilmReviewStats joined, so rating_summary() needs no query."""
    return films.select_related("review_stats")


# What a film page's review card shows (templates/reviews/_review_card.html; the film id for blind mode and
# spoilers); the rest of a review and its author stays in the database.
CARD_FIELDS = ("title", "body", "rating", "contains_spoilers", "created_at", "helpful_yes", "helpful_total")
CARD_FIELDS += ("author", "film")


def reviews_for_film(*, film: Film, sort: str = "newest") -> QuerySet[Review]:
    """A film's visible reviews as cards (author's name, comment count), in a REVIEW_SORTS order."""
    return (
        Review.objects.visible()
        .filter(film=film)
        .select_related("author")
        .only(*CARD_FIELDS, "author__username")
        .annotate(comment_count=visible_comment_count())
        .order_by(*REVIEW_SORTS.get(sort, REVIEW_SORTS["newest"]))
    )


def latest_reviews(*, limit: int = 6) -> QuerySet[Review]:
    return Review.objects.visible().select_related("author", "film").order_by("-created_at", "-id")[:limit]


def latest_reviews_by(*, authors, limit: int) -> QuerySet[Review]:
    """The latest visible reviews by these authors (ids or a subquery of them), as review cards."""
    return review_cards(Review.objects.visible().filter(author__in=authors)).order_by("-created_at", "-id")[:limit]


def review_cards(queryset: QuerySet[Review]) -> QuerySet[Review]:
    """Reviews with what a review card shows (author, film, visible comment count), in the same query."""
    return queryset.select_related("author", "film").annotate(comment_count=visible_comment_count())


def best_rated_films(*, limit: int = 6) -> QuerySet[Film]:
    """Films with at least one visible rating, best average first; more ratings win a tie."""
    return (
        films_with_rating_stats()
        .filter(rating_count__gt=0)
        .order_by("-avg_rating", "-rating_count", "title", "pk")[:limit]
    )


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
    """Counts, average and 1–10 spread of the ratings a user gave in visible reviews, in one query."""
    row = (
        Review.objects.visible()
        .filter(author=user)
        .aggregate(review_count=Count("pk"), count=Count("rating"), average=Avg("rating"), **HISTOGRAM_COLUMNS)
    )
    return ProfileStats(review_count=row["review_count"], ratings=_summary_from(row))


def reviews_by_user(*, user, viewer=None) -> QuerySet[Review]:
    """A user's reviews, newest first: visible ones, plus their own held ones when they look."""
    return (
        Review.objects.visible_to(viewer)
        .filter(author=user)
        .select_related("film")
        .annotate(comment_count=visible_comment_count())
        .order_by("-created_at", "-id")
    )
