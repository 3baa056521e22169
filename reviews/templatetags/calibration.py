"""The calibration line of a review card or page, from annotations made by reviews.calibration.with_calibration."""

from django import template

from reviews.calibration import Calibration, calibration_for
from reviews.models import Review

register = template.Library()


@register.filter
def calibration(review: Review) -> Calibration | None:
    """No query: a review fetched without with_calibration() gets no line."""
    return calibration_for(
        rating=review.rating,
        count=getattr(review, "author_rating_count", None),
        total=getattr(review, "author_rating_total", None),
    )
