"""What a reader has unlocked on a page's films: open spoilers (a logged watch) and scores (blind mode).

One query per page for a signed-in reader, none for a visitor. Templates ask
`{% if film.pk in reading.hidden_scores %}` and `{% if film.pk in reading.open_spoilers %}`,
so a template given no `reading` shows scores and folds spoilers: the safe defaults.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import CharField, Count, DateField, IntegerField, Max, Value

from reviews.models import Review
from watchlog.models import ReadingPreferences, ScoreReveal, Watch, WatchlistEntry

LOGGED, LISTED, REVEALED, RATED, BLIND = "logged", "listed", "revealed", "rated", "blind"


class _AllBut:
    """Every film except the given ones: blind mode hides scores everywhere but where the reader unlocked them."""

    def __init__(self, unlocked: frozenset[int]) -> None:
        self.unlocked = unlocked

    def __contains__(self, film_id: object) -> bool:
        return film_id not in self.unlocked

    def __repr__(self) -> str:
        return f"all films but {sorted(self.unlocked)}"


@dataclass(frozen=True)
class ReadingState:
    """A reader's relation to the films on one page."""

    signed_in: bool = False
    blind_mode: bool = False
    # film id -> (latest date watched, number of watches)
    watches: dict[int, tuple[datetime.date, int]] = field(default_factory=dict)
    watchlist: frozenset[int] = frozenset()
    unlocked_scores: frozenset[int] = frozenset()

    @property
    def open_spoilers(self) -> frozenset[int]:
        """Films the reader logged: their spoilers show unfolded."""
        return frozenset(self.watches)

    @property
    def hidden_scores(self) -> _AllBut | frozenset[int]:
        """Films whose scores this reader does not see: in blind mode, all but the rated, logged or revealed ones."""
        return _AllBut(self.unlocked_scores) if self.blind_mode else frozenset()


SIGNED_OUT = ReadingState()


def _branch(queryset, kind: str, *, film: str = "film_id"):
    """One part of reading_state's UNION: every part has the columns (film, kind, latest date, count)."""
    return (
        queryset.order_by()
        .annotate(
            rh_kind=Value(kind, output_field=CharField()),
            rh_day=Value(None, output_field=DateField()),
            rh_n=Value(0, output_field=IntegerField()),
        )
        .values_list(film, "rh_kind", "rh_day", "rh_n")
    )


def reading_state(*, user, film_ids: Iterable[int]) -> ReadingState:
    """The reader's watches, watchlist, ratings and reveals among these films, and blind mode, in one query."""
    ids = {film_id for film_id in film_ids if film_id is not None}
    if user is None or not user.is_authenticated:
        return SIGNED_OUT
    if not ids:
        return ReadingState(signed_in=True)
    watches = (
        Watch.objects.filter(user=user, film_id__in=ids)
        .order_by()
        .values("film_id")
        .annotate(rh_kind=Value(LOGGED, output_field=CharField()), rh_day=Max("watched_on"), rh_n=Count("pk"))
        .values_list("film_id", "rh_kind", "rh_day", "rh_n")
    )
    rows = watches.union(
        _branch(WatchlistEntry.objects.filter(user=user, film_id__in=ids), LISTED),
        _branch(ScoreReveal.objects.filter(user=user, film_id__in=ids), REVEALED),
        _branch(Review.objects.visible().rated().filter(author=user, film_id__in=ids), RATED),
        _branch(ReadingPreferences.objects.filter(user=user, blind_mode=True), BLIND, film="user_id"),
        all=True,
    )
    by_kind: dict[str, set[int]] = {LOGGED: set(), LISTED: set(), REVEALED: set(), RATED: set(), BLIND: set()}
    watched: dict[int, tuple[datetime.date, int]] = {}
    for film_id, kind, day, count in rows:
        by_kind[kind].add(film_id)
        if kind == LOGGED:
            watched[film_id] = (day, count)
    return ReadingState(
        signed_in=True,
        blind_mode=bool(by_kind[BLIND]),
        watches=watched,
        watchlist=frozenset(by_kind[LISTED]),
        unlocked_scores=frozenset(by_kind[LOGGED] | by_kind[REVEALED] | by_kind[RATED]),
    )
