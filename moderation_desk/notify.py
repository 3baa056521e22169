"""What the people concerned hear of a moderator's decision: the author, the reporters, and, when held
writing goes live, everyone it would have notified. The moderator is never named."""

from django.db.models import Count

from comments.models import Comment, Report
from comments.selectors import comment_location
from moderation.models import Status
from notifications import services as notifications
from notifications.models import Outcome
from reviews.models import Review

REASONS = {Status.SPAM: "spam", Status.REMOVED: "against the community rules"}


def _where(target: Review | Comment) -> tuple[Review, str]:
    if isinstance(target, Comment):
        return target.review, comment_location(target)
    return target, target.get_absolute_url()


def _reason(target: Review | Comment, status: str) -> str:
    """The category of a rejection: spam, or what readers most reported it for, or the rules."""
    if status == Status.SPAM:
        return REASONS[status]
    field = "review" if isinstance(target, Review) else "comment"
    top = Report.objects.filter(**{field: target}).values("reason").annotate(n=Count("pk")).order_by("-n").first()
    return Report.Reason(top["reason"]).label.lower() if top else REASONS.get(status, "")


def decision_announce(*, target: Review | Comment, previous: str, moderator) -> None:
    """After a status change: publish what went live, withdraw what went away, and tell its author."""
    review, url = _where(target)
    if target.status == Status.APPROVED:
        if isinstance(target, Comment):
            notifications.comment_published(comment=target, review=review, parent=target.parent, url=url)
        else:
            notifications.review_published(review=target, url=url)
        if previous == Status.APPROVED:
            return  # only its author's deletion was undone: nothing was decided about the writing
        outcome = Outcome.APPROVED
    else:
        notifications.content_withdrawn(target=target)
        if previous not in (Status.APPROVED, Status.PENDING):
            return
        outcome = Outcome.REJECTED if previous == Status.PENDING else Outcome.REMOVED
    reason = "" if outcome == Outcome.APPROVED else _reason(target, target.status)
    notifications.decision_made(
        target=target, review=review, outcome=outcome, url=url, reason=reason, moderator=moderator
    )


def reports_announce(*, target: Review | Comment, reporter_ids: list[int], upheld: bool) -> None:
    review, url = _where(target)
    notifications.reports_decided(reporter_ids=reporter_ids, target=target, review=review, upheld=upheld, url=url)
