"""Notifications, follows (people and discussions) and the mail they send."""
