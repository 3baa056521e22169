"""The watch log: watches (the diary), the watchlist, and what they unlock (spoilers, blind mode)."""

from django.apps import AppConfig

from reviewhub.cache import invalidate_on_write


class WatchlogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "watchlog"

    def ready(self) -> None:
        # The signed-out film page says "Watched by N members". Watchlists and reading preferences
        # show only on pages that are never cached (signed-in views, the owner's lists).
        invalidate_on_write(self.get_model("Watch"))
