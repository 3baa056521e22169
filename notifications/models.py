"""Notifications, what each reader wants of them, and who follows whom or which discussion.

This app sits below reviews and comments (DESIGN §8): it refers to a review by its plain id and to any
item by a generic relation, and keeps snapshots (titles, a short quote) so lists need no joins upward.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.urls import reverse


class Kind(models.TextChoices):
    """What happened; each kind has its own in-site switch and e-mail choice."""

    REPLY = "reply", "Replies to your comments"
    REVIEW_COMMENT = "review_comment", "Comments on your reviews"
    DISCUSSION = "discussion", "New comments in discussions you follow"
    MODERATION = "moderation", "Decisions on your held or removed writing"
    REPORT = "report", "Decisions on your reports"
    FOLLOWED_REVIEW = "followed_review", "Reviews by people you follow"
    FOLLOWER = "follower", "New followers"


class Email(models.TextChoices):
    IMMEDIATELY = "immediately", "Immediately"
    DIGEST = "digest", "Daily digest"
    OFF = "off", "Off"


# Replies and decisions matter at once; the rest would be noise by default.
DEFAULT_EMAIL: dict[str, str] = {
    Kind.REPLY: Email.IMMEDIATELY,
    Kind.MODERATION: Email.IMMEDIATELY,
    Kind.REPORT: Email.IMMEDIATELY,
}


def default_email(kind: str) -> str:
    return DEFAULT_EMAIL.get(kind, Email.OFF)


class Outcome(models.TextChoices):
    """What a moderation or report decision was (blank for the other kinds)."""

    NONE = "", "—"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Not published"
    REMOVED = "removed", "Removed"
    UPHELD = "upheld", "Upheld"
    DISMISSED = "dismissed", "Dismissed"


class NotificationQuerySet(models.QuerySet):
    def shown(self) -> "NotificationQuerySet":
        """What the reader sees in the site: switched on, not withdrawn, not from an account switched off since."""
        return self.filter(shown=True, withdrawn_at__isnull=True).filter(
            Q(actor__isnull=True) | Q(actor__is_active=True)
        )

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    # Indexed by notification_recipient_idx below (fewer indexes: a discussion's fan-out inserts thousands of rows).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    # Who did it; empty for moderation decisions, which never name the moderator.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    outcome = models.CharField(max_length=10, choices=Outcome, blank=True, default=Outcome.NONE)
    reason = models.CharField(max_length=100, blank=True, help_text="The reason category of a rejection.")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+", db_index=False)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # The discussion it belongs to (a review's id): muting, withdrawal and the mail throttle go by it.
    review_id = models.PositiveBigIntegerField(null=True, blank=True)
    url = models.CharField(max_length=500, help_text="Where opening it leads: the comment on its thread page.")
    # Snapshots at the time of the event, so the list needs no join to reviews, films or comments.
    review_title = models.CharField(max_length=settings.REVIEWHUB_REVIEW_TITLE_MAX_LENGTH, blank=True)
    film_label = models.CharField(max_length=300, blank=True, help_text="e.g. “Her, 2013”.")
    quote = models.CharField(max_length=300, blank=True, help_text="Never the text of spoilers.")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # When its content was hidden, removed or deleted: it disappears from the list until the content is back.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # In-site switch at the time of the event; a row may exist only to be mailed.
    shown = models.BooleanField(default=True)
    # The reader's e-mail choice for its kind at the time of the event (a throttled one moves to the digest).
    email = models.CharField(max_length=12, choices=Email, default=Email.OFF)
    mailed_at = models.DateTimeField(null=True, blank=True, help_text="Set once its mail (or digest) went out.")

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
            models.Index(fields=["content_type", "object_id"], name="notification_target_idx"),
            models.Index(fields=["review_id"], name="notification_review_idx"),
            models.Index(
                fields=["recipient"],
                condition=Q(mailed_at__isnull=True, email__in=["immediately", "digest"]),
                name="notification_mail_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient_id} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("notifications:open", kwargs={"pk": self.pk})


class Preference(models.Model):
    """A reader's choice for one kind; without a row the kind's defaults apply."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs")
    kind = models.CharField(max_length=20, choices=Kind)
    in_site = models.BooleanField(default=True)
    email = models.CharField(max_length=12, choices=Email)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notifications_preference_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} (site {'on' if self.in_site else 'off'}, mail {self.email})"


class FollowDefaults(models.Model):
    """Which discussions a reader follows without asking; without a row both are on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="follow_defaults"
    )
    own_reviews = models.BooleanField("Follow the discussion of your own reviews", default=True)
    commented = models.BooleanField("Follow every discussion you comment in", default=True)

    class Meta:
        verbose_name_plural = "follow defaults"

    def __str__(self) -> str:
        return f"Follow defaults of {self.user_id}"


class DiscussionFollow(models.Model):
    """A reader following (or, muted, silencing) one review's discussion."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_follows")
    review_id = models.PositiveBigIntegerField()
    muted = models.BooleanField(default=False, help_text="Nothing from this discussion, replies included.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "review_id"], name="notifications_discussionfollow_once"),
        ]
        indexes = [models.Index(fields=["review_id", "muted"], name="discussion_follow_review_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {'muted' if self.muted else 'follows'} review {self.review_id}"


class UserFollow(models.Model):
    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following")
    followed = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="notifications_userfollow_once"),
            models.CheckConstraint(condition=~Q(follower=F("followed")), name="notifications_userfollow_not_self"),
        ]
        indexes = [models.Index(fields=["followed", "-created_at"], name="user_follow_followed_idx")]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.followed_id}"


class DigestMail(models.Model):
    """One daily digest per reader and day: claimed before sending, so a second run sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="notifications_digest_once_a_day")]

    def __str__(self) -> str:
        return f"Digest for {self.user_id} on {self.day}"
