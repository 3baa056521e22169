"""Reads for notifications and follows: the list, the unread count, follow state and counts."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from notifications.models import DiscussionFollow, Notification, Preference, UserFollow, default_email

FOLLOWING = "following"
MUTED = "muted"


def notifications_for(*, user) -> QuerySet[Notification]:
    """The reader's notifications, newest first, with what an entry shows, in one query per page."""
    return (
        Notification.objects.shown()
        .filter(recipient=user)
        .select_related("actor", "content_type")
        .only(*(f.name for f in Notification._meta.concrete_fields), "actor__username", "content_type__model")
        .order_by("-created_at", "-id")
    )


def unread_count(*, user) -> int:
    return Notification.objects.shown().unread().filter(recipient=user).count()


def discussion_state(*, user, review_id: int) -> str:
    """FOLLOWING, MUTED or "" for this reader and review's discussion."""
    if not user.is_authenticated:
        return ""
    muted = DiscussionFollow.objects.filter(user=user, review_id=review_id).values_list("muted", flat=True).first()
    if muted is None:
        return ""
    return MUTED if muted else FOLLOWING


@dataclass(frozen=True)
class FollowSummary:
    followers: int
    following: int
    viewer_follows: bool


def follow_summary(*, user, viewer) -> FollowSummary:
    """A profile's follower and following counts, and whether the viewer follows it, in one query."""
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
    counts = UserFollow.objects.filter(Q(followed=user) | Q(follower=user)).aggregate(
        followers=Count("pk", filter=Q(followed=user)),
        following=Count("pk", filter=Q(follower=user)),
        viewer=Count("pk", filter=Q(followed=user, follower_id=viewer_id)),
    )
    return FollowSummary(
        followers=counts["followers"], following=counts["following"], viewer_follows=bool(counts["viewer"])
    )


def followed_user_ids(*, user) -> QuerySet:
    """Ids of the accounts this reader follows, as a subquery."""
    return UserFollow.objects.filter(follower=user).values("followed_id")


def preference_choices(user_ids: Iterable[int], kinds: Iterable[str]) -> dict[tuple[int, str], tuple[bool, str]]:
    """(in site, e-mail) per reader and kind, the defaults where a reader chose nothing; one query."""
    kinds = list(kinds)
    stored = {
        (pref.user_id, pref.kind): (pref.in_site, pref.email)
        for pref in Preference.objects.filter(user_id__in=list(user_ids), kind__in=kinds).only(
            "user_id", "kind", "in_site", "email"
        )
    }
    return {(uid, kind): stored.get((uid, kind), (True, default_email(kind))) for uid in user_ids for kind in kinds}
