"""The watch log: watches (the diary), the watchlist, and what they unlock (spoilers, blind mode)."""

from django.apps import AppConfig

from reviewhub.cache import invalidate_on_write


class WatchlogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "watchlog"

    def ready(self) -> None:
        # The signed-out film page says "Watched by N members": a new or deleted watch changes it, an
        # edit of its date, heart or note does not. Watchlists and reading preferences show only on
        # pages that are never cached (signed-in views, the owner's lists).
        invalidate_on_write(self.get_model("Watch"), fields={"user", "film"})
