"""{% thread_rows %}: a comment thread's rows in one linear pass of string formats.

A template loop over a long thread is several times the review page's time budget (bench/README.md).
"""

from html import escape
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe

from comments.selectors import ThreadEntry
from reviewhub.templatetags.plaintext import plaintext
from reviews.models import Review

register = template.Library()

# Stand in for a comment id and a username while reversing once per render (reverse() costs more
# than the rest of a row); the real ones are substituted per row.
_ID = "918273645"
_NAME = "placeholderusername"
# What reverse() leaves unquoted in a path (django.urls.resolvers).
_PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


class _Row:
    """Per-render constants: reversed URLs, month names, the viewer."""

    def __init__(self, *, review: Review, user, request, spoilers_open: bool) -> None:
        self.reply_url = reverse("comments:reply", args=[_ID])
        self.edit_url = reverse("comments:edit", args=[_ID])
        self.delete_url = reverse("comments:delete", args=[_ID])
        self.report_url = reverse("comments:report", args=[_ID])
        self.profile_url = reverse("pages:profile", args=[_NAME])
        self.next = escape(quote(request.get_full_path(), safe="/")) if request is not None else ""
        self.months = {number: str(name) for number, name in MONTHS.items()}
        self.viewer_id = user.pk if user is not None and user.is_authenticated else None
        self.review_open = review.is_visible
        self.authors: dict[int, tuple[str, str]] = {}
        self.zone = timezone.get_current_timezone()
        # Spoiler comments fold for readers who have not logged the film, open for those who have.
        self.spoiler_open = '<details class="rh-spoiler" open>' if spoilers_open else '<details class="rh-spoiler">'

    def date(self, value) -> tuple[str, str, str]:
        """(ISO 8601 to the second, as <time> takes, "12 March 2025", "12 March 2025, 14:05"), local time."""
        local = value.astimezone(self.zone)
        day = f"{local.day} {self.months[local.month]} {local.year}"
        return local.isoformat(timespec="seconds"), day, f"{day}, {local.hour:02d}:{local.minute:02d}"

    def author(self, author) -> tuple[str, str]:
        """(escaped name, the name's markup: a link to the profile, or plain for a deleted account), once per author."""
        known = self.authors.get(author.pk)
        if known is None:
            name = escape(author.public_name)
            if author.is_former_member:  # a deleted account has no profile to link to
                markup = f'<span class="rh-author former-member">{name}</span>'
            else:
                url = escape(self.profile_url.replace(_NAME, quote(author.username, safe=_PATH_SAFE)))
                markup = f'<a class="rh-author" href="{url}">{name}</a>'
            known = self.authors[author.pk] = (name, markup)
        return known

    def body(self, comment) -> str:
        body = f'<div class="rh-comment-body">{plaintext(comment.body)}</div>'
        if comment.contains_spoilers:
            return f"{self.spoiler_open}<summary>Spoilers — show anyway</summary>{body}</details>"
        return body

    def render(self, entry: ThreadEntry, reply_to: str) -> str:
        comment = entry.comment
        pk = str(comment.pk)
        classes = f"rh-comment depth-{entry.depth}"
        if entry.placeholder:
            classes += " rh-comment--gone"
        if entry.awaiting_moderation:
            classes += " rh-comment--pending"
        if entry.placeholder:
            return (
                f'<li class="{classes}" id="comment-{pk}">'
                f'<p class="rh-placeholder">{escape(entry.placeholder)}</p></li>'
            )
        name, author = self.author(comment.author)
        label = f"Comment by {name}" + (f", replying to {escape(reply_to)}" if reply_to else "")
        iso, day, day_time = self.date(comment.created_at)
        edited = ""
        if comment.edited_at is not None:
            edited = f' <span class="rh-edited" title="Edited {self.date(comment.edited_at)[2]}">(edited)</span>'
        pending = ' <span class="rh-badge-pending">Awaiting moderation</span>' if entry.awaiting_moderation else ""
        actions = []
        if entry.can_reply and self.review_open:
            actions.append(
                f'<li><a class="js-reply" href="{self.reply_url.replace(_ID, pk)}" data-comment="{pk}">'
                f'Reply<span class="visually-hidden"> to {name}</span></a></li>'
            )
        if self.viewer_id is not None and comment.author_id == self.viewer_id:
            if not entry.awaiting_moderation:  # held or hidden text waits for the moderator, unedited
                actions.append(
                    f'<li><a href="{self.edit_url.replace(_ID, pk)}">Edit'
                    '<span class="visually-hidden"> your comment</span></a></li>'
                )
            actions.append(
                f'<li><a href="{self.delete_url.replace(_ID, pk)}">Delete'
                '<span class="visually-hidden"> your comment</span></a></li>'
            )
        elif not entry.awaiting_moderation and self.review_open:
            actions.append(
                f'<li><a class="rh-report-link" href="{self.report_url.replace(_ID, pk)}?next={self.next}">'
                f'Report<span class="visually-hidden"> the comment by {name}</span></a></li>'
            )
        return (
            f'<li class="{classes}" id="comment-{pk}">'
            f'<article class="rh-comment-box" aria-label="{label}">'
            '<header class="rh-comment-meta">'
            f"{author} "
            f'<a class="rh-permalink" href="#comment-{pk}">'
            f'<time datetime="{iso}" title="{day_time}">{day}</time></a>{edited}{pending}'
            "</header>"
            f"{self.body(comment)}"
            f'<ul class="rh-comment-actions">{"".join(actions)}</ul>'
            "</article></li>"
        )


@register.simple_tag
def thread_rows(
    rows: list[tuple[ThreadEntry, str]], *, review: Review, user=None, request=None, spoilers_open: bool = False
) -> SafeString:
    """The <li> of every (entry, name of the author replied to) row, in the given order."""
    row = _Row(review=review, user=user, request=request, spoilers_open=spoilers_open)
    html = "\n".join(row.render(entry, reply_to) for entry, reply_to in rows)
    return mark_safe(html)  # noqa: S308 (user text is escaped in _Row.render and by plaintext)  # nosec B308, B703
