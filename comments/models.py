from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from moderation.models import ModeratedContent, Status
from reviews.models import Review

# Each level of the materialised path is the comment's id, zero-padded, so that
# ordering by path gives display order: parent before children, siblings by age.
PATH_SEGMENT_WIDTH = 12


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}/"


class CommentQuerySet(models.QuerySet):
    def approved(self) -> "CommentQuerySet":
        return self.filter(status=Status.APPROVED, deleted_at__isnull=True)


class Comment(ModeratedContent):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    # PROTECT: a deleted account's comment would take the replies under it (parent is PROTECT too).
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies")
    body = models.TextField(
        max_length=settings.REVIEWHUB_COMMENT_MAX_LENGTH,
        validators=[MaxLengthValidator(settings.REVIEWHUB_COMMENT_MAX_LENGTH)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the author, or by a moderator (admin action, upheld "spoilers not marked" report): folded for readers
    # who have not logged the film.
    contains_spoilers = models.BooleanField(default=False)
    # Thread bookkeeping, written by comments.services in the posting transaction.
    depth = models.PositiveSmallIntegerField(default=1, help_text="1 for a top-level comment.")
    thread = models.PositiveBigIntegerField(default=0, help_text="Id of the top-level comment of this thread.")
    path = models.CharField(max_length=255, default="", editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["review", "path"]
        permissions = [("moderate_comment", "Can moderate comments")]
        constraints = [
            models.CheckConstraint(condition=Q(depth__gte=1), name="comments_comment_depth_positive"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, depth=1) | Q(parent__isnull=False, depth__gt=1),
                name="comments_comment_depth_matches_parent",
            ),
        ]
        indexes = [
            models.Index(fields=["review", "path"], name="comment_review_path_idx"),
            models.Index(fields=["review", "thread"], name="comment_review_thread_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_status_recent_idx"),
            models.Index(fields=["author", "-created_at"], name="comment_author_recent_idx"),
            models.Index(fields=["-created_at"], name="comment_recent_idx"),
        ]

    def __str__(self) -> str:
        words = self.body.split()
        excerpt = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
        return f"“{excerpt}” (comment {self.pk})"

    def get_absolute_url(self) -> str:
        return f"{reverse('comments:review', kwargs={'pk': self.review_id})}#comment-{self.pk}"


class Report(models.Model):
    """A reader's report of a review or a comment; exactly one of the two is set."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abuse or harassment"
        SPOILERS = "spoilers", "Spoilers not marked"
        OFF_TOPIC = "off_topic", "Off-topic"
        OTHER = "other", "Other"

    review = models.ForeignKey(Review, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=10, choices=Reason)
    details = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    upheld = models.BooleanField(null=True, blank=True, help_text="Empty while open; yes if the content was removed.")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review__isnull=False, comment__isnull=True) | Q(review__isnull=True, comment__isnull=False),
                name="comments_report_one_target",
            ),
            models.UniqueConstraint(
                fields=["reporter", "review"], condition=Q(review__isnull=False), name="comments_report_once_per_review"
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(comment__isnull=False),
                name="comments_report_once_per_comment",
            ),
        ]
        indexes = [
            models.Index(fields=["resolved_at", "-created_at"], name="report_open_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} report on {self.target}"

    @property
    def target(self) -> Review | Comment:
        return self.review if self.review_id else self.comment


class ReviewCommentStats(models.Model):
    """Visible comments per review, kept by triggers (comments/counts.py) so cards need not count them."""

    review = models.OneToOneField(Review, primary_key=True, on_delete=models.CASCADE, related_name="comment_stats")
    comment_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "review comment statistics"
        verbose_name_plural = "review comment statistics"

    def __str__(self) -> str:
        return f"{self.review_id}: {self.comment_count} comments"
