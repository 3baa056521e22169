"""Reads that gather reviews, ratings and votes for the pages."""

import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from films.models import Film
from moderation.models import Status
from reviewhub.numbers import one_decimal
from reviews.models import HelpfulVote, Review, verdict_for

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


# The film page's two review queries are built once per process, each request adding only
# its film (and order): building these chains cost the ORM more than the database takes to
# run them (bench/run.py). As with a generic view's `queryset`, every use chains from the
# shared one, which clones it, so the shared queryset itself is never evaluated.


@functools.cache
def _visible_reviews_by_rating() -> QuerySet[Review]:
    return Review.objects.visible().order_by().values_list("rating").annotate(reviews=Count("*"))


# What a review card shows (reviews/templatetags/review_tags.py); the rest of a review and its
# author stays in the database. The film page's query-count test catches a card that reads more.
CARD_FIELDS = (
    "title",
    "body",
    "rating",
    "contains_spoilers",
    "created_at",
    "helpful_yes",
    "helpful_total",
    "author",
    "author__username",
)


@functools.cache
def _visible_review_cards() -> QuerySet[Review]:
    return (
        Review.objects.visible()
        .select_related("author")
        .only(*CARD_FIELDS)
        .annotate(comment_count=visible_comment_count())
    )


def rating_summary(*, film: Film) -> RatingSummary:
    """Average, count and 1–10 histogram of a film's visible rated reviews, and its visible review total.

    One query grouped by rating (at most 11 rows, read from the review_film_rating_vis_idx
    index alone): the film page takes its review total from it instead of a second
    COUNT(*), and the average follows exactly from the histogram. Ten filtered counts
    and an average in one row cost the ORM several times longer to build than the
    database takes to answer (bench/run.py).
    """
    per_rating = dict(_visible_reviews_by_rating().filter(film=film))
    rated = sum(count for rating, count in per_rating.items() if rating is not None)
    points = sum(rating * count for rating, count in per_rating.items() if rating is not None)
    row = {
        "average": Decimal(points) / rated if rated else None,
        "count": rated,
        **{f"r{n}": per_rating.get(n, 0) for n in range(1, 11)},
    }
    summary = _summary_from(row)
    summary.review_count = sum(per_rating.values())
    return summary


def visible_comment_count() -> Coalesce:
    """Each review's visible comments, counted by a correlated subquery.

    Joining the comments and grouping would aggregate every review of the film
    (and on SQLite group by every column, the body included) before the page's
    LIMIT: 3-5x slower at 1,000 reviews (bench/run.py). The comment model comes
    through the relation, since reviews sit below comments.
    """
    comment_model = Review._meta.get_field("comments").related_model
    counts = (
        comment_model.objects.filter(review=OuterRef("pk"), status=Status.APPROVED, deleted_at=None)
        .order_by()
        .values("review")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def reviews_for_film(*, film: Film, sort: str = "newest") -> QuerySet[Review]:
    order = REVIEW_SORTS.get(sort, REVIEW_SORTS["newest"])
    return _visible_review_cards().filter(film=film).order_by(*order)


def latest_reviews(*, limit: int = 6) -> QuerySet[Review]:
    return Review.objects.visible().select_related("author", "film").order_by("-created_at", "-id")[:limit]


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
    """Films annotated with the average and number of visible ratings and of visible reviews."""
    visible = Q(reviews__status=Status.APPROVED, reviews__deleted_at=None)
    return (queryset if queryset is not None else Film.objects.all()).annotate(
        avg_rating=Avg("reviews__rating", filter=visible),
        rating_count=Count("reviews", filter=visible & Q(reviews__rating__isnull=False)),
        review_count=Count("reviews", filter=visible),
    )


def user_review_for_film(*, film: Film, user) -> Review | None:
    """The signed-in user's own live review of the film, if any."""
    if user is None or not user.is_authenticated:
        return None
    return Review.objects.filter(film=film, author=user, deleted_at__isnull=True).first()


def votes_by_user(*, reviews: list[Review], user) -> dict[int, bool]:
    """review id -> the user's vote, for the reviews shown on a page (one query)."""
    if user is None or not user.is_authenticated or not reviews:
        return {}
    return dict(
        HelpfulVote.objects.filter(voter=user, review__in=[r.pk for r in reviews]).values_list(
            "review_id", "is_helpful"
        )
    )


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
