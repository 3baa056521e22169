"""ReviewHub's whole 1–10 ratings and Letterboxd's 0.5–5 stars, converted both ways without loss.

Export: stars = rating / 2 (9/10 is 4.5★). Import: rating = stars × 2, so each half-star step is one
whole point (4.5★ is 9/10, ½★ is 1/10); a value between half-star steps rounds half up to the nearest step.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

RULE = "Each half star is one point: ½★ = 1/10, 3★ = 6/10, 4½★ = 9/10, 5★ = 10/10."


class RatingError(ValueError):
    pass


def rating_to_stars(rating: int | None) -> str:
    """ "4.5" for 9/10, "" for no rating (Letterboxd's own spelling: 4 or 4.5)."""
    if rating is None:
        return ""
    stars = Decimal(rating) / 2
    return str(stars.quantize(Decimal(1))) if stars == stars.to_integral_value() else str(stars)


def stars_to_rating(text: str) -> int | None:
    """Whole points 1–10 from a star rating cell; None when the cell is empty."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        stars = Decimal(text.replace(",", "."))
    except InvalidOperation as error:
        raise RatingError(f"“{text}” is not a star rating (0.5 to 5).") from error
    if not stars.is_finite() or not Decimal("0.5") <= stars <= 5:
        raise RatingError(f"“{text}” is outside 0.5 to 5 stars.")
    return int((stars * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP))
