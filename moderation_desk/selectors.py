"""Reads for the moderation queues."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from comments.models import Comment, Report
from moderation.models import Revision, Status
from reviews.models import Review


def open_report_count(target_field: str) -> Coalesce:
    """An annotation: open reports on each row ("review" or "comment" names the Report FK).

    A correlated subquery rather than a join, so it adds no GROUP BY and no
    query per row to a changelist.
    """
    counts = (
        Report.objects.filter(resolved_at__isnull=True, **{target_field: OuterRef("pk")})
        .order_by()
        .values(target_field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def reports_while_up(*, target_field: str, revision: Revision) -> int:
    """Reports made while this earlier text was the one on show: the version the reporters saw."""
    return Report.objects.filter(
        **{f"{target_field}_id": revision.object_id},
        created_at__gte=revision.text_since,
        created_at__lt=revision.replaced_at,
    ).count()


@dataclass(frozen=True)
class Queue:
    label: str
    count: int
    url: str


def moderation_queues(user) -> list[Queue]:
    """What waits for a decision, for the admin index: one count query per model the user may view."""
    queues: list[Queue] = []
    if user.has_perm("comments.view_comment"):
        counts = Comment.objects.aggregate(
            pending=Count("pk", filter=Q(status=Status.PENDING)), spam=Count("pk", filter=Q(status=Status.SPAM))
        )
        url = reverse("admin:comments_comment_changelist")
        queues.append(Queue("Comments awaiting moderation", counts["pending"], f"{url}?status__exact=pending"))
        queues.append(Queue("Comments marked as spam", counts["spam"], f"{url}?status__exact=spam"))
    if user.has_perm("reviews.view_review"):
        url = reverse("admin:reviews_review_changelist")
        pending = Review.objects.filter(status=Status.PENDING).count()
        queues.append(Queue("Reviews awaiting moderation", pending, f"{url}?status__exact=pending"))
    if user.has_perm("comments.view_report"):
        url = reverse("admin:comments_report_changelist")
        queues.append(Queue("Open reports", Report.objects.filter(resolved_at__isnull=True).count(), url))
    return queues
