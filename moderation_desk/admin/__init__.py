"""The moderation queues: reviews, comments, reports, score protection and the moderators' account actions."""

from moderation_desk.admin import comments, reviews, score, users

__all__ = ["comments", "reviews", "score", "users"]
