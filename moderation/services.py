"""The audit trail every status change and edit leaves, automatic or by a moderator; nothing here deletes a row."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from moderation.models import ModeratedContent, ModerationEvent, Revision, Status
from notifications import services as notifications
from reviewhub.cache import content_changed


def event_record(
    *,
    target: models.Model,
    action: str,
    actor=None,
    rule: str = "",
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> ModerationEvent:
    return ModerationEvent.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        actor=actor,
        rule=rule,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note[:300],
    )


@transaction.atomic
def status_set(*, target: models.Model, status: str, action: str, actor=None, rule: str = "", note: str = "") -> bool:
    """Move a review or comment to `status` and record who did it. Returns False if nothing changed."""
    previous = target.status
    if previous == status:
        return False
    type(target).objects.filter(pk=target.pk).update(status=status)
    target.status = status
    event_record(
        target=target, action=action, actor=actor, rule=rule, from_status=previous, to_status=status, note=note
    )
    content_changed()
    if previous == Status.APPROVED:
        notifications.content_withdrawn(target=target)
    return True


NOT_EDITABLE_DELETED = "This was deleted, so it can no longer be edited."
NOT_EDITABLE_AWAITING = "This is awaiting a moderator's decision, so it cannot be edited until then."
NOT_EDITABLE_REMOVED = "A moderator removed this, so it can no longer be edited."


def author_edit_check(target: ModeratedContent) -> None:
    """Refuse an author's edit of held, hidden or removed text: the moderator decides on the text they saw."""
    if target.deleted_at is not None:
        raise ValidationError(NOT_EDITABLE_DELETED, code="deleted")
    if target.status == Status.PENDING:
        raise ValidationError(NOT_EDITABLE_AWAITING, code="awaiting_decision")
    if target.status != Status.APPROVED:
        raise ValidationError(NOT_EDITABLE_REMOVED, code="removed")


def revision_record(
    *, target: ModeratedContent, editor, reason: str = Revision.Reason.EDITED, previous: ModeratedContent | None = None
) -> Revision:
    """Keep the text an edit is about to replace (`previous`, default `target` as loaded), so nothing is lost."""
    previous = previous or target
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        title=getattr(previous, "title", ""),
        body=previous.body,
        rating=getattr(previous, "rating", None),
        text_since=previous.edited_at or previous.created_at,
        replaced_by=editor,
        reason=reason,
    )


def edited_after_reports(*, target: ModeratedContent, report_count: int) -> bool:
    """Reported text that changes goes back to the queue: its reporters cannot report it a second time."""
    if not report_count:
        return False
    return status_set(
        target=target,
        status=Status.PENDING,
        action=ModerationEvent.Action.EDITED,
        rule="edited after reports",
        note=f"edited by its author after {report_count} report{'s' if report_count != 1 else ''}; see its revisions",
    )
