"""Writes for comments and reports: post, reply, edit, delete, report.

Thread bookkeeping (depth, thread, path) is written here, in the posting
transaction, so a whole thread reads back in display order in one query.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from comments.models import Comment, Report, path_segment
from moderation import rules
from moderation.models import Status
from moderation.services import author_edit_check, edited_after_reports, event_record, revision_record, status_set
from reviewhub.cache import content_changed
from reviews.models import Review


def _is_trusted(user) -> bool:
    return user.is_superuser or user.has_perm("comments.moderate_comment")


def _decision_for(*, author, body: str, first_comment_rule: bool) -> rules.Decision:
    has_approved = True
    if first_comment_rule:
        has_approved = Comment.objects.filter(author=author, status=Status.APPROVED).exists()
    return rules.decide(text=body, trusted=_is_trusted(author), has_approved_comment=has_approved)


@transaction.atomic
def comment_create(
    *, author, review: Review, body: str, parent: Comment | None = None, contains_spoilers: bool = False
) -> Comment:
    """Post a top-level comment, or a reply when `parent` is given.

    Refused with a ValidationError a form can show: a closed or hidden review, a
    parent on another review, a parent that is gone, or a reply deeper than
    REVIEWHUB_COMMENT_MAX_DEPTH.
    """
    rules.ensure_can_post(author)
    if not review.is_visible:
        raise ValidationError("This review is not open for comments.", code="review_closed")
    depth = 1
    if parent is not None:
        if parent.review_id != review.pk:
            raise ValidationError("You can only reply to a comment on the same review.", code="parent_other_review")
        if parent.deleted_at is not None or (parent.status != Status.APPROVED and parent.author_id != author.pk):
            raise ValidationError("That comment is no longer open for replies.", code="parent_gone")
        depth = parent.depth + 1
        max_depth = settings.REVIEWHUB_COMMENT_MAX_DEPTH
        if depth > max_depth:
            raise ValidationError(
                "Replies can nest at most %(max_depth)d levels deep; reply further up the thread instead.",
                code="too_deep",
                params={"max_depth": max_depth},
            )
    decision = _decision_for(author=author, body=body, first_comment_rule=True)
    comment = Comment(
        review=review,
        author=author,
        parent=parent,
        body=body,
        depth=depth,
        status=decision.status,
        contains_spoilers=contains_spoilers,
    )
    comment.full_clean(exclude=["path", "thread"])
    comment.save()
    comment.path = (parent.path if parent else "") + path_segment(comment.pk)
    comment.thread = parent.thread if parent else comment.pk
    Comment.objects.filter(pk=comment.pk).update(path=comment.path, thread=comment.thread)
    if decision.rule:
        event_record(target=comment, action="held", rule=decision.rule, to_status=decision.status)
    content_changed()
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, body: str, contains_spoilers: bool | None = None) -> Comment:
    """Change the text of a live, approved comment, keeping the old text as a revision.

    The link and word rules look at the new text again; a comment that was ever
    reported goes back to the queue, since its reporters cannot report it again.
    Held, hidden, removed and deleted comments are refused (ValidationError). The spoiler flag
    (None: unchanged) is not the text: changing only it leaves no revision and no "(edited)".
    """
    current = Comment.objects.select_for_update().get(pk=comment.pk)
    author_edit_check(current)
    comment.status = current.status
    if contains_spoilers is not None and contains_spoilers != current.contains_spoilers:
        comment.contains_spoilers = contains_spoilers
        comment.save(update_fields=["contains_spoilers"])
        content_changed()
    if body == current.body:
        return comment  # the text is unchanged: no revision, no "(edited)"
    revision_record(target=current, editor=current.author)
    comment.body = body
    comment.edited_at = timezone.now()
    comment.full_clean(exclude=["path", "thread"])
    comment.save(update_fields=["body", "edited_at"])
    if not edited_after_reports(target=comment, report_count=Report.objects.filter(comment=comment).count()):
        decision = _decision_for(author=comment.author, body=body, first_comment_rule=False)
        if decision.status != Status.APPROVED:
            status_set(target=comment, status=decision.status, action="held", rule=decision.rule)
    content_changed()
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment) -> Comment:
    """Soft delete by its author: replies stay in place under a "[deleted]" placeholder."""
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at"])
    content_changed()
    return comment


@transaction.atomic
def report_create(*, reporter, target: Review | Comment, reason: str, details: str = "") -> Report:
    """Report a review or comment once; at the threshold of distinct readers it is hidden.

    A reader's repeat report of the same item returns the existing report unchanged.
    """
    if getattr(target, "author_id", None) == reporter.pk:
        raise ValidationError("You cannot report your own writing.", code="own_content")
    target_field = "review" if isinstance(target, Review) else "comment"
    existing = Report.objects.filter(reporter=reporter, **{target_field: target}).first()
    if existing is not None:
        return existing
    report = Report(reporter=reporter, reason=reason, details=details, **{target_field: target})
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        return Report.objects.get(reporter=reporter, **{target_field: target})
    _hide_if_reported_enough(target=target, target_field=target_field)
    return report


def _hide_if_reported_enough(*, target: Model, target_field: str) -> None:
    threshold = settings.REVIEWHUB_REPORT_HIDE_THRESHOLD
    open_reporters = (
        Report.objects.filter(resolved_at__isnull=True, **{target_field: target}).values("reporter").distinct().count()
    )
    if threshold and open_reporters >= threshold and target.status == Status.APPROVED:
        status_set(
            target=target,
            status=Status.PENDING,
            action="hidden",
            rule=f"reported by {threshold} readers",
        )
