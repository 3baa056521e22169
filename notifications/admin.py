"""Notifications in the admin, read-only: staff look into what a reader was told, nobody rewrites it."""

from django.contrib import admin

from notifications.models import Notification
from reviewhub.admin_dates import DateCheckedChangeListMixin
from reviewhub.admin_readonly import ReadOnlyAdminMixin


@admin.register(Notification)
class NotificationAdmin(DateCheckedChangeListMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "actor", "outcome", "review_title", "read_at", "mailed_at")
    list_filter = (
        "kind",
        "email",
        ("read_at", admin.EmptyFieldListFilter),
        ("withdrawn_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("recipient__username", "actor__username", "review_title")
    list_select_related = ("recipient", "actor")
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "recipient",
        "actor",
        "kind",
        "outcome",
        "reason",
        "content_type",
        "object_id",
        "review_id",
        "url",
        "review_title",
        "film_label",
        "quote",
        "shown",
        "email",
        "read_at",
        "mailed_at",
        "withdrawn_at",
    )
