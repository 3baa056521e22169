"""Watches, watchlists and reading preferences for staff: searchable by reader and film."""

from django.contrib import admin

from reviewhub.admin_dates import DateCheckedChangeListMixin
from watchlog.models import ReadingPreferences, ScoreReveal, Watch, WatchlistEntry


@admin.register(Watch)
class WatchAdmin(DateCheckedChangeListMixin, admin.ModelAdmin):
    list_display = ("film", "user", "watched_on", "rewatch", "liked", "created")
    list_filter = ("rewatch", "liked")
    search_fields = ("user__username", "film__title")
    list_select_related = ("user", "film")
    raw_id_fields = ("user", "film")
    date_hierarchy = "watched_on"
    readonly_fields = ("created",)
    ordering = ("-watched_on", "-created")


@admin.register(WatchlistEntry)
class WatchlistEntryAdmin(DateCheckedChangeListMixin, admin.ModelAdmin):
    list_display = ("film", "user", "added")
    search_fields = ("user__username", "film__title")
    list_select_related = ("user", "film")
    raw_id_fields = ("user", "film")
    date_hierarchy = "added"
    readonly_fields = ("added",)


@admin.register(ReadingPreferences)
class ReadingPreferencesAdmin(admin.ModelAdmin):
    list_display = ("user", "diary_public", "watchlist_public", "blind_mode")
    list_filter = ("diary_public", "watchlist_public", "blind_mode")
    search_fields = ("user__username",)
    list_select_related = ("user",)
    raw_id_fields = ("user",)


@admin.register(ScoreReveal)
class ScoreRevealAdmin(admin.ModelAdmin):
    list_display = ("film", "user", "created")
    search_fields = ("user__username", "film__title")
    list_select_related = ("user", "film")
    raw_id_fields = ("user", "film")
    readonly_fields = ("created",)
