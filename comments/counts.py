"""Visible comments per review (comments.models.ReviewCommentStats) as trigger-maintained counts.

Installed by migration 0005. A change here needs a new migration that drops the
triggers and installs them again (reviewhub.db_triggers.install).
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
