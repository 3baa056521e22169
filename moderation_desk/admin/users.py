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


@admin.register(get_user_model())
class UserAdmin(DateCheckedChangeListMixin, DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Profile", {"fields": ("display_name", "bio", "avatar")}))
    list_display = ("username", "email", "is_active", "is_staff", "date_joined", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser", "groups")
    date_hierarchy = "date_joined"
    actions = ["deactivate_selected", "remove_pending_comments"]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Only a superuser deletes, and only accounts with no writing (services.user_delete); staff deactivate.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request: HttpRequest):
        """Django lists the PROTECTed reviews and comments and refuses; say what to do instead."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for account in objs:
            if services.user_has_writing(account):
                self.message_user(
                    request,
                    services.USER_HAS_WRITING % {"username": account.get_username()},
                    messages.WARNING,
                )
        return deleted, model_count, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        services.user_delete(user=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        for account in queryset:
            services.user_delete(user=account, actor=request.user)

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
