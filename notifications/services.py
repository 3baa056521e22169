"""Writes for notifications and follows. Reviews, comments and moderation call these with minimal lines.

Content arrives as model instances this floor cannot import (reviews, comments): it is read by duck
typing (`pk`, `author_id`, `body`, `is_visible`, `contains_spoilers`, a review's `title` and `film`).
One event makes at most one notification per reader; nobody hears of their own actions, of an
account that is switched off, or of anything in a discussion they muted.
"""

from collections.abc import Iterable
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.db.models import F, FilteredRelation, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from notifications.models import (
    DiscussionFollow,
    Email,
    FollowDefaults,
    Kind,
    Notification,
    Outcome,
    Preference,
    UserFollow,
    default_email,
)
from notifications.selectors import preference_choices
from reviewhub.templatetags.plaintext import excerpt

QUOTE_LENGTH = 140
# Kinds about somebody else's writing in a discussion: muting silences these, and they go with the content.
DISCUSSION_KINDS = (Kind.REPLY, Kind.REVIEW_COMMENT, Kind.DISCUSSION)
# A reader's own decisions stay even when the content goes: that is what they tell.
DECISION_KINDS = (Kind.MODERATION, Kind.REPORT)


# --- Snapshots --------------------------------------------------------------------------------------


def _film_label(review: models.Model) -> str:
    film = review.film
    return f"{film.title}, {film.year}" if film.year else film.title


def _is_spoiler(*items: models.Model | None) -> bool:
    return any(getattr(item, "contains_spoilers", False) for item in items if item is not None)


def _quote(target: models.Model, review: models.Model) -> str:
    """A short quote of the text, unless it (or the review it belongs to) is flagged as containing spoilers."""
    if _is_spoiler(target, review):
        return ""
    return excerpt(getattr(target, "body", ""), QUOTE_LENGTH)


def _is_live(*items: models.Model) -> bool:
    return all(getattr(item, "is_visible", True) for item in items)


# --- Creating notifications -------------------------------------------------------------------------


def _event_values(
    *, actor, target: models.Model, review: models.Model | None, url: str, outcome: str, reason: str
) -> dict[str, object]:
    """The columns every notification of one event shares."""
    return {
        "actor_id": actor.pk if actor is not None else None,
        "content_type_id": ContentType.objects.get_for_model(target).pk,
        "object_id": target.pk,
        "outcome": outcome,
        "reason": reason,
        "url": url,
        "review_id": review.pk if review is not None else None,
        "review_title": review.title if review is not None else "",
        "film_label": _film_label(review) if review is not None else "",
        "quote": _quote(target, review) if review is not None and outcome == "" else "",
        "created_at": timezone.now(),
    }


def _insert_each(recipients: dict[int, str], values: dict[str, object]) -> int:
    """A few named readers (the author answered, the review's author, reporters): one bulk insert."""
    active = set(get_user_model().objects.filter(pk__in=list(recipients), is_active=True).values_list("pk", flat=True))
    choices = preference_choices(active, set(recipients.values()))
    rows = []
    for uid in sorted(active):
        in_site, email = choices[(uid, recipients[uid])]
        if in_site or email != Email.OFF:
            rows.append(Notification(recipient_id=uid, kind=recipients[uid], shown=in_site, email=email, **values))
    return len(Notification.objects.bulk_create(rows))


def _insert_fan_out(rows: models.QuerySet, *, recipient: str, kind: str, values: dict[str, object]) -> int:
    """One notification per row of `rows` (followers; `recipient` names their reader id) in one INSERT ... SELECT.

    A discussion may have thousands of followers: the database copies the rows itself, with each
    reader's preference for the kind, instead of the request building and sending a row per reader
    (bench/notifications.py). The SELECT is built by the ORM; Django has no INSERT ... SELECT.
    """
    reader = recipient.removesuffix("_id")
    prefs = f"{reader}__notification_prefs"
    columns: dict[str, models.Expression] = {
        "recipient_id": F(recipient),
        "kind": Value(kind, output_field=models.CharField()),
        "shown": Coalesce(F("preference__in_site"), Value(True)),
        "email": Coalesce(F("preference__email"), Value(default_email(kind))),
    }
    for name, value in values.items():
        columns[name] = Value(value, output_field=Notification._meta.get_field(name))
    selected = (
        rows.filter(**{f"{reader}__is_active": True})
        # The reader's preference for this kind, if any, by one LEFT JOIN.
        .annotate(preference=FilteredRelation(prefs, condition=Q(**{f"{prefs}__kind": kind})))
        .annotate(**{f"n_{name}": expression for name, expression in columns.items()})
        .exclude(n_shown=False, n_email=Email.OFF)
        .order_by()
        .values(*(f"n_{name}" for name in columns))
    )
    compiler = selected.query.get_compiler(using=selected.db)
    sql, params = compiler.as_sql()
    # The SELECT's column order, as the compiler wrote it, names the INSERT's columns.
    names = [alias.removeprefix("n_") for _, _, alias in compiler.select]
    quote = connections[selected.db].ops.quote_name
    target_columns = ", ".join(quote(Notification._meta.get_field(name).column) for name in names)
    with connections[selected.db].cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(Notification._meta.db_table)} ({target_columns}) {sql}", params)
        return max(cursor.rowcount, 0)


