"""The watch log's pages, and the pages it adds to, pass the Nu HTML Checker signed in (blind mode, spoilers)."""

import pytest
from django.urls import reverse

from comments.tests.factories import make_comment
from films.tests.factories import make_film
from reviewhub.tests import nuchecker
from reviews.tests.factories import make_review
from watchlog import services
from watchlog.tests.factories import blind, make_watch

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(nuchecker.unavailable() is not None, reason=nuchecker.unavailable() or ""),
]


def test_watch_log_pages_have_no_html_errors(client, user, film):
    review = make_review(film=film, contains_spoilers=True)
    make_comment(review=review, body="The ending!", contains_spoilers=True)
    watch = make_watch(user=user, film=film, note="With Amy.", rewatch=True, liked=True)
    unseen = make_film(title="Unseen")
    make_review(film=unseen, rating=6)
    services.watchlist_add(user=user, film=unseen)
    services.reading_preferences_update(user=user, diary_public=True, watchlist_public=True, blind_mode=False)
    blind(user)
    client.force_login(user)
    urls = {
        "film (logged)": film.get_absolute_url(),
        "film (blind)": unseen.get_absolute_url(),
        "review": review.get_absolute_url(),
        "catalogue": reverse("films:list"),
        "home": reverse("pages:home"),
        "profile": reverse("pages:profile", args=[user.username]),
        "diary": reverse("watchlog:diary", args=[user.username]),
        "watchlist": reverse("watchlog:watchlist", args=[user.username]),
        "your watches": reverse("watchlog:film-watches", args=[film.slug]),
        "edit watch": reverse("watchlog:edit", args=[watch.pk]),
        "delete watch": reverse("watchlog:delete", args=[watch.pk]),
        "settings": reverse("account_settings:page"),
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        pages[f"{name} {url}"] = response.content.decode()
    client.logout()
    hidden = make_watch().user
    services.reading_preferences_update(user=hidden, diary_public=False, watchlist_public=False, blind_mode=False)
    pages["private diary"] = client.get(reverse("watchlog:diary", args=[hidden.username])).content.decode()

    found = nuchecker.errors(pages)

    problems = [f"{page} {error}" for page, errors in found.items() for error in errors]
    assert not problems, "\n".join(problems)
