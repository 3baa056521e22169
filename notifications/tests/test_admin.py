"""Notifications in the admin: staff can look, nobody can add, change or delete them."""

import pytest
from django.urls import reverse

from comments.tests.factories import make_comment
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def notification(review, user, settings) -> Notification:
    settings.REVIEWHUB_MODERATION_FIRST_COMMENT_HOLD = False
    make_comment(review=review, author=user)
    return Notification.objects.get(recipient=review.author)


def test_the_changelist_lists_and_searches_notifications(admin_client, notification):
    url = reverse("admin:notifications_notification_changelist")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert notification.review_title in response.content.decode()
    assert admin_client.get(url, {"q": notification.recipient.username}).context["cl"].result_count == 1
    assert admin_client.get(url, {"q": "nobody-by-that-name"}).context["cl"].result_count == 0


def test_nobody_adds_changes_or_deletes_a_notification(admin_client, notification):
    assert admin_client.get(reverse("admin:notifications_notification_add")).status_code == 403
    change = admin_client.get(reverse("admin:notifications_notification_change", args=[notification.pk]))
    assert change.status_code == 200
    assert not change.context["has_change_permission"]
    response = admin_client.post(reverse("admin:notifications_notification_delete", args=[notification.pk]))
    assert response.status_code == 403
    assert Notification.objects.filter(pk=notification.pk).exists()