def _notify(
    recipients: dict[int | None, str],
    *,
    actor,
    target: models.Model,
    review: models.Model | None,
    url: str,
    outcome: str = "",
    reason: str = "",
    followers: tuple[models.QuerySet, str, str] | None = None,
) -> int:
    """One notification per reader for one event: `recipients` by name (reader id: kind), and `followers`
    (rows, their reader-id field, kind) in bulk; never the actor. The immediate mails go to one task."""
    recipients = {uid: kind for uid, kind in recipients.items() if uid is not None}
    if actor is not None:
        recipients.pop(actor.pk, None)
    values = _event_values(actor=actor, target=target, review=review, url=url, outcome=outcome, reason=reason)
    created = _insert_each(recipients, values) if recipients else 0
    if followers is not None:
        rows, field, kind = followers
        rows = rows.exclude(**{f"{field}__in": [*recipients, actor.pk if actor is not None else None]})
        created += _insert_fan_out(rows, recipient=field, kind=kind, values=values)
    if created:
        transaction.on_commit(partial(_enqueue_mail, values["content_type_id"], target.pk))
    return created


def _enqueue_mail(content_type_id: int, object_id: int) -> None:
    # Imported here: the task module renders templates and sends mail, which the request never waits for.
    from notifications.tasks import send_notification_mails

    send_notification_mails.enqueue(content_type_id=content_type_id, object_id=object_id)


def _already_notified(target: models.Model, kinds: Iterable[str]) -> models.QuerySet[Notification]:
    return Notification.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk, kind__in=list(kinds)
    )


@transaction.atomic
def comment_published(*, comment: models.Model, review: models.Model, parent: models.Model | None, url: str) -> int:
    """A comment became visible: tell the author of the comment it answers, the review's author and followers.

    A held comment, a closed review or a switched-off author tells nobody. Publishing again (approved after
    being hidden) brings back the notifications it made the first time instead of making new ones.
    Returns how many notifications it made or brought back.
    """
    actor = comment.author
    if not actor.is_active or not _is_live(comment, review):
        return 0
    existing = _already_notified(comment, DISCUSSION_KINDS)
    if existing.exists():
        return existing.update(withdrawn_at=None)
    # One notification per reader, the most personal kind winning: a reply to you beats a comment on your review.
    recipients: dict[int | None, str] = {review.author_id: Kind.REVIEW_COMMENT}
    if parent is not None:
        recipients[parent.author_id] = Kind.REPLY
    follows = DiscussionFollow.objects.filter(review_id=review.pk)
    for uid in follows.filter(muted=True, user_id__in=list(recipients)).values_list("user_id", flat=True):
        recipients.pop(uid, None)
    return _notify(
        recipients,
        actor=actor,
        target=comment,
        review=review,
        url=url,
        followers=(follows.filter(muted=False), "user_id", Kind.DISCUSSION),
    )


@transaction.atomic
def review_published(*, review: models.Model, url: str) -> int:
    """A review became visible: tell its author's followers, once."""
    author = review.author
    if not author.is_active or not _is_live(review):
        return 0
    existing = _already_notified(review, [Kind.FOLLOWED_REVIEW])
    if existing.exists():
        return existing.update(withdrawn_at=None)
    followers = UserFollow.objects.filter(followed=author)
    return _notify(
        {},
        actor=author,
        target=review,
        review=review,
        url=url,
        followers=(followers, "follower_id", Kind.FOLLOWED_REVIEW),
    )


@transaction.atomic
def decision_made(
    *, target: models.Model, review: models.Model, outcome: str, url: str, reason: str = "", moderator=None
) -> int:
    """Tell an author what a moderator decided on their held or live writing; the moderator is never named."""
    recipients = {target.author_id: Kind.MODERATION}
    if moderator is not None:
        recipients.pop(moderator.pk, None)  # a moderator deciding on their own writing needs no telling
    return _notify(recipients, actor=None, target=target, review=review, url=url, outcome=outcome, reason=reason)


@transaction.atomic
def reports_decided(
    *, reporter_ids: Iterable[int], target: models.Model, review: models.Model, upheld: bool, url: str
) -> int:
    """Tell each reader who reported the item whether their report was upheld or dismissed."""
    recipients = dict.fromkeys(reporter_ids, Kind.REPORT)
    outcome = Outcome.UPHELD if upheld else Outcome.DISMISSED
    return _notify(recipients, actor=None, target=target, review=review, url=url, outcome=outcome)


