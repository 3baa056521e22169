"""End-to-end delivery over real SMTP: an aiosmtpd server on a free loopback port, Django's SMTP backend."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from comments.tests.factories import make_comment
from conftest import make_user
from notifications.models import Notification
from notifications.tests.helpers import mail_task_for

pytestmark = pytest.mark.django_db


class Inbox:
    """Collects what the server accepts; can refuse the next few recipients with a temporary error."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.refuse = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.REVIEWHUB_SITE_URL = "https://reviewhub.example"
    settings.REVIEWHUB_MODERATION_FIRST_COMMENT_HOLD = False
    yield inbox
    controller.stop()


def test_a_reply_mail_arrives_with_recipient_subject_headers_and_link(
    smtp_inbox, review, user, django_capture_on_commit_callbacks
):
    mine = make_comment(review=review, author=user)
    with django_capture_on_commit_callbacks(execute=True):
        reply = make_comment(review=review, author=make_user(username="lucy"), parent=mine)
    [(recipients, message)] = smtp_inbox.messages
    assert recipients == [user.email]
    assert message["To"] == user.email
    # Folded onto a continuation line; the unfolding leaves the fold's space.
    assert message["Subject"].strip() == "lucy replied to your comment on “A quiet film about love” (Her, 2013)"
    assert message["List-Unsubscribe"].strip().startswith("<https://reviewhub.example/notifications/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    link = f"https://reviewhub.example/reviews/{review.pk}/#comment-{reply.pk}"
    assert link in text
    assert f'href="{link}"' in html


def test_a_failed_send_is_retried_once_and_never_twice(smtp_inbox, review, user):
    mine = make_comment(review=review, author=user)
    make_comment(review=review, parent=mine)
    notification = Notification.objects.get(recipient=user)

    smtp_inbox.refuse = 1
    failed = mail_task_for(notification)
    assert failed.status == "FAILED"
    assert smtp_inbox.messages == []
    notification.refresh_from_db()
    assert notification.mailed_at is None

    for _ in range(2):  # the retry, and a duplicate delivery of the same task
        assert mail_task_for(notification).status == "SUCCESSFUL"
    assert len(smtp_inbox.messages) == 1
    notification.refresh_from_db()
    assert notification.mailed_at is not None
