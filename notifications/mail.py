"""Notification mail: one mail per notification or one daily digest, each with one-click unsubscribe (RFC 8058).

Sending is idempotent: the row is locked, checked and marked in the transaction that sends it, so a
retried task or a second digest run never mails the same thing twice.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from notifications.models import DigestMail, Email, Kind, Notification
from notifications.services import DIGEST

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    """(user id, kind) of a valid token; raises signing.BadSignature (SignatureExpired past the max age)."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=settings.REVIEWHUB_UNSUBSCRIBE_MAX_AGE)
    if not isinstance(data, dict) or data.get("k") not in [*Kind.values, DIGEST]:
        raise signing.BadSignature("Not an unsubscribe token.")
    return int(data["u"]), data["k"]


def absolute(path: str) -> str:
    return f"{settings.REVIEWHUB_SITE_URL}{path}"


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return absolute(reverse("notifications:unsubscribe", kwargs={"token": token}))


def _subject(notification: Notification) -> str:
    text = render_to_string("notifications/mail/subject.txt", {"notification": notification, "plain": True})
    return " ".join(text.split())


def _message(*, to: str, subject: str, template: str, context: dict, unsubscribe: str) -> EmailMultiAlternatives:
    context = {**context, "unsubscribe_url": unsubscribe, "site_url": settings.REVIEWHUB_SITE_URL}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/mail/{template}.txt", context),
        to=[to],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string(f"notifications/mail/{template}.html", context), "text/html")
    return message


def _mailable() -> QuerySet[Notification]:
    """Not mailed yet, still about live content, to and from accounts that are on."""
    return Notification.objects.filter(
        Q(actor__isnull=True) | Q(actor__is_active=True),
        mailed_at__isnull=True,
        withdrawn_at__isnull=True,
        read_at__isnull=True,
        recipient__is_active=True,
    ).exclude(recipient__email="")


def _throttled(notification: Notification) -> bool:
    """Another immediate mail about the same discussion (or, outside one, the same kind) went out lately."""
    since = timezone.now() - datetime.timedelta(seconds=settings.REVIEWHUB_NOTIFICATION_MAIL_THROTTLE_SECONDS)
    same = Q(review_id=notification.review_id) if notification.review_id else Q(review_id=None, kind=notification.kind)
    return (
        Notification.objects.filter(same, recipient_id=notification.recipient_id, mailed_at__gte=since)
        .filter(email=Email.IMMEDIATELY)
        .exclude(pk=notification.pk)
        .exists()
    )


@transaction.atomic
def notification_mail_send(*, notification_id: int) -> bool:
    """Mail one notification now, unless it was mailed, went away, or the throttle sends it to the digest."""
    notification = (
        _mailable()
        .select_for_update(of=("self",))
        .select_related("recipient", "actor", "content_type")
        .filter(pk=notification_id, email=Email.IMMEDIATELY)
        .first()
    )
    if notification is None:
        return False
    if _throttled(notification):
        Notification.objects.filter(pk=notification.pk).update(email=Email.DIGEST)
        return False
    recipient = notification.recipient
    message = _message(
        to=recipient.email,
        subject=_subject(notification),
        template="notification",
        context={"notification": notification, "link": absolute(notification.url), "user": recipient},
        unsubscribe=unsubscribe_url(user_id=recipient.pk, kind=notification.kind),
    )
    message.send()
    Notification.objects.filter(pk=notification.pk).update(mailed_at=timezone.now())
    return True


def target_mails_send(*, content_type_id: int, object_id: int) -> int:
    """Mail every immediate notification about one item (one event's fan-out) that has not gone yet."""
    due = Notification.objects.filter(
        content_type_id=content_type_id, object_id=object_id, email=Email.IMMEDIATELY, mailed_at__isnull=True
    ).order_by("pk")
    return sum(notification_mail_send(notification_id=pk) for pk in due.values_list("pk", flat=True))


def _digest_due() -> QuerySet[Notification]:
    """Waiting for the digest, and immediate mails that never went (a failed send) once the throttle window passed."""
    stale = timezone.now() - datetime.timedelta(seconds=settings.REVIEWHUB_NOTIFICATION_MAIL_THROTTLE_SECONDS)
    return _mailable().filter(Q(email=Email.DIGEST) | Q(email=Email.IMMEDIATELY, created_at__lt=stale))


@transaction.atomic
def digest_send(*, user_id: int, day: datetime.date) -> bool:
    """Send one reader's digest for `day`: once a day, whatever runs twice or fails half-way."""
    items = list(
        _digest_due()
        .filter(recipient_id=user_id)
        .select_for_update(of=("self",))
        .select_related("recipient", "actor", "content_type")
        .order_by("-created_at", "-id")
    )
    if not items:
        return False
    digest, _ = DigestMail.objects.get_or_create(user_id=user_id, day=day)
    digest = DigestMail.objects.select_for_update().get(pk=digest.pk)
    if digest.sent_at is not None:
        return False
    recipient = items[0].recipient
    count = len(items)
    message = _message(
        to=recipient.email,
        subject=f"Your ReviewHub digest: {count} new notification{'s' if count != 1 else ''}",
        template="digest",
        context={
            "notifications": [(n, absolute(n.url)) for n in items],
            "user": recipient,
            "list_url": absolute(reverse("notifications:list")),
        },
        unsubscribe=unsubscribe_url(user_id=recipient.pk, kind=DIGEST),
    )
    message.send()
    now = timezone.now()
    Notification.objects.filter(pk__in=[n.pk for n in items]).update(mailed_at=now)
    DigestMail.objects.filter(pk=digest.pk).update(sent_at=now)
    return True


def digests_send(*, day: datetime.date | None = None) -> int:
    """Every reader's digest for the day (today by default); returns how many went out."""
    day = day or timezone.localdate()
    user_ids = (
        _digest_due()
        .exclude(recipient__in=DigestMail.objects.filter(day=day, sent_at__isnull=False).values("user_id"))
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
    return sum(digest_send(user_id=user_id, day=day) for user_id in list(user_ids))
