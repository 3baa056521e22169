"""The audit trail every status change leaves, automatic or by a moderator; nothing here deletes a row."""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from moderation.models import ModerationEvent
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
    return True
