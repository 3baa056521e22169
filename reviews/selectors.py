"""Reads that gather reviews, ratings and votes for the pages."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, FloatField, Q, QuerySet
from django.db.models.functions import Cast, Coalesce, NullIf

from films.models import Film
from films.selectors import FilmPage, film_page_from_rows, films_with_genres_and_credits
from reviewhub.compiled import CompiledQuery
from reviewhub.expressions import json_rows_in_order
from reviewhub.numbers import one_decimal
from reviews.models import FilmReviewStats, HelpfulVote, Review, verdict_for

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


# What a review card shows (reviews/templatetags/review_tags.py); the rest of a review and its
# author stays in the database. The film page's query-count test catches a card that reads more.
CARD_FIELDS = ("title", "body", "rating", "contains_spoilers", "created_at", "helpful_yes", "helpful_total", "author")


def _film_review_cards(sort: str) -> CompiledQuery[Review]:
    """A film's visible review cards in one order: the author's name and the comment count annotated."""
    order = REVIEW_SORTS[sort]
    return CompiledQuery(
        lambda film_id: (
            Review.objects.visible()
            .only(*CARD_FIELDS)
            .annotate(author_username=F("author__username"), comment_count=visible_comment_count())
            .filter(film_id=film_id)
            .order_by(*order)
        ),
        film_id=int,
    )


# Compiled once per process (reviewhub/compiled.py): on the film page, Django's compiling
# of this query took longer than the database took to run it.
FILM_REVIEW_CARDS = {sort: _film_review_cards(sort) for sort in REVIEW_SORTS}


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


STATS_FIELDS = [field.attname for field in FilmReviewStats._meta.concrete_fields if not field.primary_key]


def _film_page_query(slug: str) -> QuerySet[Film]:
    stats = {f"stats_{name}": F(f"review_stats__{name}") for name in STATS_FIELDS}
    return films_with_genres_and_credits().annotate(**stats).filter(slug=slug)


# Compiled once per process, like the review cards: the film's row, genres, credits and
# review statistics in one query that Django would otherwise compile on every visit. Found by
# its unique slug, so on PostgreSQL it is also prepared: one plan serves every film.
FILM_PAGE = CompiledQuery(_film_page_query, paged=False, prepared_as="reviewhub_film_page", slug=str)


def film_for_page(*, slug: str) -> FilmPage | None:
    """The film with this slug, its genres, credits and review statistics, in one query; None if there is none.

    rating_summary(film=page.film) then needs no query.
    """
    film = next(iter(FILM_PAGE(slug=slug)), None)
    if film is None:
        return None
    values = [vars(film).pop(f"stats_{name}") for name in STATS_FIELDS]
    # No row yet means no visible review: zeros, never saved (only the triggers write statistics).
    film.review_stats = (
        FilmReviewStats(film=film)
        if values[0] is None
        else FilmReviewStats.from_db(film._state.db, ["film_id", *STATS_FIELDS], [film.pk, *values])
    )
    genre_rows, credit_rows = vars(film).pop("genre_rows"), vars(film).pop("credit_rows")
    return film_page_from_rows(film, json_rows_in_order(genre_rows), json_rows_in_order(credit_rows))


AUTHOR_MODEL = Review._meta.get_field("author").related_model


class FilmReviews:
    """A film's visible reviews as cards, in one order, read a page at a time: what a Paginator slices.

    Each slice is one query (FILM_REVIEW_CARDS). The author comes with the review: only
    the name a card shows.
    """

    def __init__(self, *, film: Film, sort: str) -> None:
        self.film = film
        self.query = FILM_REVIEW_CARDS[sort if sort in FILM_REVIEW_CARDS else "newest"]

    def __getitem__(self, page: slice) -> list[Review]:
        if not isinstance(page, slice) or page.step is not None or page.stop is None:
            raise TypeError("FilmReviews are read a page at a time: reviews[start:stop].")
        start = page.start or 0
        reviews = list(self.query(film_id=self.film.pk, limit=max(page.stop - start, 0), offset=start))
        db = self.film._state.db
        for review in reviews:
            review.film = self.film
            review.author = AUTHOR_MODEL.from_db(db, ["id", "username"], [review.author_id, review.author_username])
        return reviews


def reviews_for_film(*, film: Film, sort: str = "newest") -> FilmReviews:
    return FilmReviews(film=film, sort=sort)


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
