"""Reads of the watch log: the film page's panel, diaries, watchlists and who may see them."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from films.models import Film
from watchlog.forms import WatchForm
from watchlog.models import ReadingPreferences, Watch, WatchlistEntry


def with_watcher_count(films: QuerySet[Film]) -> QuerySet[Film]:
    """Films annotated with `watcher_count`, the members who logged a watch (in the films' own query)."""
    watchers = (
        Watch.objects.filter(film=OuterRef("pk"))
        .order_by()
        .values("film")
        .annotate(n=Count("user", distinct=True))
        .values("n")
    )
    return films.annotate(watcher_count=Coalesce(Subquery(watchers), 0))


@dataclass
class WatchPanel:
    """What the film page's watch panel shows one reader."""

    film: Film
    watcher_count: int
    signed_in: bool = False
    last_watched: datetime.date | None = None
    times_watched: int = 0
    on_watchlist: bool = False
    form: WatchForm = field(default_factory=WatchForm)


def film_watch_panel(*, film: Film, user, reading) -> WatchPanel:
    """The panel from the film (annotated by with_watcher_count) and the reader's state: no query of its own."""
    panel = WatchPanel(film=film, watcher_count=getattr(film, "watcher_count", 0))
    if user is not None and user.is_authenticated:
        panel.signed_in = True
        panel.last_watched, panel.times_watched = reading.watches.get(film.pk, (None, 0))
        panel.on_watchlist = film.pk in reading.watchlist
    return panel


def own_watches(*, user, film: Film) -> QuerySet[Watch]:
    return Watch.objects.filter(user=user, film=film).order_by("-watched_on", "-created", "-pk")


def preferences_of(user) -> ReadingPreferences:
    """The user's reading preferences, or unsaved defaults."""
    return ReadingPreferences.objects.filter(user=user).first() or ReadingPreferences(user=user)


def diary_page(*, owner, page_number: int | str | None, per_page: int) -> Page:
    """A page of the owner's watches, newest first, with their films."""
    watches = (
        Watch.objects.filter(user=owner)
        .select_related("film")
        .only("watched_on", "rewatch", "liked", "note", "created", "user_id", "film__title", "film__slug", "film__year")
        .order_by("-watched_on", "-created", "-pk")
    )
    return Paginator(watches, per_page).get_page(page_number)


def watchlist_page(*, owner, page_number: int | str | None, per_page: int) -> Page:
    """A page of the films the owner wants to watch, latest added first."""
    entries = WatchlistEntry.objects.filter(user=owner).select_related("film").order_by("-added", "-pk")
    return Paginator(entries, per_page).get_page(page_number)
