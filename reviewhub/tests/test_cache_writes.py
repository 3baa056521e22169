"""Every write to content reaches the caches, by any path: the admin's forms, deletes and bulk actions, the shell."""

import pytest
from django.contrib.auth.models import update_last_login
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment
from comments.tests.factories import make_comment
from films.tests.factories import make_credit
from reviewhub.cache import VERSION_KEY, forget_cached_pages
from reviews.models import Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db

PAGE_CACHE = "signed out, page cache"
FRAGMENTS = "signed in, film-page fragments"


@pytest.fixture(params=[PAGE_CACHE, FRAGMENTS])
def reader(request, settings, user) -> Client:
    """A reader served from one of the two caches: pages for signed-out readers, fragments for everyone."""
    if request.param == PAGE_CACHE:
        settings.REVIEWHUB_PAGE_CACHE_SECONDS = 60
        settings.REVIEWHUB_FRAGMENT_CACHE_SECONDS = 0
        client = Client()
    else:
        settings.REVIEWHUB_PAGE_CACHE_SECONDS = 0
        settings.REVIEWHUB_FRAGMENT_CACHE_SECONDS = 60
        client = Client()
        client.force_login(user)
    forget_cached_pages()
    yield client
    forget_cached_pages()


@pytest.fixture
def signed_out(settings) -> Client:
    settings.REVIEWHUB_PAGE_CACHE_SECONDS = 60
    forget_cached_pages()
    yield Client()
    forget_cached_pages()


def _reads_review_cards(captured: CaptureQueriesContext) -> bool:
    """Whether the film page's visible reviews were read (a signed-in reader's own review is read apart)."""
    return any(
        '"reviews_review"."body"' in query["sql"] and "'approved'" in query["sql"]
        for query in captured.captured_queries
    )


def _cached_page(client: Client, url: str) -> str:
    """The page at `url`, after checking that a second request is served (at least partly) from a cache."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert not _reads_review_cards(captured), "the review cards were not cached"
    return response.content.decode()


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _admin_form_data(admin_client: Client, obj, **changes) -> dict:
    """What the admin change form of `obj` posts back, with `changes` applied (inline management forms too)."""
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    context = admin_client.get(url).context
    form = context["adminform"].form
    data: dict = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    for inline in context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    data.update(changes)
    return data


def _admin_change(admin_client: Client, obj, **changes) -> None:
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    response = admin_client.post(url, _admin_form_data(admin_client, obj, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response


# --- The admin: a superuser's edits and hard deletes ---------------------------------------


def test_a_review_edited_in_the_admin_shows_at_once(reader, admin_client, review):
    url = review.film.get_absolute_url()
    assert review.title in _cached_page(reader, url)

    _admin_change(admin_client, review, title="Retitled by staff")

    page = _page(reader, url)
    assert "Retitled by staff" in page
    assert review.title not in page


def test_a_review_deleted_in_the_admin_disappears_at_once(reader, admin_client, review):
    make_comment(review=review, body="A reply that goes with it")
    url = review.film.get_absolute_url()
    assert review.title in _cached_page(reader, url)

    response = admin_client.post(reverse("admin:reviews_review_delete", args=[review.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Review.objects.filter(pk=review.pk).exists()

    assert review.title not in _page(reader, url)


def test_reviews_deleted_by_the_admins_bulk_action_disappear_at_once(reader, admin_client, film, review):
    second = make_review(film=film, title="Another take entirely")
    url = film.get_absolute_url()
    page = _cached_page(reader, url)
    assert review.title in page and second.title in page

    response = admin_client.post(
        reverse("admin:reviews_review_changelist"),
        {"action": "delete_selected", "_selected_action": [review.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Review.objects.filter(pk__in=[review.pk, second.pk]).exists()

    page = _page(reader, url)
    assert review.title not in page and second.title not in page


def test_a_comment_edited_and_deleted_in_the_admin_changes_the_review_page_at_once(signed_out, admin_client, review):
    comment = make_comment(review=review, body="Call me at this number")
    url = review.get_absolute_url()
    assert "Call me at this number" in _page(signed_out, url)
    with CaptureQueriesContext(connection) as captured:
        signed_out.get(url)
    assert len(captured) == 0  # served from the page cache

    _admin_change(admin_client, comment, body="[edited by staff]")
    page = _page(signed_out, url)
    assert "[edited by staff]" in page and "Call me at this number" not in page

    response = admin_client.post(reverse("admin:comments_comment_delete", args=[comment.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert "[edited by staff]" not in _page(signed_out, url)


# --- The shell: plain ORM saves and deletes ---------------------------------------------------


def test_a_review_saved_and_deleted_in_the_shell_shows_at_once(reader, review):
    url = review.film.get_absolute_url()
    assert review.title in _cached_page(reader, url)

    review.title = "Retitled in the shell"
    review.save()
    assert "Retitled in the shell" in _cached_page(reader, url)

    Review.objects.filter(pk=review.pk).delete()
    assert "Retitled in the shell" not in _page(reader, url)


def test_films_people_credits_and_genres_changed_in_the_shell_show_at_once(reader, review):
    film = review.film
    url = film.get_absolute_url()
    credit = make_credit(film=film, role="director")
    assert credit.person.name in _cached_page(reader, url)

    credit.person.name = "Renamed Director"
    credit.person.save()
    assert "Renamed Director" in _cached_page(reader, url)

    film.genres.create(name="Melodrama", slug="melodrama")
    assert "Melodrama" in _cached_page(reader, url)

    film.synopsis = "A new synopsis from the shell."
    film.save()
    assert "A new synopsis from the shell." in _cached_page(reader, url)

    credit.delete()
    assert "Renamed Director" not in _page(reader, url)


def test_a_renamed_account_shows_at_once_but_a_sign_in_changes_nothing(reader, review, other_user):
    url = review.film.get_absolute_url()
    assert other_user.username in _cached_page(reader, url)

    update_last_login(None, other_user)  # what every sign-in writes
    with CaptureQueriesContext(connection) as captured:
        reader.get(url)
    assert not _reads_review_cards(captured)

    other_user.username = "renamed-reviewer"
    other_user.save()
    assert "renamed-reviewer" in _page(reader, url)


# --- Transactions --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_writes_in_a_transaction_bump_the_version_once_more_after_the_commit(film, other_user):
    review = make_review(film=film, author=other_user)
    for n in range(3):
        make_comment(review=review, body=f"Comment {n}")
    with transaction.atomic():
        Comment.objects.filter(review=review).delete()  # a signal for each row
        review.title = "Retitled"
        review.save()
        during = cache.get(VERSION_KEY)
    # Pages rendered by other processes before the commit show the old rows: one bump after it retires them.
    assert cache.get(VERSION_KEY) == during + 1
