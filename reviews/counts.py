"""The film review statistics (reviews.models.FilmReviewStats) as trigger-maintained counts.

reviews/migrations/0005 holds this SQL frozen; change it here only together with a new migration.
"""

from moderation.models import Status
from reviewhub.db_triggers import MaintainedCounts

VISIBLE = f"{{row}}.status = '{Status.APPROVED.value}' AND {{row}}.deleted_at IS NULL"

FILM_REVIEW_COUNTS = MaintainedCounts(
    name="reviews_film_review_stats",
    table="reviews_review",
    key="film_id",
    summary_table="reviews_filmreviewstats",
    counts_when=VISIBLE,
    contributions={
        "review_count": "1",
        "rating_count": "CASE WHEN {row}.rating IS NULL THEN 0 ELSE 1 END",
        "rating_total": "COALESCE({row}.rating, 0)",
        **{f"ratings_{n}": f"CASE WHEN {{row}}.rating = {n} THEN 1 ELSE 0 END" for n in range(1, 11)},
    },
    watched=("film_id", "status", "deleted_at", "rating"),
)
