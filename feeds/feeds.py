"""Atom feeds of reviews (site, film, reviewer) and of a review's comments, built with Django's syndication framework.

Every link and id is absolute from REVIEWHUB_SITE_URL, never from the request's Host header.
A spoiler review's or comment's entry has "[Spoilers]" in its title and neither its text nor an excerpt of it.
"""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, format_html

from comments.models import Comment
from comments.selectors import thread_page_numbers
from feeds.selectors import feed_author, feed_comments, feed_reviews
from films.models import Film
from reviewhub.absolute import absolute_url
from reviewhub.templatetags.plaintext import excerpt, plaintext
from reviews.models import Review

SPOILER_SUMMARY = "This review contains spoilers, so its text is only on ReviewHub, behind a warning."
SPOILER_COMMENT_SUMMARY = "This comment contains spoilers, so its text is only on ReviewHub, behind a warning."


class AtomWithContent(Atom1Feed):
    """Atom with each entry's full text in <content>, beside the short <summary> Django writes."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class SiteFeed(Feed):
    """What every ReviewHub feed shares: Atom, absolute links, the feed's own address as its id."""

    feed_type = AtomWithContent

    def feed_url(self, obj) -> str:
        return absolute_url(self.path(obj))

    def feed_guid(self, obj) -> str:
        return self.feed_url(obj)

    def path(self, obj) -> str:
        raise NotImplementedError

    def item_link(self, item: Review | Comment) -> str:
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item: Review | Comment) -> str:
        # The permalink, never the paged link: a comment keeps its id when its thread's paging changes.
        return absolute_url(item.get_absolute_url())

    def item_author_name(self, item: Review | Comment) -> str:
        return item.author.username

    def item_author_link(self, item: Review | Comment) -> str:
        return absolute_url(item.author.get_absolute_url())

    def item_pubdate(self, item: Review | Comment) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Review | Comment) -> datetime:
        return item.edited_at or item.created_at


class ReviewFeed(SiteFeed):
    """Entries are reviews: title as on the review page, rating and text unless it spoils."""

    def item_title(self, item: Review) -> str:
        title = f"{item.title} — a review of {item.film}"
        return f"[Spoilers] {title}" if item.contains_spoilers else title

    def item_description(self, item: Review) -> str:
        if item.contains_spoilers:
            return escape(SPOILER_SUMMARY)
        rating = f"{item.rating}/10 ({item.verdict}). " if item.rating else ""
        return escape(rating + excerpt(item.body, 280))

    def item_extra_kwargs(self, item: Review) -> dict:
        if item.contains_spoilers:
            return {}
        rating = format_html("<p><strong>{}/10</strong> ({})</p>\n", item.rating, item.verdict) if item.rating else ""
        return {"content": rating + plaintext(item.body)}


class LatestReviewsFeed(ReviewFeed):
    title = "ReviewHub: latest reviews"
    subtitle = "The newest film reviews from the ReviewHub community."

    def path(self, obj) -> str:
        return reverse("feeds:reviews")

    def link(self) -> str:
        return absolute_url(reverse("pages:home"))

    def items(self):
        return feed_reviews()


class FilmReviewsFeed(ReviewFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Film:
        return get_object_or_404(Film, slug=slug)

    def path(self, obj: Film) -> str:
        return reverse("feeds:film", kwargs={"slug": obj.slug})

    def title(self, obj: Film) -> str:
        return f"ReviewHub: reviews of {obj}"

    def subtitle(self, obj: Film) -> str:
        return f"The newest reviews of {obj} on ReviewHub."

    def link(self, obj: Film) -> str:
        return absolute_url(obj.get_absolute_url())

    def items(self, obj: Film):
        return feed_reviews(film=obj)


class ReviewerFeed(ReviewFeed):
    def get_object(self, request: HttpRequest, username: str):
        return feed_author(username=username)

    def path(self, obj) -> str:
        return reverse("feeds:user", kwargs={"username": obj.username})

    def title(self, obj) -> str:
        return f"ReviewHub: reviews by {obj.username}"

    def subtitle(self, obj) -> str:
        return f"The newest film reviews by {obj.username} on ReviewHub."

    def link(self, obj) -> str:
        return absolute_url(obj.get_absolute_url())

    def items(self, obj):
        return feed_reviews(author=obj)


class ReviewCommentsFeed(SiteFeed):
    """A visible review's visible comments, newest first, each linking to its place in the thread."""

    def get_object(self, request: HttpRequest, pk: int) -> Review:
        return get_object_or_404(Review.objects.visible().select_related("film"), pk=pk)

    def path(self, obj: Review) -> str:
        return reverse("feeds:comments", kwargs={"pk": obj.pk})

    def title(self, obj: Review) -> str:
        return f"ReviewHub: comments on “{obj.title}”, a review of {obj.film}"

    def subtitle(self, obj: Review) -> str:
        return f"The newest comments on “{obj.title}” on ReviewHub."

    def link(self, obj: Review) -> str:
        return absolute_url(obj.get_absolute_url())

    def items(self, obj: Review) -> list[Comment]:
        comments = list(feed_comments(review=obj))
        pages = thread_page_numbers(review=obj)
        for comment in comments:
            comment.review = obj
            comment.thread_page = pages.get(comment.thread, 1)
        return comments

    def item_title(self, item: Comment) -> str:
        kind = "Reply" if item.parent_id else "Comment"
        title = f"{kind} by {item.author.username} on “{item.review.title}”"
        return f"[Spoilers] {title}" if item.contains_spoilers else title

    def item_link(self, item: Comment) -> str:
        # The page of the thread that shows it (as signed-out readers page it), then its anchor.
        url = reverse("comments:review", kwargs={"pk": item.review_id})
        if item.thread_page > 1:
            url = f"{url}?page={item.thread_page}"
        return absolute_url(f"{url}#comment-{item.pk}")

    def item_description(self, item: Comment) -> str:
        if item.contains_spoilers:
            return escape(SPOILER_COMMENT_SUMMARY)
        return escape(excerpt(item.body, 280))

    def item_extra_kwargs(self, item: Comment) -> dict:
        return {} if item.contains_spoilers else {"content": plaintext(item.body)}
