"""The pages notifications add or change, as a signed-in reader sees them, pass the Nu HTML Checker."""

import pytest
from django.urls import reverse

from comments.tests.factories import make_comment
from conftest import make_user
from notifications import mail
from notifications.models import Kind, UserFollow
from reviewhub.tests import nuchecker
from reviews.tests.factories import make_review

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(nuchecker.unavailable() is not None, reason=nuchecker.unavailable() or ""),
]


def test_notification_pages_have_no_html_errors(client, review, user, settings):
    settings.REVIEWHUB_MODERATION_FIRST_COMMENT_HOLD = False
    mine = make_comment(review=review, author=user)
    make_comment(review=review, parent=mine, body="A reply with a <b>tag</b> & an ampersand.")
    lucy = make_user(username="lucy")
    UserFollow.objects.create(follower=user, followed=lucy)
    make_review(author=lucy)
    client.force_login(user)
    token = mail.unsubscribe_token(user_id=user.pk, kind=Kind.REPLY)
    urls = {
        "notifications": reverse("notifications:list"),
        "settings": reverse("notifications:settings"),
        "home, following": reverse("pages:home"),
        "review, following": review.get_absolute_url(),
        "profile": reverse("pages:profile", args=[lucy.username]),
        "unsubscribe": reverse("notifications:unsubscribe", args=[token]),
    }
    pages = {f"{name} {url}": client.get(url).content.decode() for name, url in urls.items()}
    pages["invalid link"] = client.get(reverse("notifications:unsubscribe", args=["bad"])).content.decode()
    found = nuchecker.errors(pages)
    problems = [f"{page} {error}" for page, errors in found.items() for error in errors]
    assert not problems, "\n".join(problems)
