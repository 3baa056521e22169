"""Notification mail: immediate mails, the throttle, daily digests and one-click unsubscribe."""

import datetime
import re

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments import services as comment_services
from comments.tests.factories import make_comment
from conftest import make_user
from moderation_desk import services as desk
from notifications import mail
from notifications.models import DigestMail, Email, Kind, Notification, Preference
from notifications.services import preferences_set
from notifications.tests.helpers import mail_task_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail_settings(settings):
    settings.REVIEWHUB_MODERATION_FIRST_COMMENT_HOLD = False
    settings.REVIEWHUB_SITE_URL = "https://reviewhub.example"


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """Post a comment as a request would, running what is queued after its commit (the mail task)."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return make_comment(**kwargs)

    return run


@pytest.fixture
def mine(review, user):
    return make_comment(review=review, author=user, body="The letter scene.")


def test_a_reply_is_mailed_at_once_with_both_parts_a_link_and_one_click_unsubscribe(
    post, review, user, mine, mailoutbox
):
    lucy = make_user(username="lucy")
    reply = post(review=review, author=lucy, parent=mine, body="It made me cry too.")
    [message] = mailoutbox
    assert message.to == [user.email]
    assert message.subject == "lucy replied to your comment on “A quiet film about love” (Her, 2013)"
    link = f"https://reviewhub.example/reviews/{review.pk}/#comment-{reply.pk}"
    assert link in message.body
    assert "“It made me cry too.”" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert "<em>A quiet film about love</em>" in html
    unsubscribe = re.search(r"<(.+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert unsubscribe.startswith("https://reviewhub.example/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body
    assert unsubscribe in html
    assert Notification.objects.get(recipient=user).mailed_at is not None


def test_kinds_off_by_default_are_not_mailed(post, review, user, mailoutbox):
    post(review=review, author=user)  # a comment on other_user's review: mail is off for that kind
    assert mailoutbox == []


def test_one_immediate_mail_per_discussion_in_ten_minutes_the_rest_wait_for_the_digest(
    post, review, user, mine, mailoutbox
):
    post(review=review, parent=mine)
    post(review=review, parent=mine)
    assert len(mailoutbox) == 1
    waiting = Notification.objects.filter(recipient=user, mailed_at__isnull=True).get()
    assert waiting.email == Email.DIGEST
    # Past the window, another reply goes out at once again.
    Notification.objects.filter(recipient=user, mailed_at__isnull=False).update(
        mailed_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    post(review=review, parent=mine)
    assert len(mailoutbox) == 2


def test_a_retried_task_does_not_send_twice(review, user, mine, mailoutbox):
    make_comment(review=review, parent=mine)
    notification = Notification.objects.get(recipient=user)
    mail_task_for(notification)
    mail_task_for(notification)
    assert len(mailoutbox) == 1


def test_withdrawn_content_and_switched_off_actors_are_not_mailed(review, user, mine, mailoutbox, moderator):
    removed = make_comment(review=review, parent=mine)
    desk.moderate(target=removed, action=desk.REMOVE, actor=moderator)
    troll = make_user()
    make_comment(review=review, parent=mine, author=troll)
    desk.user_deactivate(user=troll, actor=moderator)
    for notification in Notification.objects.filter(recipient=user):
        mail_task_for(notification)
    # Only the removed reply's author hears, of the decision.
    assert [m.to for m in mailoutbox] == [[removed.author.email]]


def test_a_decision_mail_never_names_the_moderator(
    review, user, mailoutbox, moderator, django_capture_on_commit_callbacks
):
    held = comment_services.comment_create(author=user, review=review, body="x http://a.example http://b.example")
    with django_capture_on_commit_callbacks(execute=True):
        desk.moderate(target=held, action=desk.SPAM, actor=moderator)
    [message] = mailoutbox
    assert message.to == [user.email]
    assert message.subject == "Your comment on “A quiet film about love” (Her, 2013) was not published (reason: spam)"
    assert moderator.username not in message.body
    assert "http://a.example" not in message.body


def test_in_development_the_console_shows_the_whole_mail(post, review, user, mine, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    post(review=review, parent=mine)
    out = capsys.readouterr().out
    assert f"To: {user.email}" in out
    # Long headers are folded onto continuation lines.
    assert re.search(r"List-Unsubscribe:\s+<https://reviewhub.example/notifications/unsubscribe/", out)
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in out
    assert "Unsubscribe from these mails (one click): https://reviewhub.example/notifications/unsubscribe/" in out
    assert "Content-Type: text/html" in out


# --- Daily digest ---------------------------------------------------------------------------------------


@pytest.fixture
def digest_reader(user):
    preferences_set(user=user, choices={Kind.REPLY: (True, Email.DIGEST), Kind.DISCUSSION: (True, Email.DIGEST)})
    return user


def test_the_digest_is_one_mail_with_everything_unread_and_is_safe_to_run_twice(
    post, review, digest_reader, mine, mailoutbox, capsys
):
    post(review=review, parent=mine, body="First reply.")
    post(review=review, body="A new comment.")
    read = post(review=review, parent=mine, body="Already seen.")
    Notification.objects.filter(object_id=read.pk, recipient=digest_reader).update(read_at=timezone.now())
    assert mailoutbox == []
    call_command("send_digests")
    assert "1 digest sent." in capsys.readouterr().out
    [digest] = mailoutbox
    assert digest.to == [digest_reader.email]
    assert digest.subject == "Your ReviewHub digest: 2 new notifications"
    assert "First reply." in digest.body
    assert "A new comment." in digest.body
    assert "Already seen." not in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    call_command("send_digests")
    assert "0 digests sent." in capsys.readouterr().out
    assert len(mailoutbox) == 1


def test_one_digest_a_day_the_rest_waits_for_tomorrow(post, review, digest_reader, mine, mailoutbox):
    post(review=review, parent=mine)
    mail.digests_send()
    post(review=review, parent=mine, body="Later the same day.")
    assert mail.digests_send() == 0
    assert mail.digests_send(day=timezone.localdate() + datetime.timedelta(days=1)) == 1
    assert "Later the same day." in mailoutbox[-1].body
    assert DigestMail.objects.filter(user=digest_reader).count() == 2


def test_an_immediate_mail_that_failed_goes_in_the_digest(review, user, mine, mailoutbox):
    make_comment(review=review, parent=mine, body="Never mailed.")  # its task never ran (no commit)
    Notification.objects.filter(recipient=user).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert mail.digests_send() == 1
    assert "Never mailed." in mailoutbox[0].body
    mail_task_for(Notification.objects.get(recipient=user))
    assert len(mailoutbox) == 1


# --- Unsubscribe --------------------------------------------------------------------------------------


def unsubscribe_path(user_id: int, kind: str) -> str:
    return reverse("notifications:unsubscribe", args=[mail.unsubscribe_token(user_id=user_id, kind=kind)])


def test_the_link_shows_a_confirmation_first_and_changes_nothing(client, user):
    response = client.get(unsubscribe_path(user.pk, Kind.REPLY))
    assert response.status_code == 200
    assert "replies to your comments" in response.content.decode()
    assert '<button type="submit" class="btn btn-primary">Unsubscribe</button>' in response.content.decode()
    assert not Preference.objects.exists()


def test_one_click_post_works_without_sign_in_or_csrf_token_and_twice(user):
    client = Client(enforce_csrf_checks=True)
    path = unsubscribe_path(user.pk, Kind.REPLY)
    for _ in range(2):
        response = client.post(path, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert "You are unsubscribed" in response.content.decode()
    assert Preference.objects.get(user=user, kind=Kind.REPLY).email == Email.OFF
    assert Preference.objects.get(user=user, kind=Kind.REPLY).in_site is True


def test_a_token_for_another_kind_leaves_this_one_alone(client, user):
    client.post(unsubscribe_path(user.pk, Kind.REPORT))
    assert list(Preference.objects.filter(user=user).values_list("kind", "email")) == [(Kind.REPORT, Email.OFF)]


def test_the_digest_token_turns_off_every_digest_kind(client, digest_reader):
    client.post(unsubscribe_path(digest_reader.pk, "digest"))
    assert set(Preference.objects.filter(user=digest_reader, email=Email.OFF).values_list("kind", flat=True)) == {
        Kind.REPLY,
        Kind.DISCUSSION,
    }


def test_a_tampered_link_shows_a_clear_page_and_changes_nothing(client, user, other_user):
    token = mail.unsubscribe_token(user_id=user.pk, kind=Kind.REPLY)
    forged = signing.dumps({"u": other_user.pk, "k": Kind.REPLY}, salt="another salt")
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        response = client.post(reverse("notifications:unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "This unsubscribe link does not work" in response.content.decode()
        assert "Nothing was changed." in response.content.decode()
    assert not Preference.objects.exists()


def test_an_expired_link_shows_a_clear_page_and_changes_nothing(client, user, settings):
    path = unsubscribe_path(user.pk, Kind.REPLY)
    settings.REVIEWHUB_UNSUBSCRIBE_MAX_AGE = -1
    response = client.post(path)
    assert response.status_code == 400
    assert "The link has expired." in response.content.decode()
    assert not Preference.objects.exists()


def test_unsubscribing_drops_what_was_waiting_to_be_mailed(client, post, review, digest_reader, mine, mailoutbox):
    post(review=review, parent=mine)
    client.post(unsubscribe_path(digest_reader.pk, Kind.REPLY))
    assert mail.digests_send() == 0
    assert mailoutbox == []
