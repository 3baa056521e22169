"""The word lists and the audit log in the admin."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from moderation.models import ModerationEvent, WordListEntry
from reviewhub.admin_dates import DateCheckedChangeListMixin
from reviewhub.admin_readonly import ReadOnlyAdminMixin


@admin.register(WordListEntry)
class WordListEntryAdmin(admin.ModelAdmin):
    """The moderation and disallowed word lists: the only source the automatic rules read."""

    list_display = ("word", "kind", "created_at")
    list_filter = ("kind",)
    search_fields = ("word",)
    ordering = ("kind", "word")


@admin.register(ModerationEvent)
class ModerationEventAdmin(DateCheckedChangeListMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """The whole audit log, read-only: nobody adds, edits or deletes history."""

    list_display = ("created_at", "target_link", "action", "decided_by", "from_status", "to_status", "note")
    list_filter = ("action", "to_status", ("content_type", admin.RelatedOnlyFieldListFilter))
    search_fields = ("note", "rule", "actor__username")
    list_select_related = ("actor", "content_type")
    date_hierarchy = "created_at"
    readonly_fields = ("target_link", "decided_by")
    fields = ("created_at", "target_link", "action", "decided_by", "from_status", "to_status", "note")

    @admin.display(description="item")
    def target_link(self, event: ModerationEvent) -> str:
        content_type = event.content_type
        text = f"{content_type.name} #{event.object_id}"
        try:
            url = reverse(f"admin:{content_type.app_label}_{content_type.model}_change", args=[event.object_id])
        except NoReverseMatch:
            return text
        return format_html('<a href="{}">{}</a>', url, text)

    @admin.display(description="who", ordering="actor__username")
    def decided_by(self, event: ModerationEvent) -> str:
        return event.who
