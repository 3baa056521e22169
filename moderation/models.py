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

    @property
    def author_can_edit(self) -> bool:
        """Only live, approved text: held, reported-and-hidden or removed text waits for, or keeps, a decision."""
        return self.is_visible


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
        EDITED = "edited", "Edited after reports"
        SCORE_PROTECTION = "score_protection", "Score protection changed"

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


class Revision(models.Model):
    """The text a review or comment had before it changed: what readers and reporters saw, for moderators."""

    class Reason(models.TextChoices):
        EDITED = "edited", "Edited by its author"
        CORRECTED = "corrected", "Corrected by staff"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    title = models.CharField(
        max_length=settings.REVIEWHUB_REVIEW_TITLE_MAX_LENGTH, blank=True, help_text="Reviews only."
    )
    body = models.TextField()
    rating = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Reviews only.")
    text_since = models.DateTimeField(help_text="When this text went up (created, or the edit before).")
    replaced_at = models.DateTimeField(auto_now_add=True, help_text="When the edit replaced it.")
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=10, choices=Reason, default=Reason.EDITED)

    class Meta:
        ordering = ["-replaced_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-replaced_at"], name="moderation_revision_target_idx"),
        ]

    def __str__(self) -> str:
        return f"Text of {self.content_type.model} {self.object_id} until {self.replaced_at:%Y-%m-%d %H:%M}"
