"""Reviewer calibration: how a rating compares with what its reviewer usually gives, from ReviewerStats."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, QuerySet

from reviewhub.numbers import one_decimal
from reviews.models import Review

ABOVE, BELOW, ABOUT = "above", "below", "about"


@dataclass(frozen=True)
class Calibration:
    """'8/10 — above their usual (averages 6.4 over 120 ratings)'."""

    rating: int
    relation: str  # ABOVE, BELOW or ABOUT
    average: float
    count: int


def calibration_for(*, rating: int | None, count: int | None, total: int | None) -> Calibration | None:
    """The line for a rating, or None when the review is unrated or its reviewer has too few ratings to judge."""
    if rating is None or not count or count < settings.REVIEWHUB_CALIBRATION_MIN_RATINGS:
        return None
    average = total / count
    difference = rating - average
    relation = ABOVE if difference > 0 else BELOW
    if abs(difference) <= settings.REVIEWHUB_CALIBRATION_BAND:
        relation = ABOUT
    return Calibration(rating=rating, relation=relation, average=one_decimal(average), count=count)


def with_calibration(reviews: QuerySet[Review]) -> QuerySet[Review]:
    """Reviews with their author's kept rating count and total, joined in the same query (no aggregate)."""
    return reviews.annotate(
        author_rating_count=F("author__rating_stats__rating_count"),
        author_rating_total=F("author__rating_stats__rating_total"),
    )
