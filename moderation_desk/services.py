"""The decisions moderators take on reviews, comments, reports and accounts.

The admin actions and any site view call these same functions (STYLE 17), and each
leaves its audit record. Moderation only changes status and records why; it never deletes.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.services import user_anonymise
from comments.models import Comment, Report
from comments.services import comment_delete
from moderation.models import ModerationEvent, Status
from moderation.services import event_record
from reviewhub.cache import content_changed
from reviews.models import HelpfulVote, Review
from reviews.services import helpful_counts_recount, review_delete

Action = ModerationEvent.Action

APPROVE = "approve"
SPAM = "spam"
REMOVE = "remove"
RESTORE = "restore"
# Not a status change: the item stays up behind the spoiler guard (spoilers_mark).
SPOILERS = "spoilers"

# What each moderator decision does: the status it sets and how the audit log names it.
DECISIONS: dict[str, tuple[str, str]] = {
    APPROVE: (Status.APPROVED, Action.APPROVED),
    SPAM: (Status.SPAM, Action.SPAM),
    REMOVE: (Status.REMOVED, Action.REMOVED),
    RESTORE: (Status.APPROVED, Action.RESTORED),
}


def _report_field(target: Review | Comment) -> str:
    if isinstance(target, Review):
        return "review"
    if isinstance(target, Comment):
        return "comment"
    raise TypeError(f"Only reviews and comments are moderated, not {type(target).__name__}.")


def _open_reports_resolve(*, target: Review | Comment, actor, upheld: bool) -> int:
    """Close every open report on the item with the moderator's decision; returns how many."""
    return Report.objects.filter(resolved_at__isnull=True, **{_report_field(target): target}).update(
        resolved_at=timezone.now(), resolved_by=actor, upheld=upheld
    )


def _resolved_note(count: int) -> str:
    return ngettext("%(count)d open report resolved", "%(count)d open reports resolved", count) % {"count": count}


def _locked(target: Review | Comment) -> Review | Comment:
    """Re-read the item under a row lock so two moderators' decisions apply one after the other."""
    return type(target).objects.select_for_update().get(pk=target.pk)


@transaction.atomic
def moderate(*, target: Review | Comment, action: str, actor, note: str = "") -> bool:
    """Approve, reject as spam, remove or restore a review or comment.

    Approve and restore make it visible again (restore also undoes its author's
    soft delete); spam and remove hide it. Open reports on the item are resolved
    with the decision: upheld when it is hidden, not upheld when it stays up.
    Returns False when the item was already in that state with no open report.
    """
    if action not in DECISIONS:
        raise ValidationError("Unknown moderation action %(action)s.", code="unknown_action", params={"action": action})
    _report_field(target)
    new_status, event_action = DECISIONS[action]
    current = _locked(target)
    previous = current.status
    updates: dict[str, object] = {}
    notes = [note] if note else []
    if previous != new_status:
        updates["status"] = new_status
    if action == RESTORE and current.deleted_at is not None:
        updates["deleted_at"] = None
        notes.append("undid its author's deletion")
    resolved = _open_reports_resolve(target=target, actor=actor, upheld=new_status != Status.APPROVED)
    if resolved:
        notes.append(_resolved_note(resolved))
    if not updates and not resolved:
        return False
    if updates:
        type(target).objects.filter(pk=target.pk).update(**updates)
        for field, value in updates.items():
            setattr(target, field, value)
    event_record(
        target=target,
        action=event_action,
        actor=actor,
        from_status=previous,
        to_status=new_status,
        note="; ".join(notes),
    )
    content_changed()
    return True


@transaction.atomic
def report_resolve(*, report: Report, actor, upheld: bool) -> bool:
    """Decide on a report: upheld removes the content, otherwise the content is kept.

    The decision is about the content, so it closes every open report on that
    item, not just this one. Content hidden while awaiting a decision (after
    reports or by a hold) is approved when kept. Returns False if already resolved.
    """
    # Lock only the report row: PostgreSQL refuses FOR UPDATE on the nullable side of the joins.
    report = Report.objects.select_for_update(of=("self",)).select_related("review", "comment").get(pk=report.pk)
    if report.resolved_at is not None:
        return False
    target = report.target
    if upheld:
        return moderate(target=target, action=REMOVE, actor=actor, note="report upheld")
    if target.status == Status.PENDING:
        return moderate(target=target, action=APPROVE, actor=actor, note="reports resolved, content kept")
    resolved = _open_reports_resolve(target=target, actor=actor, upheld=False)
    event_record(
        target=target,
        action=Action.REPORTS_DISMISSED,
        actor=actor,
        from_status=target.status,
        to_status=target.status,
        note=_resolved_note(resolved),
    )
    return True


