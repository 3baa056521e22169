"""Writes for reviews and helpful votes. Views, admin and commands all come through here."""

import math
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from films.models import Film
from moderation.models import Status
from moderation.rules import ensure_can_post
from moderation.services import author_edit_check, edited_after_reports, revision_record
from notifications import services as notifications
from reviewhub.cache import content_changed
from reviews.models import HelpfulVote, Review

DUPLICATE_REVIEW_MESSAGE = "You have already reviewed this film; edit your review instead."
REMOVED_REVIEW_MESSAGE = "A moderator removed your earlier review of this film, so you cannot post another."


def wilson_lower_bound(yes: int, total: int, z: float = 1.959964) -> float:
    """Lower bound of the 95% Wilson score interval for the share of 'yes' votes."""
    if total == 0:
        return 0.0
    share = yes / total
    denominator = 1 + z * z / total
    centre = share + z * z / (2 * total)
    margin = z * math.sqrt((share * (1 - share) + z * z / (4 * total)) / total)
    return (centre - margin) / denominator


def _report_count(review: Review) -> int:
    """Reports on the review, ever. Report lives a floor up (comments); its reverse accessor needs no import."""
    return review.reports.count()


@transaction.atomic
def review_create(
    *,
    author,
    film: Film,
    title: str,
    body: str,
    rating: int | None = None,
    contains_spoilers: bool = False,
) -> Review:
    """Write a user's review of a film; a second live review of the same film is refused.

    A review the author deleted earlier stays as it was, with its discussion: the new one is a new row.
    """
    ensure_can_post(author)
    earlier = Review.objects.filter(author=author, film=film)
    if earlier.filter(status__in=[Status.REMOVED, Status.SPAM]).exists():
        raise ValidationError(REMOVED_REVIEW_MESSAGE, code="removed")
    if earlier.filter(deleted_at__isnull=True).exists():
        raise ValidationError(DUPLICATE_REVIEW_MESSAGE, code="duplicate")
    review = Review(
        author=author,
        film=film,
        title=title,
        body=body,
        rating=rating,
        contains_spoilers=contains_spoilers,
        author_joined_at=author.date_joined,
    )
    review.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as error:
        # Two simultaneous first reviews: the database kept one, this one lost.
        raise ValidationError(DUPLICATE_REVIEW_MESSAGE, code="duplicate") from error
    content_changed()
    notifications.discussion_auto_follow(user=author, review_id=review.pk, own_review=True)
    notifications.review_published(review=review, url=review.get_absolute_url())
    return review


@transaction.atomic
def review_update(*, review: Review, title: str, body: str, rating: int | None, contains_spoilers: bool) -> Review:
    """Change a live, approved review, keeping the old text as a revision.

    A review that was ever reported goes back to the queue, since its reporters
    cannot report it again. Held, hidden, removed and deleted reviews are refused.
    """
    current = Review.objects.select_for_update().get(pk=review.pk)
    author_edit_check(current)
    review.status = current.status
    new = (title, body, rating, contains_spoilers)
    if new == (current.title, current.body, current.rating, current.contains_spoilers):
        return review  # nothing changed: no revision, no "(edited)", no cache invalidation
    revision_record(target=current, editor=current.author)
    review.title, review.body, review.rating, review.contains_spoilers = new
    review.edited_at = timezone.now()
    review.full_clean(validate_constraints=False)
    review.save()
    edited_after_reports(target=review, report_count=_report_count(review))
    content_changed()
    return review


@transaction.atomic
def review_delete(*, review: Review) -> Review:
    """Soft delete: the row stays for staff and can be restored from the admin."""
    review.deleted_at = timezone.now()
    review.save(update_fields=["deleted_at", "updated_at"])
    content_changed()
    notifications.content_withdrawn(target=review)
    return review


@transaction.atomic
def review_restore(*, review: Review) -> Review:
    review.deleted_at = None
    review.save(update_fields=["deleted_at", "updated_at"])
    content_changed()
    notifications.review_published(review=review, url=review.get_absolute_url())
    return review


def _helpful_recount(review: Review) -> None:
    """Recount the review's votes into its counters; the caller holds the review's row lock."""
    counts = HelpfulVote.objects.filter(review=review).aggregate(
        total=Count("pk"), yes=Count("pk", filter=Q(is_helpful=True))
    )
    review.helpful_total = counts["total"]
    review.helpful_yes = counts["yes"]
    review.helpful_score = wilson_lower_bound(counts["yes"], counts["total"])
    Review.objects.filter(pk=review.pk).update(
        helpful_total=review.helpful_total, helpful_yes=review.helpful_yes, helpful_score=review.helpful_score
    )


@transaction.atomic
def helpful_counts_recount(*, review_ids: Iterable[int]) -> int:
    """Recount the helpful votes of these reviews, after votes went without helpful_vote_set (an account deleted)."""
    reviews = list(Review.objects.select_for_update().filter(pk__in=set(review_ids)).order_by("pk"))
    for review in reviews:
        _helpful_recount(review)
    if reviews:
        content_changed()
    return len(reviews)


@transaction.atomic
def helpful_vote_set(*, review: Review, voter, is_helpful: bool | None) -> HelpfulVote | None:
    """Record, change (True/False) or withdraw (None) a reader's vote, keeping the counters exact."""
    if review.author_id == voter.pk:
        raise ValidationError("You cannot vote on your own review.", code="own_review")
    if not review.is_visible:
        raise ValidationError("This review is not open for votes.", code="not_visible")
    # Lock the review row so concurrent votes recount one after another.
    Review.objects.select_for_update().filter(pk=review.pk).values_list("pk").first()
    vote = None
    if is_helpful is None:
        HelpfulVote.objects.filter(review=review, voter=voter).delete()
    else:
        vote, _ = HelpfulVote.objects.update_or_create(review=review, voter=voter, defaults={"is_helpful": is_helpful})
    _helpful_recount(review)
    content_changed()
    return vote
