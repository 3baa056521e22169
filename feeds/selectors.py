"""What the feeds and the sitemap list: what a signed-out reader sees on the pages, minus deactivated accounts' writing.

Pages keep showing a deactivated account's reviews and comments in place (others replied to them);
what the site pushes out or advertises to crawlers leaves them out.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Exists, Max, OuterRef, Q, QuerySet

from comments.models import Comment
from films.models import Film
from reviews.models import Review


def feed_reviews(*, film: Film | None = None, author=None) -> QuerySet[Review]:
    """The newest visible reviews, of one film or by one author if given, with what an entry shows."""
    reviews = Review.objects.visible().filter(author__is_active=True).select_related("author", "film")
    if film is not None:
        reviews = reviews.filter(film=film)
    if author is not None:
        reviews = reviews.filter(author=author)
    return reviews.order_by("-created_at", "-id")[: settings.REVIEWHUB_FEED_ITEMS]


def feed_comments(*, review: Review) -> QuerySet[Comment]:
    """A visible review's newest visible comments, with their authors."""
    return (
        Comment.objects.approved()
        .filter(review=review, author__is_active=True)
        .select_related("author")
        .order_by("-created_at", "-id")[: settings.REVIEWHUB_FEED_ITEMS]
    )


def feed_author(*, username: str) -> AbstractBaseUser:
    """The active account a reviewer feed is about (a deactivated one has no profile, so no feed)."""
    return get_user_model().objects.get(username=username, is_active=True)


def sitemap_films() -> QuerySet[Film]:
    """Every film, with the time of its newest visible review (its page's latest change a crawler cares about)."""
    newest_review = Max("reviews__created_at", filter=Q(reviews__in=Review.objects.visible()))
    return Film.objects.annotate(newest_review=newest_review).order_by("pk")


def sitemap_reviews() -> QuerySet[Review]:
    """Visible reviews by active accounts, with the dates their lastmod needs."""
    return Review.objects.visible().filter(author__is_active=True).only("pk", "created_at", "edited_at").order_by("pk")


def sitemap_profiles() -> QuerySet:
    """Active accounts with at least one visible review, with the time of their newest one."""
    visible = Review.objects.visible()
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Exists(visible.filter(author=OuterRef("pk"))))
        .annotate(newest_review=Max("reviews__created_at", filter=Q(reviews__in=visible)))
        .only("pk", "username")
        .order_by("pk")
    )