@transaction.atomic
def spoilers_mark(*, target: Review | Comment, actor) -> bool:
    """Put a review or comment behind the spoiler guard instead of removing it.

    An item hidden while awaiting a decision comes back (with the guard), and its
    open reports are resolved as upheld: the reporters were right, and it was fixed.
    """
    field = _report_field(target)
    current = _locked(target)
    previous = current.status
    new_status = Status.APPROVED if previous == Status.PENDING else previous
    has_open_reports = Report.objects.filter(resolved_at=None, **{field: target}).exists()
    if current.contains_spoilers and new_status == previous and not has_open_reports:
        return False
    type(target).objects.filter(pk=target.pk).update(contains_spoilers=True, status=new_status)
    target.contains_spoilers, target.status = True, new_status
    resolved = _open_reports_resolve(target=target, actor=actor, upheld=True)
    event_record(
        target=target,
        action=Action.SPOILERS,
        actor=actor,
        from_status=previous,
        to_status=new_status,
        note=_resolved_note(resolved) if resolved else "",
    )
    content_changed()
    return True


def review_mark_spoilers(*, review: Review, actor) -> bool:
    return spoilers_mark(target=review, actor=actor)


def comment_mark_spoilers(*, comment: Comment, actor) -> bool:
    return spoilers_mark(target=comment, actor=actor)


@transaction.atomic
def report_uphold_spoilers(*, report: Report, actor) -> bool:
    """Uphold a "spoilers not marked" report by marking the item, which stays up; False if already resolved."""
    report = Report.objects.select_for_update(of=("self",)).select_related("review", "comment").get(pk=report.pk)
    if report.resolved_at is not None:
        return False
    return spoilers_mark(target=report.target, actor=actor)


def pending_comments_remove(*, authors, actor) -> int:
    """Remove every comment of these accounts that is awaiting moderation; returns how many."""
    removed = 0
    for comment in Comment.objects.filter(author__in=authors, status=Status.PENDING).order_by("pk"):
        removed += moderate(target=comment, action=REMOVE, actor=actor, note="all pending comments of the author")
    return removed


@transaction.atomic
def user_deactivate(*, user, actor, note: str = "") -> bool:
    """Switch an account off: it can no longer sign in or post (its session ends too).

    Its content stays as it is; use pending_comments_remove for the queue.
    """
    if not user.is_active:
        return False
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    event_record(target=user, action=Action.DEACTIVATED, actor=actor, note=note)
    return True


@transaction.atomic
def account_close(*, user, remove_writing: bool) -> None:
    """A member deletes their own account: deactivated and anonymised, never a row deleted.

    Their reviews and comments stay, shown as by "a former member", or with `remove_writing` go
    through the authors' own soft deletes: a review's rating leaves the film's statistics (the
    triggers count only live reviews) and its discussion stays in the database with it, restorable
    from the admin; a comment with replies leaves its "[deleted]" placeholder, so others' replies
    stay in place. Helpful votes they gave stay counted; others' votes and replies are untouched.
    """
    if remove_writing:
        for review in Review.objects.filter(author=user, deleted_at__isnull=True).order_by("pk"):
            review_delete(review=review)
        for comment in Comment.objects.filter(author=user, deleted_at__isnull=True).order_by("pk"):
            comment_delete(comment=comment)
    kept = "removed" if remove_writing else "kept"
    user_deactivate(user=user, actor=user, note=f"account deleted by its owner; their writing {kept}")
    user_anonymise(user=user)


USER_HAS_WRITING = (
    "%(username)s has written reviews or comments, which others may have replied to; "
    "deactivate the account instead (the “Deactivate selected users” action)."
)


def user_has_writing(user) -> bool:
    """Reviews and comments, even deleted ones, keep an account: deleting it would take others' replies."""
    return Review.objects.filter(author=user).exists() or Comment.objects.filter(author=user).exists()


@transaction.atomic
def user_delete(*, user, actor) -> None:
    """Delete an account that has written nothing; its helpful votes go and the reviews' counters are recounted.

    An account with writing is refused (the author foreign keys PROTECT it too): deactivate it instead.
    """
    if user_has_writing(user):
        raise ValidationError(USER_HAS_WRITING, code="has_writing", params={"username": user.get_username()})
    voted_on = list(HelpfulVote.objects.filter(voter=user).values_list("review_id", flat=True))
    user.delete()
    helpful_counts_recount(review_ids=voted_on)
    content_changed()  # their profile page and votes were on show
