"""Importing a WordPress blog: posts become reviews, approved comments their threads, authors imported accounts.

Keyed by the blog's address and WordPress's post and comment ids (WordPressItem), so importing the
same blog again updates what changed instead of duplicating. Reviews and comments are written by
their apps' services, so film statistics and comment threads stay exact. The whole import is one
transaction: a file that fails half-way leaves nothing behind.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from accounts.services import username_validate_new
from comments.models import Comment
from comments.services import comment_create
from films.models import Film
from moderation.models import Revision, Status
from moderation.services import revision_record, status_set
from portability import wxr
from portability.models import WordPressImport, WordPressItem
from reviewhub.cache import content_changed
from reviews.models import Review
from reviews.services import review_create

SKIPPED_TYPES = {"pingback", "trackback"}
_TITLE_WITH_YEAR = re.compile(r"^(?P<title>.+?)\s*\((?P<year>\d{4})\)\s*\.?$")


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"counts": dict(self.counts), "notes": self.notes}


def match_film(post: wxr.WxrPost) -> Film | None:
    """The film a post is about: "Title (Year)" in its title, else a title or category naming exactly one film."""
    match = _TITLE_WITH_YEAR.match(post.title)
    if match:
        films = list(Film.objects.filter(title__iexact=match["title"], year=int(match["year"]))[:2])
        if len(films) == 1:
            return films[0]
    for name in [post.title, *post.categories]:
        films = list(Film.objects.filter(title__iexact=name.strip())[:2]) if name.strip() else []
        if len(films) == 1:
            return films[0]
    return None


def _free_username(name: str) -> str:
    limit = settings.REVIEWHUB_USERNAME_MAX_LENGTH
    base = (slugify(name) or "reader")[:limit]
    user_model = get_user_model()
    for number in range(1, 1000):
        suffix = "" if number == 1 else f"-{number}"
        candidate = base[: limit - len(suffix)] + suffix
        if user_model.objects.filter(username__iexact=candidate).exists():
            continue
        try:
            username_validate_new(candidate)
        except ValidationError:
            continue
        return candidate
    raise ValidationError(f"No free username for {name}.")


def _account(blog: wxr.Blog, *, key: str, name: str, role: str):
    """The unclaimed account standing for a blog's author or commenter, created once per blog."""
    remote_id = hashlib.sha256(key.casefold().encode()).hexdigest()[:64]
    item = WordPressItem.objects.filter(blog_url=blog.url, kind=WordPressItem.Kind.AUTHOR, remote_id=remote_id)
    found = item.select_related("user").first()
    if found is not None and found.user is not None:
        return found.user
    user = get_user_model()(
        username=_free_username(name),
        bio=f"Imported account: {role} on {blog.title or blog.url} ({blog.url}).",
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    WordPressItem.objects.update_or_create(
        blog_url=blog.url, kind=WordPressItem.Kind.AUTHOR, remote_id=remote_id, defaults={"user": user}
    )
    return user


def _post_author(blog: wxr.Blog, post: wxr.WxrPost):
    author = blog.authors.get(post.creator)
    name = (author.display_name if author else "") or post.creator or "blogger"
    return _account(blog, key=f"login:{post.creator}", name=name, role="the author of blog posts"), name


def _comment_author(blog: wxr.Blog, comment: wxr.WxrComment):
    registered = None
    if comment.user_id not in ("", "0"):
        registered = next((a for a in blog.authors.values() if a.id == comment.user_id), None)
    if registered is not None:
        name = registered.display_name or registered.login
        return _account(blog, key=f"login:{registered.login}", name=name, role="the author of blog posts")
    name = comment.author or "Anonymous"
    key = f"email:{comment.author_email}" if comment.author_email else f"name:{name}"
    return _account(blog, key=key, name=name, role="a reader who commented")


def _item(blog: wxr.Blog, kind: str, remote_id: str) -> WordPressItem | None:
    return WordPressItem.objects.filter(blog_url=blog.url, kind=kind, remote_id=remote_id).first()


def _import_post(blog: wxr.Blog, post: wxr.WxrPost, film: Film, actor, report: Report) -> Review | None:
    title = (post.title or f"{film.title} ({film.year})")[: settings.REVIEWHUB_REVIEW_TITLE_MAX_LENGTH]
    link = post.link if len(post.link) <= 200 else blog.url[:200]
    existing = _item(blog, WordPressItem.Kind.POST, post.id)
    if existing is not None and existing.review_id:
        review = Review.objects.get(pk=existing.review_id)
        if (review.title, review.body) != (title, post.content):
            revision_record(target=review, editor=actor, reason=Revision.Reason.CORRECTED)
            review.title, review.body = title, post.content
            review.full_clean(validate_constraints=False)
            review.save(update_fields=["title", "body", "updated_at"])
            report.counts["posts updated"] += 1
        else:
            report.counts["posts unchanged"] += 1
        return review
    author, author_name = _post_author(blog, post)
    try:
        with transaction.atomic():
            review = review_create(author=author, film=film, title=title, body=post.content)
    except ValidationError as error:
        report.counts["posts skipped"] += 1
        report.notes.append(f"Post {post.id} “{post.title}”: {' '.join(error.messages)}")
        return None
    Review.objects.filter(pk=review.pk).update(
        created_at=post.date or review.created_at,
        imported_from=link,
        imported_author_name=author_name[:200],
        imported_site=(blog.title or blog.url)[:200],
    )
    WordPressItem.objects.create(blog_url=blog.url, kind=WordPressItem.Kind.POST, remote_id=post.id, review=review)
    report.counts["posts imported"] += 1
    return review


def _skip_reason(comment: wxr.WxrComment) -> str:
    if comment.type in SKIPPED_TYPES:
        return "pingbacks and trackbacks skipped"
    if comment.approved == "spam":
        return "spam comments skipped"
    if comment.approved == "trash":
        return "trashed comments skipped"
    if comment.approved != "1":
        return "unapproved comments skipped"
    return ""


def _nearest_kept(comment: wxr.WxrComment, everything: dict[str, wxr.WxrComment], kept: set[str]) -> str:
    """The closest ancestor that is imported ("0" for none): a reply to a spam comment moves up to its grandparent."""
    parent, seen = comment.parent, set()
    while parent != "0" and parent not in kept and parent in everything and parent not in seen:
        seen.add(parent)
        parent = everything[parent].parent
    return parent if parent in kept else "0"


def _flatten(parent: Comment) -> Comment:
    """The ancestor a reply can hang under without passing REVIEWHUB_COMMENT_MAX_DEPTH."""
    max_depth = settings.REVIEWHUB_COMMENT_MAX_DEPTH
    if parent.depth < max_depth:
        return parent
    ancestor_ids = [int(segment) for segment in parent.path.strip("/").split("/")]
    return Comment.objects.get(pk=ancestor_ids[max_depth - 2])


def _import_comments(blog: wxr.Blog, post: wxr.WxrPost, review: Review, actor, report: Report) -> None:
    everything = {comment.id: comment for comment in post.comments}
    kept = set()
    for comment in post.comments:
        reason = _skip_reason(comment)
        if reason:
            report.counts[reason] += 1
        else:
            kept.add(comment.id)
    parents = {cid: _nearest_kept(everything[cid], everything, kept) for cid in kept}

    def depth(cid: str) -> int:
        level = 1
        while parents[cid] != "0":
            cid, level = parents[cid], level + 1
        return level

    local: dict[str, Comment] = {}
    for cid in sorted(kept, key=lambda c: (depth(c), everything[c].date or review.created_at, c.zfill(20))):
        source = everything[cid]
        existing = _item(blog, WordPressItem.Kind.COMMENT, cid)
        if existing is not None and existing.comment_id:
            comment = Comment.objects.get(pk=existing.comment_id)
            if comment.body != source.content:
                revision_record(target=comment, editor=actor, reason=Revision.Reason.CORRECTED)
                comment.body = source.content
                comment.full_clean(exclude=["path", "thread"])
                comment.save(update_fields=["body"])
                report.counts["comments updated"] += 1
            else:
                report.counts["comments unchanged"] += 1
            local[cid] = comment
            continue
        parent = local.get(parents[cid])
        if parent is not None and parent.depth >= settings.REVIEWHUB_COMMENT_MAX_DEPTH:
            parent = _flatten(parent)
            report.counts["replies flattened to the deepest level"] += 1
            report.notes.append(
                f"Comment {cid} on post {post.id} was nested deeper than {settings.REVIEWHUB_COMMENT_MAX_DEPTH} "
                "levels; it now replies at the deepest level."
            )
        try:
            with transaction.atomic():
                comment = comment_create(
                    author=_comment_author(blog, source), review=review, body=source.content, parent=parent
                )
        except ValidationError as error:
            report.counts["comments skipped"] += 1
            report.notes.append(f"Comment {cid} on post {post.id}: {' '.join(error.messages)}")
            continue
        if comment.status != Status.APPROVED:
            # Approved on the blog, and imported by staff: the holds for new accounts do not apply.
            status_set(
                target=comment,
                status=Status.APPROVED,
                action="approved",
                actor=actor,
                note="Imported from WordPress, where it was approved.",
            )
        Comment.objects.filter(pk=comment.pk).update(created_at=source.date or review.created_at)
        WordPressItem.objects.create(blog_url=blog.url, kind=WordPressItem.Kind.COMMENT, remote_id=cid, comment=comment)
        local[cid] = comment
        report.counts["comments imported"] += 1


@transaction.atomic
def wordpress_import(
    *, data: bytes, file_name: str, actor=None, film: Film | None = None, match_titles: bool = False
) -> WordPressImport:
    """Import a WXR file: every post as a review of `film`, or of the film its title names (`match_titles`)."""
    if (film is None) == (not match_titles):
        raise ValueError("Give either a film or match_titles=True.")
    blog = wxr.parse(data)
    report = Report()
    for post in blog.posts:
        if post.type != "post":
            report.counts["pages and attachments skipped"] += 1
            continue
        if post.status != "publish":
            report.counts["unpublished posts skipped"] += 1
            continue
        if not post.content:
            report.counts["posts skipped"] += 1
            report.notes.append(f"Post {post.id} “{post.title}” is empty.")
            continue
        target = film or match_film(post)
        if target is None:
            report.counts["posts with no matching film"] += 1
            report.notes.append(f"Post {post.id} “{post.title}”: no film in the catalogue matches its title.")
            continue
        review = _import_post(blog, post, target, actor, report)
        if review is not None:
            _import_comments(blog, post, review, actor, report)
    content_changed()
    return WordPressImport.objects.create(
        blog_name=blog.title[:200],
        blog_url=blog.url[:200],
        file_name=file_name[:200],
        imported_by=actor,
        report=report.as_dict(),
    )
