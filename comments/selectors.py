"""Reads of comment threads: one query for a thread, a flat list in display order."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from comments.models import Comment
from moderation.models import Status
from reviews.models import Review


@dataclass
class ThreadEntry:
    """One row of a rendered thread: the comment and how to show it to this viewer."""

    comment: Comment
    placeholder: str = ""  # "[deleted]" / "[removed]" when only its replies are shown
    awaiting_moderation: bool = False
    can_reply: bool = True

    @property
    def depth(self) -> int:
        return self.comment.depth


def visibility_for(comment: Comment, viewer_id: int | None) -> tuple[bool, bool]:
    """(shown in full, awaiting moderation) for this viewer."""
    if comment.deleted_at is not None:
        return False, False
    if comment.status == Status.APPROVED:
        return True, False
    if comment.status == Status.PENDING and viewer_id is not None and comment.author_id == viewer_id:
        return True, True
    return False, False


def visible_to(viewer_id: int | None) -> Q:
    """The query twin of visibility_for: comments shown in full to this viewer."""
    shown = Q(status=Status.APPROVED)
    if viewer_id is not None:
        shown |= Q(status=Status.PENDING, author_id=viewer_id)
    return shown & Q(deleted_at__isnull=True)


def _viewer_id(viewer) -> int | None:
    return viewer.pk if viewer is not None and viewer.is_authenticated else None


def thread_entries(comments: list[Comment], *, viewer=None) -> list[ThreadEntry]:
    """What each comment of an ordered thread shows the viewer; a hidden one stays as a placeholder for replies."""
    viewer_id = _viewer_id(viewer)
    max_depth = settings.REVIEWHUB_COMMENT_MAX_DEPTH
    has_shown_reply: set[int] = set()
    entries: list[ThreadEntry] = []
    for comment in reversed(comments):
        shown, pending = visibility_for(comment, viewer_id)
        if shown or comment.pk in has_shown_reply:
            if comment.parent_id is not None:
                has_shown_reply.add(comment.parent_id)
            placeholder = "" if shown else ("[deleted]" if comment.deleted_at else "[removed]")
            entries.append(
                ThreadEntry(
                    comment=comment,
                    placeholder=placeholder,
                    awaiting_moderation=pending,
                    can_reply=shown and not pending and comment.depth < max_depth,
                )
            )
    entries.reverse()
    return entries


def thread_queryset(*, review: Review) -> QuerySet[Comment]:
    # A thread shows only its authors' names: whole user rows (password hash, dates) cost fetch time.
    comment_fields = [field.name for field in Comment._meta.concrete_fields]
    return (
        Comment.objects.filter(review=review)
        .select_related("author")
        .only(*comment_fields, "author__username")
        .order_by("path")
    )


def thread_for_review(*, review: Review, viewer=None) -> list[ThreadEntry]:
    """The review's whole thread, in display order, from one query."""
    return thread_entries(list(thread_queryset(review=review)), viewer=viewer)


def reply_rows(entries: list[ThreadEntry]) -> list[tuple[ThreadEntry, str]]:
    """Each entry with the name of the author it replies to, blank when that comment is a placeholder."""
    names = {entry.comment.pk: entry.comment.author.public_name for entry in entries if not entry.placeholder}
    return [(entry, names.get(entry.comment.parent_id, "")) for entry in entries]


def _shown_threads(*, review_id: int, viewer) -> QuerySet[Comment]:
    """Ids of the review's threads with at least one comment this viewer sees, oldest first."""
    return (
        Comment.objects.filter(visible_to(_viewer_id(viewer)), review_id=review_id)
        .order_by("thread")
        .values_list("thread", flat=True)
        .distinct()
    )


def thread_page(*, review: Review, viewer=None, page_number: int | str | None = 1) -> tuple[Page, list[ThreadEntry]]:
    """A page of the threads this viewer sees, with all their replies, in two queries: hidden threads make no pages."""
    per_page = settings.REVIEWHUB_THREADS_PER_PAGE
    top_level_ids = list(_shown_threads(review_id=review.pk, viewer=viewer))
    paginator = Paginator(top_level_ids, per_page or max(1, len(top_level_ids)))
    page = paginator.get_page(page_number)
    comments = list(thread_queryset(review=review).filter(thread__in=list(page.object_list)))
    return page, thread_entries(comments, viewer=viewer)


def thread_page_number(*, comment: Comment, viewer=None) -> int:
    """The page of the review's thread that shows `comment` to this viewer (pages as thread_page counts them)."""
    per_page = settings.REVIEWHUB_THREADS_PER_PAGE
    if not per_page:
        return 1
    earlier_threads = _shown_threads(review_id=comment.review_id, viewer=viewer).filter(thread__lt=comment.thread)
    return earlier_threads.count() // per_page + 1


def thread_page_numbers(*, review: Review, viewer=None) -> dict[int, int]:
    """Each shown thread's page of the review (as thread_page counts them), keyed by its top-level id, in one query."""
    per_page = settings.REVIEWHUB_THREADS_PER_PAGE
    threads = _shown_threads(review_id=review.pk, viewer=viewer)
    return {thread: (index // per_page + 1 if per_page else 1) for index, thread in enumerate(threads)}


def approved_comment_count(*, review: Review) -> int:
    return Comment.objects.approved().filter(review=review).count()


def latest_comments(*, limit: int = 6) -> QuerySet[Comment]:
    return (
        Comment.objects.approved()
        .filter(review__status=Status.APPROVED, review__deleted_at__isnull=True)
        .select_related("author", "review", "review__film")
        .order_by("-created_at", "-id")[:limit]
    )


def comments_by_user(*, user, viewer=None, limit: int = 10) -> QuerySet[Comment]:
    """A user's latest comments on visible reviews; their held ones too when they look themselves."""
    shown = Q(status=Status.APPROVED)
    if viewer is not None and viewer.is_authenticated and viewer.pk == user.pk:
        shown |= Q(status=Status.PENDING)
    return (
        Comment.objects.filter(shown, author=user, deleted_at__isnull=True)
        .filter(review__status=Status.APPROVED, review__deleted_at__isnull=True)
        .select_related("review", "review__film")
        .order_by("-created_at", "-id")[:limit]
    )