# --- Content that goes away, and comes back ------------------------------------------------------------


def content_withdrawn(*, target: models.Model) -> int:
    """Content was hidden, removed or deleted: the notifications pointing at it disappear (decisions stay).

    A review (it has a film; a comment has a review) takes every notification from its discussion with it.
    """
    now = timezone.now()
    pointing = _already_notified(target, [k for k in Kind.values if k not in DECISION_KINDS])
    count = pointing.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
    if hasattr(target, "film_id"):
        count += Notification.objects.filter(
            review_id=target.pk, kind__in=DISCUSSION_KINDS, withdrawn_at__isnull=True
        ).update(withdrawn_at=now)
    return count


# --- Follows ---------------------------------------------------------------------------------------------


def follow_defaults_for(user) -> FollowDefaults:
    return FollowDefaults.objects.filter(user=user).first() or FollowDefaults(user=user)


@transaction.atomic
def follow_defaults_set(*, user, own_reviews: bool, commented: bool) -> FollowDefaults:
    defaults, _ = FollowDefaults.objects.update_or_create(
        user=user, defaults={"own_reviews": own_reviews, "commented": commented}
    )
    return defaults


def discussion_auto_follow(*, user, review_id: int, own_review: bool = False) -> DiscussionFollow | None:
    """Follow a discussion one writes in (unless turned off in the settings); a muted one stays muted."""
    defaults = follow_defaults_for(user)
    if not (defaults.own_reviews if own_review else defaults.commented):
        return None
    follow, _ = DiscussionFollow.objects.get_or_create(user=user, review_id=review_id)
    return follow


@transaction.atomic
def discussion_follow_set(*, user, review_id: int, state: str) -> DiscussionFollow | None:
    """ "follow", "mute" or "stop" (neither following nor muted) for one review's discussion."""
    if state == "stop":
        DiscussionFollow.objects.filter(user=user, review_id=review_id).delete()
        return None
    follow, _ = DiscussionFollow.objects.update_or_create(
        user=user, review_id=review_id, defaults={"muted": state == "mute"}
    )
    return follow


@transaction.atomic
def user_follow(*, follower, followed) -> UserFollow:
    """Follow a reader; following again changes nothing and a follow-unfollow-follow storm notifies once."""
    if follower.pk == followed.pk:
        raise ValidationError("You cannot follow yourself.", code="self_follow")
    try:
        with transaction.atomic():
            follow, created = UserFollow.objects.get_or_create(follower=follower, followed=followed)
    except IntegrityError:
        return UserFollow.objects.get(follower=follower, followed=followed)
    if not created or not follower.is_active:
        return follow
    earlier = Notification.objects.filter(recipient=followed, actor=follower, kind=Kind.FOLLOWER)
    if not earlier.update(withdrawn_at=None):
        url = follower.get_absolute_url()
        _notify({followed.pk: Kind.FOLLOWER}, actor=follower, target=follower, review=None, url=url)
    return follow


@transaction.atomic
def user_unfollow(*, follower, followed) -> bool:
    deleted, _ = UserFollow.objects.filter(follower=follower, followed=followed).delete()
    if deleted:
        Notification.objects.filter(recipient=followed, actor=follower, kind=Kind.FOLLOWER).update(
            withdrawn_at=timezone.now()
        )
    return bool(deleted)


# --- Reading, preferences, unsubscribing ------------------------------------------------------------------


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preferences_set(*, user, choices: dict[str, tuple[bool, str]]) -> None:
    """Store each kind's (in site, e-mail) choice."""
    for kind, (in_site, email) in choices.items():
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"in_site": in_site, "email": email})


DIGEST = "digest"


@transaction.atomic
def email_unsubscribe(*, user_id: int, kind: str) -> int:
    """Turn off mail of one kind (or, for "digest", every kind sent in the digest); doing it twice is harmless."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return 0
    current = preference_choices([user.pk], Kind.values)
    if kind == DIGEST:
        kinds = [k for k in Kind.values if current[(user.pk, k)][1] == Email.DIGEST]
    else:
        kinds = [kind] if kind in Kind.values else []
    preferences_set(user=user, choices={k: (current[(user.pk, k)][0], Email.OFF) for k in kinds})
    # What was waiting to be mailed of those kinds is not mailed after all.
    Notification.objects.filter(recipient=user, kind__in=kinds, mailed_at__isnull=True).update(email=Email.OFF)
    return len(kinds)


def account_forget(*, user) -> None:
    """A closed account follows no one, is followed by no one, and neither gets nor causes notifications."""
    UserFollow.objects.filter(Q(follower=user) | Q(followed=user)).delete()
    DiscussionFollow.objects.filter(user=user).delete()
    Notification.objects.filter(Q(recipient=user) | Q(actor=user)).delete()
    Preference.objects.filter(user=user).delete()
    FollowDefaults.objects.filter(user=user).delete()
