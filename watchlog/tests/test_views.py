"""The watch log through HTTP: the film page panel, logging, editing, deleting, the watchlist, diaries, privacy."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from films.tests.factories import make_film
from reviewhub.cache import forget_cached_pages
from watchlog import services
from watchlog.models import ReadingPreferences, Watch, WatchlistEntry
from watchlog.tests.factories import make_watch

pytestmark = pytest.mark.django_db


def log_url(film) -> str:
    return reverse("watchlog:log", args=[film.slug])


def watch_data(**overrides) -> dict:
    data = {"watched_on": "2026-12-04", "note": "", **overrides}
    return {key: value for key, value in data.items() if value is not None}


class TestFilmPagePanel:
    def test_a_visitor_sees_the_count_and_a_sign_in_link_but_no_form(self, client, film):
        make_watch(film=film)
        html = client.get(film.get_absolute_url()).content.decode()
        assert "Watched by 1 member</p>" in html
        assert "to log a watch or add it to your watchlist" in html
        assert log_url(film) not in html
        assert "Want to watch" not in html

    def test_watched_by_counts_members_not_watches(self, client, film):
        reader, other = make_user(), make_user()
        make_watch(user=reader, film=film)
        make_watch(user=reader, film=film, rewatch=True)
        make_watch(user=other, film=film)
        make_watch(user=other)  # another film
        assert "Watched by 2 members</p>" in client.get(film.get_absolute_url()).content.decode()

    def test_a_reader_logs_a_watch_from_the_film_page(self, client, user, film):
        client.force_login(user)
        page = client.get(film.get_absolute_url()).content.decode()
        assert f'action="{log_url(film)}"' in page
        assert f'value="{timezone.localdate():%Y-%m-%d}"' in page  # the date defaults to today

        response = client.post(log_url(film), watch_data(rewatch="on", liked="on", note="Cried again."))

        assert response.status_code == 302 and response["Location"] == film.get_absolute_url() + "#watch"
        watch = Watch.objects.get(user=user, film=film)
        assert (watch.watched_on, watch.rewatch, watch.liked, watch.note) == (
            datetime.date(2026, 12, 4),
            True,
            True,
            "Cried again.",
        )
        html = client.get(film.get_absolute_url()).content.decode()
        assert 'You watched this on <time datetime="2026-12-04">4 Dec 2026</time>' in html
        assert "Watched by 1 member</p>" in html

    def test_the_latest_watch_is_the_one_named(self, client, user, film):
        make_watch(user=user, film=film, watched_on=datetime.date(2026, 11, 1))
        make_watch(user=user, film=film, watched_on=datetime.date(2026, 12, 4))
        make_watch(user=user, film=film, watched_on=datetime.date(2025, 1, 1))
        client.force_login(user)
        html = client.get(film.get_absolute_url()).content.decode()
        assert 'You watched this on <time datetime="2026-12-04">4 Dec 2026</time> (3 watches)' in html

    def test_a_future_date_is_refused_beside_the_field_with_the_input_kept(self, client, user, film):
        client.force_login(user)
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = client.post(log_url(film), watch_data(watched_on=tomorrow.isoformat(), note="Not yet"))
        assert response.status_code == 200
        html = response.content.decode()
        error = re.search(r'id="error_1_id_watched_on"[^>]*>\s*<strong>([^<]*)</strong>', html)
        assert error and "cannot be in the future" in error.group(1)
        assert f'value="{tomorrow.isoformat()}"' in html and "Not yet</textarea>" in html
        assert not Watch.objects.exists()

    def test_a_visitor_cannot_log_a_watch(self, client, film):
        response = client.post(log_url(film), watch_data())
        assert response.status_code == 302 and reverse("login") in response["Location"]
        assert not Watch.objects.exists()

    def test_watch_writes_are_rate_limited(self, client, user, film, settings):
        settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "watch": (2, 600)}
        client.force_login(user)
        for _ in range(2):
            assert client.post(log_url(film), watch_data()).status_code == 302
        refused = client.post(log_url(film), watch_data())
        assert refused.status_code == 429
        assert "You are posting too quickly" in refused.content.decode()
        assert Watch.objects.count() == 2
        toggle = client.post(reverse("watchlog:watchlist-toggle", args=[film.slug]), {"action": "add"}, follow=True)
        assert "You are posting too quickly" in toggle.content.decode()
        assert not WatchlistEntry.objects.exists()

    def test_logging_a_watch_empties_the_watchlist_entry_on_the_page(self, client, user, film):
        client.force_login(user)
        toggle = reverse("watchlog:watchlist-toggle", args=[film.slug])
        client.post(toggle, {"action": "add", "next": film.get_absolute_url()})
        assert "Remove from watchlist" in client.get(film.get_absolute_url()).content.decode()
        client.post(log_url(film), watch_data())
        html = client.get(film.get_absolute_url()).content.decode()
        assert "Want to watch" in html and "Remove from watchlist" not in html

    def test_the_signed_out_page_cache_hears_of_a_new_watch(self, client, film, settings, django_assert_num_queries):
        settings.REVIEWHUB_PAGE_CACHE_SECONDS = 600
        forget_cached_pages()
        assert "Watched by 0 members" in client.get(film.get_absolute_url()).content.decode()
        with django_assert_num_queries(0):  # served from the page cache: the panel keeps the page cacheable
            assert "Watched by 0 members" in client.get(film.get_absolute_url()).content.decode()
        make_watch(film=film)
        assert "Watched by 1 member</p>" in client.get(film.get_absolute_url()).content.decode()
        watch = Watch.objects.get()
        services.watch_update(watch=watch, watched_on=watch.watched_on, rewatch=True, liked=True, note="Edited.")
        with django_assert_num_queries(0):  # an edit leaves the count, and the cached page, alone
            client.get(film.get_absolute_url())
        watch.delete()
        assert "Watched by 0 members" in client.get(film.get_absolute_url()).content.decode()
        forget_cached_pages()


class TestOwnWatches:
    def test_the_owner_edits_a_watch(self, client, user, film):
        watch = make_watch(user=user, film=film, note="first")
        client.force_login(user)
        url = reverse("watchlog:edit", args=[watch.pk])
        assert "first</textarea>" in client.get(url).content.decode()
        response = client.post(url, watch_data(watched_on="2026-01-02", note="second", liked="on"))
        assert response.status_code == 302
        watch.refresh_from_db()
        assert (watch.watched_on, watch.note, watch.liked) == (datetime.date(2026, 1, 2), "second", True)

    def test_the_owner_deletes_a_watch_after_confirming(self, client, user, film):
        watch = make_watch(user=user, film=film)
        client.force_login(user)
        url = reverse("watchlog:delete", args=[watch.pk])
        assert "Delete your watch of" in client.get(url).content.decode()
        assert Watch.objects.filter(pk=watch.pk).exists()
        assert client.post(url).status_code == 302
        assert not Watch.objects.filter(pk=watch.pk).exists()

    @pytest.mark.parametrize("name", ["watchlog:edit", "watchlog:delete"])
    def test_someone_elses_watch_is_a_404(self, client, user, film, name):
        watch = make_watch(film=film)
        client.force_login(user)
        assert client.get(reverse(name, args=[watch.pk])).status_code == 404
        assert client.post(reverse(name, args=[watch.pk]), watch_data(note="mine now")).status_code == 404
        watch.refresh_from_db()
        assert watch.note == ""

    def test_the_list_of_your_watches_shows_notes_and_actions(self, client, user, film):
        watch = make_watch(user=user, film=film, note="With Mum.")
        make_watch(film=film, note="Someone else's note")
        client.force_login(user)
        html = client.get(reverse("watchlog:film-watches", args=[film.slug])).content.decode()
        assert "With Mum." in html and "Someone else" not in html
        assert reverse("watchlog:edit", args=[watch.pk]) in html


class TestWatchlistToggle:
    def test_add_and_remove_come_back_to_the_page(self, client, user, film):
        client.force_login(user)
        url = reverse("watchlog:watchlist-toggle", args=[film.slug])
        response = client.post(url, {"action": "add", "next": "/films/?page=1"})
        assert response["Location"] == "/films/?page=1"
        assert WatchlistEntry.objects.filter(user=user, film=film).exists()
        client.post(url, {"action": "remove", "next": "https://evil.example/"})
        assert not WatchlistEntry.objects.exists()

    def test_it_is_post_only(self, client, user, film):
        client.force_login(user)
        assert client.get(reverse("watchlog:watchlist-toggle", args=[film.slug])).status_code == 405

    def test_catalogue_cards_offer_it_to_signed_in_readers_only(self, client, user, film):
        listed = make_film(title="Lost in Translation")
        services.watchlist_add(user=user, film=listed)
        signed_out = client.get(reverse("films:list")).content.decode()
        assert "Want to watch" not in signed_out and "csrfmiddlewaretoken" not in signed_out

        client.force_login(user)
        html = client.get(reverse("films:list")).content.decode()
        assert html.count("Want to watch<span") == 1
        assert 'Remove from watchlist<span class="visually-hidden">: Lost in Translation</span>' in html
        assert html.count(reverse("watchlog:watchlist-toggle", args=[film.slug])) == 1


class TestDiary:
    def test_watches_by_month_newest_first_with_rewatches_and_hearts(self, client, user):
        old = make_film(title="Old Film")
        new = make_film(title="New Film")
        make_watch(user=user, film=old, watched_on=datetime.date(2026, 10, 3))
        make_watch(user=user, film=new, watched_on=datetime.date(2026, 11, 20), rewatch=True, liked=True)
        html = client.get(reverse("watchlog:diary", args=[user.username])).content.decode()
        assert (
            html.index("November 2026") < html.index("New Film") < html.index("October 2026") < html.index("Old Film")
        )
        assert 'class="watch-badge">Rewatch</span>' in html and "watch-heart" in html

    def test_notes_are_shown_to_the_owner_only(self, client, user):
        make_watch(user=user, note="Private thoughts about Theodore.")
        url = reverse("watchlog:diary", args=[user.username])
        assert "Private thoughts" not in client.get(url).content.decode()
        client.force_login(make_user())
        assert "Private thoughts" not in client.get(url).content.decode()
        client.force_login(user)
        assert "Private thoughts about Theodore." in client.get(url).content.decode()

    def test_a_private_diary_is_a_404_to_others_and_open_to_its_owner(self, client, user):
        make_watch(user=user, film=make_film(title="Secret Film"))
        services.reading_preferences_update(user=user, diary_public=False, watchlist_public=False, blind_mode=False)
        url = reverse("watchlog:diary", args=[user.username])
        response = client.get(url)
        assert response.status_code == 404
        assert "keeps their diary private" in response.content.decode()
        assert "Secret Film" not in response.content.decode()
        client.force_login(user)
        assert "Secret Film" in client.get(url).content.decode()

    def test_the_diary_is_paginated(self, client, user, settings):
        settings.REVIEWHUB_DIARY_PER_PAGE = 2
        for day in range(1, 6):
            make_watch(user=user, film=make_film(title=f"Day {day} film"), watched_on=datetime.date(2026, 3, day))
        url = reverse("watchlog:diary", args=[user.username])
        first, last = client.get(url).content.decode(), client.get(url + "?page=3").content.decode()
        assert "Day 5 film" in first and "Day 3 film" not in first
        assert "Day 1 film" in last and "Day 5 film" not in last

    def test_an_unknown_user_is_a_404(self, client):
        assert client.get(reverse("watchlog:diary", args=["nobody"])).status_code == 404

    def test_the_profile_links_to_the_diary_and_watchlist(self, client, user):
        html = client.get(reverse("pages:profile", args=[user.username])).content.decode()
        assert reverse("watchlog:diary", args=[user.username]) in html
        assert reverse("watchlog:watchlist", args=[user.username]) in html


class TestWatchlistPage:
    def test_private_by_default(self, client, user, film):
        services.watchlist_add(user=user, film=film)
        url = reverse("watchlog:watchlist", args=[user.username])
        assert client.get(url).status_code == 404
        client.force_login(user)
        assert film.title in client.get(url).content.decode()

    def test_public_when_the_owner_chooses(self, client, user, film):
        services.watchlist_add(user=user, film=film)
        services.reading_preferences_update(user=user, diary_public=True, watchlist_public=True, blind_mode=False)
        html = client.get(reverse("watchlog:watchlist", args=[user.username])).content.decode()
        assert film.title in html and "Remove from watchlist" not in html


class TestReadingSettings:
    def test_the_reader_saves_preferences_on_the_settings_page(self, client, user):
        client.force_login(user)
        html = client.get(reverse("account_settings:page")).content.decode()
        assert 'name="reading-blind_mode"' in html and "Blind mode" in html
        response = client.post(
            reverse("account_settings:reading"), {"reading-watchlist_public": "on", "reading-blind_mode": "on"}
        )
        assert response["Location"] == reverse("account_settings:page") + "#reading"
        preferences = ReadingPreferences.objects.get(user=user)
        assert (preferences.diary_public, preferences.watchlist_public, preferences.blind_mode) == (False, True, True)

    def test_a_visitor_is_sent_to_sign_in(self, client):
        response = client.post(reverse("account_settings:reading"), {"reading-blind_mode": "on"})
        assert response.status_code == 302 and reverse("login") in response["Location"]
        assert not ReadingPreferences.objects.exists()

    def test_the_diary_links_to_the_settings_for_its_owner(self, client, user):
        client.force_login(user)
        html = client.get(reverse("watchlog:diary", args=[user.username])).content.decode()
        assert reverse("account_settings:page") + "#reading" in html
