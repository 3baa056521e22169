from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Status(models.TextChoices):
    """Moderation status shared by reviews and comments."""

    APPROVED = "approved", "Approved"
    PENDING = "pending", "Awaiting moderation"
    SPAM = "spam", "Spam"
    REMOVED = "removed", "Removed"


class ModeratedContent(models.Model):
    """What reviews and comments share: a moderation status and the author's edit and soft delete."""

    status = models.CharField(max_length=10, choices=Status, default=Status.APPROVED, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True, help_text="Set when the author edits the text.")
    deleted_at = models.DateTimeField(null=True, blank=True, help_text="Set when the author deletes it (soft delete).")

    class Meta:
        abstract = True

    @property
    def is_visible(self) -> bool:
        return self.status == Status.APPROVED and self.deleted_at is None

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None


class WordListEntry(models.Model):
    """A word staff can add to the moderation (hold) or disallowed (spam) list."""

    class Kind(models.TextChoices):
        MODERATE = "moderate", "Hold for moderation"
        DISALLOW = "disallow", "Mark as spam"

    word = models.CharField(
        max_length=100, help_text="A word or short phrase, matched as a whole word and ignoring case."
    )
    kind = models.CharField("list", max_length=10, choices=Kind, default=Kind.MODERATE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "word"]
        verbose_name = "moderation word"
        constraints = [
            models.UniqueConstraint(fields=["word", "kind"], name="moderation_word_unique_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.word} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        self.word = self.word.strip().lower()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # Normalise before the unique check runs, so "Spam" and "spam" count as one word.
        self.word = self.word.strip().lower()


class ModerationEvent(models.Model):
    """Audit record: who (or which automatic rule) changed an item's status, and when."""

    class Action(models.TextChoices):
        HELD = "held", "Held by a rule"
        HIDDEN = "hidden", "Hidden after reports"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Rejected as spam"
        REMOVED = "removed", "Removed"
        RESTORED = "restored", "Restored"
        SPOILERS = "spoilers", "Marked as containing spoilers"
        REPORTS_DISMISSED = "reports_dismissed", "Reports resolved, content kept"
        DEACTIVATED = "deactivated", "Account deactivated"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_events",
    )
    rule = models.CharField(max_length=100, blank=True, help_text="Automatic rule, when no person acted.")
    action = models.CharField(max_length=40, choices=Action)
    from_status = models.CharField(max_length=10, choices=Status, blank=True)
    to_status = models.CharField(max_length=10, choices=Status, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"], name="moderation_event_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.who} at {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def who(self) -> str:
        """The moderator, or "automatic rule: …" when a rule decided."""
        if self.actor_id:
            return str(self.actor)
        return f"automatic rule: {self.rule}" if self.rule else "system"
