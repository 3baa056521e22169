"""Users in the admin: deactivate, clear a spammer's pending comments; moderators have no access."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_create
from conftest import make_user
from moderation.models import ModerationEvent, Status
from moderation.tests.factories import changelist_url, make_moderator, run_admin_action

pytestmark = pytest.mark.django_db

User = get_user_model()
USERS = changelist_url("accounts", "user")


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_deactivating_signs_the_account_out_and_stops_it_posting(admin_client, admin_user, client, user, review):
    client.force_login(user)

    response = run_admin_action(admin_client, "accounts", "user", "deactivate_selected", [user])

    assert "1 account was deactivated." in messages_of(response)
    user.refresh_from_db()
    assert not user.is_active
    event = ModerationEvent.objects.get(action="deactivated")
    assert (event.object_id, event.actor) == (user.pk, admin_user)
    # The open session no longer counts: Django's backend refuses inactive users.
    response = client.post(reverse("comments:create", args=[review.pk]), {"body": "Still here?"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not Comment.objects.filter(author=user).exists()
    response = client.post(reverse("login"), {"username": "reader", "password": "correct horse battery staple"})
    assert not response.wsgi_request.user.is_authenticated


def test_an_admin_cannot_deactivate_themselves(admin_client, admin_user):
    response = run_admin_action(admin_client, "accounts", "user", "deactivate_selected", [admin_user])
    assert "You cannot deactivate your own account." in messages_of(response)
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_remove_all_pending_comments_of_selected_users(admin_client, review):
    spammer = make_user()
    for n in range(2):
        comment_create(author=spammer, review=review, body=f"Cheap pills {n}")
    other = comment_create(author=make_user(), review=review, body="Hello")

    response = run_admin_action(admin_client, "accounts", "user", "remove_pending_comments", [spammer])

    assert "2 pending comments were removed." in messages_of(response)
    assert set(Comment.objects.filter(author=spammer).values_list("status", flat=True)) == {Status.REMOVED}
    other.refresh_from_db()
    assert other.status == Status.PENDING


def test_user_admin_smoke(admin_client, user):
    assert admin_client.get(USERS, {"q": "read"}).context["cl"].result_count == 1
    html = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    assert 'name="bio"' in html
    assert admin_client.get(reverse("admin:accounts_user_add")).status_code == 200


def test_only_superusers_delete_accounts(client, user):
    staff = make_user(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user", "delete_user"]))
    client.force_login(staff)
    assert client.get(reverse("admin:accounts_user_delete", args=[user.pk])).status_code == 403
    assert User.objects.filter(pk=user.pk).exists()


def test_moderators_have_no_user_admin(client, user):
    client.force_login(make_moderator())
    assert client.get(USERS).status_code == 403
    assert client.get(reverse("admin:accounts_user_change", args=[user.pk])).status_code == 403
    run_admin_action(client, "accounts", "user", "deactivate_selected", [user])
    user.refresh_from_db()
    assert user.is_active


def test_deleting_a_user_with_writing_is_refused_and_keeps_others_replies(admin_client, review):
    """Review.author CASCADE → Comment.review CASCADE used to take other people's comments with the account."""
    author = review.author
    reader = make_user()
    reply = comment_create(author=reader, review=review, body="Others wrote this reply.")
    delete_url = reverse("admin:accounts_user_delete", args=[author.pk])

    page = admin_client.get(delete_url)
    assert "deactivate the account instead" in " ".join(messages_of(page))
    response = admin_client.post(delete_url, {"post": "yes"}, follow=True)

    assert User.objects.filter(pk=author.pk).exists()
    assert Comment.objects.filter(pk=reply.pk).exists()
    assert "deactivate the account instead" in " ".join(messages_of(response))
    # The bulk "delete selected" action refuses the same way.
    admin_client.post(USERS, {"action": "delete_selected", "_selected_action": [author.pk], "post": "yes"}, follow=True)
    assert User.objects.filter(pk=author.pk).exists()


def test_deleting_a_voter_removes_their_votes_and_recounts_helpful(admin_client, review):
    """Votes went by CASCADE and left helpful_yes/helpful_total counting them."""
    from reviews.services import helpful_vote_set

    voter, other = make_user(), make_user()
    helpful_vote_set(review=review, voter=voter, is_helpful=True)
    helpful_vote_set(review=review, voter=other, is_helpful=False)

    response = admin_client.post(reverse("admin:accounts_user_delete", args=[voter.pk]), {"post": "yes"}, follow=True)

    assert response.status_code == 200
    assert not User.objects.filter(pk=voter.pk).exists()
    review.refresh_from_db()
    assert (review.helpful_yes, review.helpful_total, review.helpful_score) == (0, 1, 0.0)
