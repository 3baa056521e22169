"""Score protection: staff switch it per film; the database re-derives which ratings count (reviews/counts.py)."""

from django.db import transaction
from django.utils.formats import date_format
from django.utils.timezone import localtime

from moderation.models import ModerationEvent
from moderation.services import event_record
from reviewhub.cache import content_changed
from reviews.models import Review, ScoreProtection

RULE_FIELDS = ("enabled", "since", "min_account_age_days", "require_watch")


def describe(protection: ScoreProtection | None) -> str:
    """One line for the audit log: what the protection does now."""
    if protection is None or not protection.enabled:
        return "off: every visible rating counts"
    since = date_format(localtime(protection.since), "j M Y H:i")
    return f"on since {since}: not counted are {' and '.join(protection.excluded)}"


@transaction.atomic
def score_protection_save(*, protection: ScoreProtection, actor) -> ScoreProtection:
    """Save a film's score protection (on, off or new rules) and record the change in the audit log.

    The database recounts the film in the same statement; a save that changes nothing records nothing.
    """
    before = ScoreProtection.objects.select_for_update().filter(pk=protection.pk).first()
    if before is not None and all(getattr(before, f) == getattr(protection, f) for f in RULE_FIELDS):
        return protection
    protection.full_clean()
    # The save recounts every review of the film and then its statistics row; a review writer locks
    # one review and then that row. Taking the reviews first, in order, keeps the two from deadlocking.
    list(Review.objects.select_for_update().filter(film_id=protection.film_id).order_by("pk").values_list("pk"))
    protection.save()
    was, now = describe(before), describe(protection)
    event_record(
        target=protection,
        action=ModerationEvent.Action.SCORE_PROTECTION,
        actor=actor,
        note=now if was == now else f"{now} (was {was})",
    )
    content_changed()
    return protection
