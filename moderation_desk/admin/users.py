"""Accounts in the admin: Django's user admin, with the moderators' decisions on accounts.

Here rather than in accounts, because deactivating a spammer and clearing their queue act on comments.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import ngettext

from moderation_desk import services
from reviewhub.admin_dates import DateCheckedChangeListMixin
from reviewhub.cache import ContentChangedAdminMixin


@admin.register(get_user_model())
class UserAdmin(DateCheckedChangeListMixin, ContentChangedAdminMixin, DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Profile", {"fields": ("bio",)}))
    list_display = ("username", "email", "is_active", "is_staff", "date_joined", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser", "groups")
    date_hierarchy = "date_joined"
    actions = ["deactivate_selected", "remove_pending_comments"]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Deleting an account would take its reviews and comments with it; staff deactivate instead.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def has_moderate_comments_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("comments.moderate_comment")

    @admin.action(description="Deactivate selected users (no more signing in or posting)", permissions=["change"])
    def deactivate_selected(self, request: HttpRequest, queryset) -> None:
        deactivated = 0
        for account in queryset:
            if account.pk == request.user.pk:
                self.message_user(request, "You cannot deactivate your own account.", messages.WARNING)
                continue
            deactivated += services.user_deactivate(user=account, actor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d account was deactivated.", "%(count)d accounts were deactivated.", deactivated)
            % {"count": deactivated},
        )

    @admin.action(
        description="Remove all pending comments of the selected users",
        permissions=["moderate_comments"],
    )
    def remove_pending_comments(self, request: HttpRequest, queryset) -> None:
        removed = services.pending_comments_remove(authors=queryset, actor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d pending comment was removed.", "%(count)d pending comments were removed.", removed)
            % {"count": removed},
        )
