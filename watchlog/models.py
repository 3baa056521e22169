from django.conf import settings
from django.db import models

from films.models import Film


class Watch(models.Model):
    """One viewing of a film, logged by a reader: an entry in their diary (several per film are allowed)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches")
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="watches")
    watched_on = models.DateField()
    rewatch = models.BooleanField(default=False)
    # The heart: liking a film is separate from rating it.
    liked = models.BooleanField(default=False)
    # Private to the owner, whatever the diary's visibility.
    note = models.TextField(blank=True, max_length=2000)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-watched_on", "-created"]
        indexes = [
            models.Index(fields=["user", "-watched_on"], name="watchlog_watch_diary"),
            models.Index(fields=["film", "user"], name="watchlog_watch_film_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} watched {self.film} on {self.watched_on:%Y-%m-%d}"


class WatchlistEntry(models.Model):
    """A film a reader wants to watch; it leaves the list when they log a watch of it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watchlist_entries")
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="watchlist_entries")
    added = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added"]
        verbose_name_plural = "watchlist entries"
        constraints = [
            models.UniqueConstraint(fields=["user", "film"], name="watchlog_watchlist_once_per_film"),
        ]

    def __str__(self) -> str:
        return f"{self.user} wants to watch {self.film}"
