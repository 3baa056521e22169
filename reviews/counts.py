"""What the database keeps for reviews: film and reviewer statistics, and whether a rating counts.

The reviews migration score_protection_and_reviewer_stats holds this SQL frozen (0005 held the
first film statistics); change it here only together with a new migration.
"""

from moderation.models import Status
from reviewhub.db_triggers import DerivedColumn, DerivedSource, MaintainedCounts

VISIBLE = f"{{row}}.status = '{Status.APPROVED.value}' AND {{row}}.deleted_at IS NULL"

# Account age when the review was written, so a rating's standing never drifts with the clock
# (an unknown joining date, from an import, counts as old enough).
_TOO_YOUNG = {
    "sqlite": "julianday({row}.created_at) - julianday({row}.author_joined_at) < p.min_account_age_days",
    "postgresql": "{row}.created_at < {row}.author_joined_at + make_interval(days => p.min_account_age_days)",
}
_NOT_WATCHED = (
    "NOT EXISTS (SELECT 1 FROM watchlog_watch w WHERE w.user_id = {row}.author_id AND w.film_id = {row}.film_id)"
)

# A rating counts unless its film's score protection is on and excludes it: written since the
# protection's start by an account younger than its minimum age, or by a reader with no logged watch.
RATING_COUNTED = DerivedColumn(
    name="reviews_review_counted",
    table="reviews_review",
    column="counted",
    expression={
        vendor: (
            "NOT EXISTS (SELECT 1 FROM reviews_scoreprotection p WHERE p.film_id = {row}.film_id AND p.enabled "
            "AND {row}.created_at >= p.since AND ((p.min_account_age_days > 0 AND " + too_young + ") "
            "OR (p.require_watch AND " + _NOT_WATCHED + ")))"
        )
        for vendor, too_young in _TOO_YOUNG.items()
    },
    inputs=("author_id", "film_id", "created_at", "author_joined_at"),
    sources=(
        DerivedSource(
            table="watchlog_watch",
            match="{target}.author_id = {row}.user_id AND {target}.film_id = {row}.film_id",
            watched=("user_id", "film_id"),
        ),
        DerivedSource(table="reviews_scoreprotection", match="{target}.film_id = {row}.film_id"),
    ),
)

# Every visible rating, whatever a score protection says: a reviewer's habits and the site's spread.
RATED = {
    "review_count": "1",
    "rating_count": "CASE WHEN {row}.rating IS NULL THEN 0 ELSE 1 END",
    "rating_total": "COALESCE({row}.rating, 0)",
    **{f"ratings_{n}": f"CASE WHEN {{row}}.rating = {n} THEN 1 ELSE 0 END" for n in range(1, 11)},
}

FILM_REVIEW_COUNTS = MaintainedCounts(
    name="reviews_film_review_stats",
    table="reviews_review",
    key="film_id",
    summary_table="reviews_filmreviewstats",
    counts_when=VISIBLE,
    contributions={
        "review_count": "1",
        "rating_count": "CASE WHEN {row}.rating IS NOT NULL AND {row}.counted THEN 1 ELSE 0 END",
        "rating_total": "CASE WHEN {row}.counted THEN COALESCE({row}.rating, 0) ELSE 0 END",
        **{
            f"ratings_{n}": f"CASE WHEN {{row}}.counted AND {{row}}.rating = {n} THEN 1 ELSE 0 END"
            for n in range(1, 11)
        },
        "uncounted_count": "CASE WHEN {row}.rating IS NOT NULL AND NOT {row}.counted THEN 1 ELSE 0 END",
    },
    watched=("film_id", "status", "deleted_at", "rating", "counted"),
    derived=RATING_COUNTED,
)

REVIEWER_STATS_COUNTS = MaintainedCounts(
    name="reviews_reviewer_stats",
    table="reviews_review",
    key="author_id",
    summary_table="reviews_reviewerstats",
    counts_when=VISIBLE,
    contributions=RATED,
    watched=("author_id", "status", "deleted_at", "rating"),
)
