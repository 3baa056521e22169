"""Admin pages and inlines of records nobody edits: the audit log, earlier texts, reports on an item."""

from django.db.models import Model
from django.http import HttpRequest


class ReadOnlyAdminMixin:
    """For a ModelAdmin or inline of history: no one adds, changes or deletes its rows, superusers included."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
