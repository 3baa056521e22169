"""The watch log's data rules: dates, several watches, the watchlist, preferences and reveals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_user
from films.tests.factories import make_film
from watchlog import services
from watchlog.models import ReadingPreferences, ScoreReveal, Watch, WatchlistEntry
from watchlog.selectors import preferences_of
from watchlog.tests.factories import make_watch

pytestmark = pytest.mark.django_db


def test_a_watch_in_the_future_is_refused_on_its_date_field(user, film):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.watch_log(user=user, film=film, watched_on=tomorrow)
    assert refused.value.error_dict["watched_on"][0].code == "future"
    assert not Watch.objects.exists()


def test_today_in_the_sites_time_zone_is_allowed(user, film, settings):
    settings.TIME_ZONE = "Pacific/Kiritimati"  # UTC+14: already tomorrow there for most of the UTC day
    watch = services.watch_log(user=user, film=film, watched_on=timezone.localdate())
    assert watch.watched_on == timezone.localdate()


def test_several_watches_of_one_film_are_kept(user, film):
    first = make_watch(user=user, film=film, watched_on=datetime.date(2024, 2, 14))
    second = make_watch(user=user, film=film, watched_on=datetime.date(2025, 2, 14), rewatch=True, liked=True)
    assert list(Watch.objects.filter(user=user, film=film)) == [second, first]
    assert second.rewatch and second.liked and not first.liked


def test_logging_a_watch_takes_the_film_off_the_watchlist_only(user, film):
    other = make_film()
    services.watchlist_add(user=user, film=film)
    services.watchlist_add(user=user, film=other)
    someone_else = make_user()
    services.watchlist_add(user=someone_else, film=film)

    make_watch(user=user, film=film)

    assert list(WatchlistEntry.objects.filter(user=user).values_list("film", flat=True)) == [other.pk]
    assert WatchlistEntry.objects.filter(user=someone_else, film=film).exists()


def test_a_refused_watch_leaves_the_watchlist_alone(user, film):
    services.watchlist_add(user=user, film=film)
    with pytest.raises(ValidationError):
        services.watch_log(user=user, film=film, watched_on=timezone.localdate() + datetime.timedelta(days=3))
    assert WatchlistEntry.objects.filter(user=user, film=film).exists()


def test_adding_to_the_watchlist_twice_keeps_one_entry(user, film):
    first = services.watchlist_add(user=user, film=film)
    assert services.watchlist_add(user=user, film=film) == first
    assert WatchlistEntry.objects.count() == 1
    assert services.watchlist_remove(user=user, film=film)
    assert not services.watchlist_remove(user=user, film=film)


def test_an_edit_cannot_move_a_watch_into_the_future(user, film):
    watch = make_watch(user=user, film=film, note="first")
    with pytest.raises(ValidationError):
        services.watch_update(
            watch=watch,
            watched_on=timezone.localdate() + datetime.timedelta(days=1),
            rewatch=False,
            liked=False,
            note="",
        )
    watch.refresh_from_db()
    assert watch.note == "first"


def test_an_edit_changes_the_watch(user, film):
    watch = make_watch(user=user, film=film)
    services.watch_update(watch=watch, watched_on=datetime.date(2020, 1, 2), rewatch=True, liked=True, note="again")
    watch.refresh_from_db()
    assert (watch.watched_on, watch.rewatch, watch.liked, watch.note) == (
        datetime.date(2020, 1, 2),
        True,
        True,
        "again",
    )


def test_preferences_default_to_a_public_diary_a_private_watchlist_and_blind_mode_off(user):
    preferences = preferences_of(user)
    assert preferences.pk is None or not ReadingPreferences.objects.filter(user=user).exists()
    assert (preferences.diary_public, preferences.watchlist_public, preferences.blind_mode) == (True, False, False)
    services.reading_preferences_update(user=user, diary_public=False, watchlist_public=True, blind_mode=True)
    saved = preferences_of(user)
    assert (saved.diary_public, saved.watchlist_public, saved.blind_mode) == (False, True, True)


def test_revealing_scores_twice_keeps_one_reveal(user, film):
    assert services.scores_reveal(user=user, film=film) == services.scores_reveal(user=user, film=film)
    assert ScoreReveal.objects.count() == 1
