"""The moderation queues: reviews, comments, reports and the moderators' account actions."""

from moderation_desk.admin import comments, reviews, users

__all__ = ["comments", "reviews", "users"]
