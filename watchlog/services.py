"""Writes of the watch log: watches, the watchlist, reading preferences and revealed scores."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from films.models import Film
from watchlog.models import ReadingPreferences, ScoreReveal, Watch, WatchlistEntry
from watchlog.rules import watched_on_check

WATCH_FIELDS = ("watched_on", "rewatch", "liked", "note")


def _check_date(watched_on: datetime.date) -> None:
    try:
        watched_on_check(watched_on)
    except ValidationError as error:
        raise ValidationError({"watched_on": error}) from None


@transaction.atomic
def watch_log(
    *, user, film: Film, watched_on: datetime.date, rewatch: bool = False, liked: bool = False, note: str = ""
) -> Watch:
    """Log one watch of a film; the film leaves the reader's watchlist in the same transaction."""
    _check_date(watched_on)
    watch = Watch(user=user, film=film, watched_on=watched_on, rewatch=rewatch, liked=liked, note=note)
    watch.full_clean()
    watch.save()
    WatchlistEntry.objects.filter(user=user, film=film).delete()
    return watch


@transaction.atomic
def watch_update(*, watch: Watch, watched_on: datetime.date, rewatch: bool, liked: bool, note: str) -> Watch:
    """Change a logged watch; only its own fields, so the "Watched by" count and caches are untouched."""
    _check_date(watched_on)
    watch.watched_on, watch.rewatch, watch.liked, watch.note = watched_on, rewatch, liked, note
    watch.full_clean()
    watch.save(update_fields=WATCH_FIELDS)
    return watch


@transaction.atomic
def watch_delete(*, watch: Watch) -> None:
    watch.delete()


def _once(model: type[WatchlistEntry | ScoreReveal], *, user, film: Film) -> WatchlistEntry | ScoreReveal:
    """The reader's one row for this film, created if missing (the unique constraint settles a race)."""
    try:
        with transaction.atomic():
            row, _ = model.objects.get_or_create(user=user, film=film)
    except IntegrityError:  # a concurrent request created it first
        row = model.objects.get(user=user, film=film)
    return row


def watchlist_add(*, user, film: Film) -> WatchlistEntry:
    """Put a film on the reader's watchlist; adding it twice keeps the one entry."""
    return _once(WatchlistEntry, user=user, film=film)


def watchlist_remove(*, user, film: Film) -> bool:
    """Take a film off the reader's watchlist; False when it was not on it."""
    deleted, _ = WatchlistEntry.objects.filter(user=user, film=film).delete()
    return bool(deleted)


@transaction.atomic
def reading_preferences_update(
    *, user, diary_public: bool, watchlist_public: bool, blind_mode: bool
) -> ReadingPreferences:
    preferences, _ = ReadingPreferences.objects.update_or_create(
        user=user,
        defaults={"diary_public": diary_public, "watchlist_public": watchlist_public, "blind_mode": blind_mode},
    )
    return preferences


def scores_reveal(*, user, film: Film) -> ScoreReveal:
    """Remember that a blind-mode reader chose to see this film's scores."""
    return _once(ScoreReveal, user=user, film=film)
