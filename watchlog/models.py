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


class ReadingPreferences(models.Model):
    """How a reader shares their watch log and reads scores; a reader without a row has the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="reading_preferences"
    )
    diary_public = models.BooleanField(
        "Show my diary to everyone",
        default=True,
        help_text="Others see which films you watched and when; your notes are always private.",
    )
    watchlist_public = models.BooleanField(
        "Show my watchlist to everyone",
        default=False,
        help_text="Off: only you see the films you want to watch.",
    )
    blind_mode = models.BooleanField(
        "Blind mode",
        default=False,
        help_text="Hide a film's average, histogram, verdict and other readers' ratings "
        "until you have rated it or logged a watch of it.",
    )

    class Meta:
        verbose_name = "reading preferences"
        verbose_name_plural = "reading preferences"

    def __str__(self) -> str:
        return f"Reading preferences of {self.user}"


class ScoreReveal(models.Model):
    """A blind-mode reader chose to see one film's scores before rating or logging it; remembered for good."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="score_reveals")
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="score_reveals")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["user", "film"], name="watchlog_scorereveal_once_per_film"),
        ]

    def __str__(self) -> str:
        return f"{self.user} revealed the scores of {self.film}"
