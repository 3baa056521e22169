"""Deleting one's own account: anonymised, signed out, writing kept as by "a former member" or removed.

What readers see afterwards is checked through the pages; the film statistics against a fresh aggregate.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from account_settings.tests.test_views import image_upload
from comments.models import Comment
from comments.tests.factories import make_comment
from conftest import PASSWORD, make_user
from films.tests.factories import make_film
from moderation.models import ModerationEvent
from moderation.tests.factories import moderators_group
from reviews import services as review_services
from reviews.models import HelpfulVote, Review
from reviews.tests.factories import make_review
from reviews.tests.test_counts import counted, stored

pytestmark = pytest.mark.django_db


def delete_account(client: Client, writing: str):
    return client.post(
        reverse("account_settings:delete"), {"delete-writing": writing, "delete-current_password": PASSWORD}
    )


@pytest.fixture
def leaver(db):
    return make_user(username="leaver", email="leaver@example.com", bio="I love Her.", display_name="Lee Ver")


@pytest.fixture
def scene(leaver, other_user):
    """The leaver's rated review with others' discussion and votes, and the leaver's comments on another's review."""
    film = make_film(title="Her", year=2013, slug="her-2013")
    own_review = make_review(film=film, author=leaver, title="A first take on Her", rating=4)
    others_review = make_review(film=film, author=other_user, title="A second take on Her", rating=9)
    under_own = make_comment(review=own_review, author=other_user, body="A comment under the first take.")
    review_services.helpful_vote_set(review=own_review, voter=other_user, is_helpful=True)
    leaver_comment = make_comment(review=others_review, author=leaver, body="An answered comment.")
    reply = make_comment(review=others_review, author=other_user, parent=leaver_comment, body="A reply by another.")
    lone_comment = make_comment(review=others_review, author=leaver, body="A lone comment.")
    return {
        "film": film,
        "own_review": own_review,
        "others_review": others_review,
        "under_own": under_own,
        "leaver_comment": leaver_comment,
        "reply": reply,
        "lone_comment": lone_comment,
    }


def test_the_account_is_anonymised_deactivated_and_signed_out_everywhere(client, leaver, scene):
    leaver.is_staff = True
    leaver.save()
    leaver.groups.add(moderators_group())
    elsewhere = Client()
    elsewhere.force_login(leaver)
    client.force_login(leaver)

    response = delete_account(client, "keep")

    assert response.status_code == 302 and response.url == reverse("pages:home")
    page = client.get(response.url)
    assertContains(page, "Your account was deleted and you are signed out.")
    leaver.refresh_from_db()
    assert re.fullmatch(r"former-member-[0-9a-f]{12}", leaver.username)
    assert (leaver.email, leaver.bio, leaver.display_name, leaver.first_name, leaver.last_name) == ("",) * 5
    assert not leaver.avatar and not leaver.is_active and not leaver.has_usable_password()
    assert not (leaver.is_staff or leaver.is_superuser or leaver.groups.exists())
    for session in (client, elsewhere):
        assert session.get(reverse("account_settings:page")).status_code == 302
    assert Client().post(reverse("login"), {"username": "leaver", "password": PASSWORD}).status_code == 200
    assert client.get(reverse("pages:profile", args=["leaver"])).status_code == 404
    assert client.get(reverse("pages:profile", args=[leaver.username])).status_code == 404

    [event] = ModerationEvent.objects.filter(object_id=leaver.pk, action=ModerationEvent.Action.DEACTIVATED)
    assert event.note == "account deleted by its owner; their writing kept"
    assert event.actor_id == leaver.pk


def test_kept_writing_reads_as_by_a_former_member_with_no_link_and_no_name(client, leaver, other_user, scene):
    client.force_login(leaver)
    delete_account(client, "keep")
    reader = Client()

    review_page = reader.get(scene["own_review"].get_absolute_url()).content.decode()
    assert 'by <span class="rh-author former-member">a former member</span>' in review_page
    assert '<meta name="description" content="A former member reviews' in review_page
    thread_page = reader.get(scene["others_review"].get_absolute_url()).content.decode()
    for page in (review_page, thread_page):
        assert "leaver" not in page.lower() and "Lee Ver" not in page
    assert thread_page.count('<span class="rh-author former-member">a former member</span>') == 2
    assert "An answered comment." in thread_page
    assert "replying to a former member" in thread_page
    assert "A reply by another." in thread_page

    film_page = reader.get(scene["film"].get_absolute_url())
    assertContains(film_page, '<span class="former-member">a former member</span>', html=True)
    assertNotContains(film_page, "leaver")
    home = reader.get(reverse("pages:home"))
    assertContains(home, "a former member")
    assertNotContains(home, "leaver")
    replier = Client()
    replier.force_login(other_user)
    reply_page = replier.get(reverse("comments:reply", args=[scene["leaver_comment"].pk]))
    assertContains(reply_page, "<title>Reply to a former member on")

    assert stored(scene["film"]) == counted(scene["film"])
    assert stored(scene["film"])["rating_count"] == 2


def test_removed_writing_goes_through_the_soft_deletes_and_keeps_everyone_elses(client, leaver, other_user, scene):
    client.force_login(leaver)
    delete_account(client, "remove")
    reader = Client()

    own_review = Review.objects.get(pk=scene["own_review"].pk)
    assert own_review.deleted_at is not None
    assert reader.get(own_review.get_absolute_url()).status_code == 404
    assert stored(scene["film"]) == counted(scene["film"])
    assert (stored(scene["film"])["review_count"], stored(scene["film"])["ratings_4"]) == (1, 0)

    # Others' discussion and votes under the removed review stay, and come back with it.
    under_own = Comment.objects.get(pk=scene["under_own"].pk)
    assert under_own.deleted_at is None
    assert HelpfulVote.objects.filter(review=own_review, voter=other_user).exists()
    review_services.review_restore(review=own_review)
    assertContains(reader.get(own_review.get_absolute_url()), "A comment under the first take.")

    # The answered comment leaves its placeholder with the reply in place; the lone one goes.
    thread = reader.get(scene["others_review"].get_absolute_url()).content.decode()
    assert f'id="comment-{scene["leaver_comment"].pk}"><p class="rh-placeholder">[deleted]</p>' in thread
    assert "A reply by another." in thread
    assert f'id="comment-{scene["lone_comment"].pk}"' not in thread
    assert "A lone comment." not in thread
    assert not Comment.objects.filter(author=leaver, deleted_at__isnull=True).exists()
    assert Comment.objects.filter(author=leaver).count() == 2, "soft deleted, restorable by staff"

    [event] = ModerationEvent.objects.filter(object_id=leaver.pk, action=ModerationEvent.Action.DEACTIVATED)
    assert event.note == "account deleted by its owner; their writing removed"


def test_the_avatar_file_goes_with_the_account(client, leaver, settings, django_capture_on_commit_callbacks):
    client.force_login(leaver)
    client.post(reverse("account_settings:profile"), {"profile-avatar": image_upload()})
    leaver.refresh_from_db()
    stored_file = settings.MEDIA_ROOT / leaver.avatar.name
    assert stored_file.exists()
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(client, "keep")
    assert not stored_file.exists()


def test_a_review_page_by_a_former_member_costs_no_extra_query(
    client, leaver, scene, django_assert_num_queries, django_assert_max_num_queries
):
    url = scene["others_review"].get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(10) as before:
        client.get(url)
    queries = len(before)  # now: each request clears the connection's query log
    signed_in = Client()
    signed_in.force_login(leaver)
    delete_account(signed_in, "keep")
    with django_assert_num_queries(queries):
        assertContains(client.get(url), "a former member")


@pytest.mark.parametrize("name", ["former-member-abc", "Former-Member", "f0rmer-member-1"])
def test_nobody_can_sign_up_with_a_former_members_name(client, name):
    response = client.post(
        reverse("signup"),
        {
            "username": name,
            "email": "x@example.com",
            "password1": "a-long-Pass-phrase",
            "password2": "a-long-Pass-phrase",
        },
    )
    assert response.status_code == 200
    assert "This username is reserved. Please choose another." in response.context["form"].errors["username"]
    assert not get_user_model().objects.filter(username__iexact=name).exists()
