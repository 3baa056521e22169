"""Number formatting shared by every app."""

from decimal import ROUND_HALF_UP, Decimal


def one_decimal(value: float | Decimal | None) -> float | None:
    """An average to one decimal, halves rounded up as people expect (9.25 -> 9.3)."""
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
