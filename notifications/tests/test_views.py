"""The bell, the notifications page, follow buttons, the home page section and the preferences page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.tests.factories import make_comment
from conftest import make_user
from notifications import services
from notifications.models import DiscussionFollow, Email, FollowDefaults, Kind, Notification, Preference, UserFollow
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_first_comment_hold(settings):
    settings.REVIEWHUB_MODERATION_FIRST_COMMENT_HOLD = False


@pytest.fixture
def replied(review, user):
    """The reader's comment on the review, and lucy's reply to it."""
    mine = make_comment(review=review, author=user, body="The letter scene.")
    lucy = make_user(username="lucy")
    reply = make_comment(review=review, author=lucy, parent=mine, body="It made me cry too.")
    return mine, reply


def test_the_bell_shows_the_unread_count_with_an_accessible_name(client, user, replied):
    client.force_login(user)
    response = client.get(reverse("pages:home"))
    assert 'aria-label="Notifications, 1 unread"' in response.content.decode()
    assert f'href="{reverse("notifications:list")}"' in response.content.decode()


def test_the_bell_without_unread_says_just_notifications(client, user):
    client.force_login(user)
    response = client.get(reverse("pages:home"))
    assert 'aria-label="Notifications"' in response.content.decode()


def test_signed_out_pages_have_no_bell(client, review):
    assert "Notifications" not in client.get(review.get_absolute_url()).content.decode()


def test_the_bell_costs_one_query(client, user, replied):
    client.force_login(user)
    url = reverse("films:list")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    counts = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1


def test_the_list_says_who_did_what_where_with_a_quote(client, user, replied, review):
    client.force_login(user)
    response = client.get(reverse("notifications:list"))
    html = response.content.decode()
    assert "lucy replied to your comment on <em>A quiet film about love</em> (Her, 2013)" in html
    assert "“It made me cry too.”" in html
    notification = Notification.objects.get(recipient=user)
    assert f'href="{reverse("notifications:open", args=[notification.pk])}"' in html


def test_the_list_is_only_for_signed_in_readers(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_opening_marks_read_and_lands_on_the_reply(client, user, replied, review):
    _, reply = replied
    client.force_login(user)
    notification = Notification.objects.get(recipient=user)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{review.pk}/#comment-{reply.pk}"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'aria-label="Notifications"' in client.get(reverse("pages:home")).content.decode()


def test_nobody_opens_another_readers_notification(client, user, replied, other_user):
    client.force_login(other_user)
    notification = Notification.objects.get(recipient=user)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_as_read_is_one_post(client, user, replied, review):
    make_comment(review=review, parent=replied[0])
    client.force_login(user)
    assert client.get(reverse("notifications:read-all")).status_code == 405
    response = client.post(reverse("notifications:read-all"), follow=True)
    assert "2 notifications marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()


def test_mark_all_as_read_is_rate_limited(client, user, replied, settings):
    settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "notification": (1, 60)}
    client.force_login(user)
    client.post(reverse("notifications:read-all"))
    mine = Notification.objects.filter(recipient=user)
    mine.update(read_at=None)
    response = client.post(reverse("notifications:read-all"), follow=True)
    assert "You are posting too quickly" in response.content.decode()
    assert mine.filter(read_at__isnull=True).count() == 1


def _notifications_for(user, count: int, review) -> None:
    rows = [
        Notification(
            recipient=user,
            actor=make_user(),
            kind=Kind.DISCUSSION,
            target=review,
            review_id=review.pk,
            url="/",
            review_title=review.title,
            film_label="Her, 2013",
        )
        for _ in range(count)
    ]
    Notification.objects.bulk_create(rows)


def test_the_list_costs_the_same_queries_at_any_size(client, user, review, django_assert_max_num_queries):
    _notifications_for(user, 1, review)
    client.force_login(user)
    url = reverse("notifications:list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _notifications_for(user, 45, review)
    with django_assert_max_num_queries(len(one)):
        response = client.get(f"{url}?page=2")
    assert len(one) <= 10
    assert response.context["page"].number == 2
    assert 'aria-label="Notification pages"' in response.content.decode()


def test_newest_first(client, user, review):
    _notifications_for(user, 2, review)
    client.force_login(user)
    page = client.get(reverse("notifications:list")).context["page"]
    assert [n.pk for n in page] == sorted((n.pk for n in page), reverse=True)


# --- Following a discussion ------------------------------------------------------------------------


def test_the_review_page_offers_follow_and_mute(client, user, review):
    client.force_login(user)
    html = client.get(review.get_absolute_url()).content.decode()
    assert ">Follow this discussion</button>" in html
    assert ">Mute</button>" in html


def test_following_then_stopping_from_the_review_page(client, user, review):
    client.force_login(user)
    url = reverse("comments:follow", args=[review.pk])
    response = client.post(url, {"state": "follow"}, follow=True)
    assert ">Stop following</button>" in response.content.decode()
    assert DiscussionFollow.objects.filter(user=user, review_id=review.pk, muted=False).exists()
    client.post(url, {"state": "mute"})
    assert DiscussionFollow.objects.get(user=user, review_id=review.pk).muted
    response = client.post(url, {"state": "stop"}, follow=True)
    assert ">Follow this discussion</button>" in response.content.decode()
    assert not DiscussionFollow.objects.filter(user=user).exists()


def test_following_a_discussion_needs_a_visible_review_and_sign_in(client, user, review):
    url = reverse("comments:follow", args=[review.pk])
    assert client.post(url, {"state": "follow"}).status_code == 302
    assert not DiscussionFollow.objects.filter(user=user).exists()
    from reviews.services import review_delete

    review_delete(review=review)
    client.force_login(user)
    assert client.post(url, {"state": "follow"}).status_code == 404


def test_signed_out_review_page_has_no_follow_form(client, review):
    assert "Follow this discussion" not in client.get(review.get_absolute_url()).content.decode()


def test_follows_are_rate_limited(client, user, review, settings):
    settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "follow": (1, 600)}
    client.force_login(user)
    url = reverse("comments:follow", args=[review.pk])
    client.post(url, {"state": "follow"})
    response = client.post(url, {"state": "mute"}, follow=True)
    assert "You are posting too quickly" in response.content.decode()
    assert not DiscussionFollow.objects.get(user=user).muted


# --- Following people ---------------------------------------------------------------------------------


def test_the_profile_shows_counts_and_a_follow_button(client, user, other_user):
    UserFollow.objects.create(follower=make_user(), followed=other_user)
    client.force_login(user)
    url = reverse("pages:profile", args=[other_user.username])
    html = client.get(url).content.decode()
    assert '<strong id="stat-followers">1</strong> follower ·' in html
    assert '<strong id="stat-following">0</strong> following' in html
    response = client.post(reverse("pages:follow", args=[other_user.username]), {"action": "follow"}, follow=True)
    html = response.content.decode()
    assert '<strong id="stat-followers">2</strong> followers' in html
    assert ">Unfollow<span" in html
    assert Notification.objects.get(recipient=other_user).kind == Kind.FOLLOWER
    client.post(reverse("pages:follow", args=[other_user.username]), {"action": "unfollow"})
    assert not UserFollow.objects.filter(follower=user).exists()


def test_no_follow_button_on_your_own_profile_or_when_signed_out(client, user):
    url = reverse("pages:profile", args=[user.username])
    assert ">Follow<span" not in client.get(url).content.decode()
    client.force_login(user)
    assert ">Follow<span" not in client.get(url).content.decode()
    client.post(reverse("pages:follow", args=[user.username]), {"action": "follow"})
    assert not UserFollow.objects.exists()


def test_the_home_page_starts_with_people_you_follow(client, user):
    lucy = make_user(username="lucy")
    UserFollow.objects.create(follower=user, followed=lucy)
    make_review(author=lucy, title="A film that feels like a first love")
    make_review(title="Somebody else's review")
    client.force_login(user)
    html = client.get(reverse("pages:home")).content.decode()
    section = html[html.index("From people you follow") : html.index("Latest reviews")]
    assert "A film that feels like a first love" in section
    assert "Somebody else" not in section


def test_no_followed_section_without_follows_or_signed_out(client, user):
    make_review()
    assert "From people you follow" not in client.get(reverse("pages:home")).content.decode()
    client.force_login(user)
    assert "From people you follow" not in client.get(reverse("pages:home")).content.decode()


# --- Preferences ----------------------------------------------------------------------------------------


def test_the_preferences_page_shows_the_defaults(client, user):
    client.force_login(user)
    response = client.get(reverse("notifications:settings"))
    form = response.context["preferences_form"]
    assert form["reply_email"].value() == Email.IMMEDIATELY
    assert form["discussion_email"].value() == Email.OFF
    assert form["own_reviews"].value() is True
    assert '<legend class="h6 float-none w-auto mb-2">Replies to your comments</legend>' in response.content.decode()
    assert "notifications/_preferences_form.html" in [t.name for t in response.templates]


def test_saving_preferences(client, user):
    client.force_login(user)
    data = {f"{kind}_email": Email.OFF for kind in Kind.values}
    data |= {f"{kind}_in_site": "on" for kind in Kind.values if kind != Kind.FOLLOWER}
    data |= {"reply_email": Email.DIGEST, "own_reviews": "on"}
    response = client.post(reverse("notifications:settings"), data, follow=True)
    assert "Your notification settings were saved." in response.content.decode()
    assert Preference.objects.get(user=user, kind=Kind.REPLY).email == Email.DIGEST
    assert not Preference.objects.get(user=user, kind=Kind.FOLLOWER).in_site
    assert FollowDefaults.objects.get(user=user).commented is False


def test_an_invalid_choice_is_shown_beside_its_field(client, user):
    client.force_login(user)
    data = {f"{kind}_email": Email.OFF for kind in Kind.values} | {"reply_email": "hourly"}
    response = client.post(reverse("notifications:settings"), data)
    assert response.status_code == 200
    assert response.context["preferences_form"].errors["reply_email"]
    assert not Preference.objects.exists()


def test_a_kind_switched_off_in_site_leaves_the_bell_alone(client, user, review):
    services.preferences_set(user=user, choices={Kind.REPLY: (False, Email.OFF)})
    mine = make_comment(review=review, author=user)
    make_comment(review=review, parent=mine)
    client.force_login(user)
    assert 'aria-label="Notifications"' in client.get(reverse("pages:home")).content.decode()
