"""Visible comments per review (comments.models.ReviewCommentStats) as trigger-maintained counts.

comments/migrations/0005 holds this SQL frozen; change it here only together with a new migration.
"""

from reviewhub.db_triggers import MaintainedCounts
from reviews.counts import VISIBLE

REVIEW_COMMENT_COUNTS = MaintainedCounts(
    name="comments_review_comment_stats",
    table="comments_comment",
    key="review_id",
    summary_table="comments_reviewcommentstats",
    counts_when=VISIBLE,
    contributions={"comment_count": "1"},
    watched=("review_id", "status", "deleted_at"),
)
