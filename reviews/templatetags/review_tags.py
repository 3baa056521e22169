"""Review cards (film page, home, search) and the rating histogram, each rendered in one pass.

{% review_cards reviews %} writes the markup of reviews/tests/review_card_reference.html for
each review, and {% histogram_rows summary.bars %} what a loop over the bars would;
reviews/tests/test_templatetags.py holds them to it. The film page shows ten cards
and ten bars on every request: through the template engine a card cost about 0.3 ms (two
or three URL reversals, two date filters, a nested include for the rating badge, a dozen
variable lookups) and the bars 0.4 ms together, which made the page too slow to serve
uncached (bench/run.py). Here each is a few string formats, built the way the comment
thread builds its rows (comments/templatetags/threads.py):

- URLs are reversed with a placeholder id, name or slug once per process (per URLconf and
  script prefix), then filled in; month names are translated once per language.
- Dates are worked out in the current time zone, as the `date` filter does: the
  `datetime` attribute as ISO 8601 ("c"), the text as "5 Mar 2025" ("j M Y").
- Everything from users is escaped here; the excerpt is `plaintext.excerpt`'s.

A card shows the review's title and link, its rating, the film (show_film, for lists of
several films), the author (unless hide_author, e.g. on the author's own profile), the
date, the excerpt or a spoiler note, the helpful votes and, when the queryset annotates
`comment_count` (reviews.selectors.review_cards / reviews_for_film), the comments.
"""

import functools
from collections.abc import Iterable, Sequence
from html import escape
from urllib.parse import quote

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.dates import MONTHS_3
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe

from films.templatetags.film_tags import pct_class
from reviewhub.templatetags.plaintext import excerpt
from reviews.models import Review
from reviews.selectors import HistogramBar

register = template.Library()

EXCERPT_LENGTH = 240
# Stand in for a review id, a username and a film slug while reversing; the real ones are substituted per card.
_ID = "918273645"
_NAME = "placeholderusername"
_SLUG = "placeholder-film-slug"
# What reverse() leaves unquoted in a path (django.urls.resolvers).
_PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


@functools.lru_cache(maxsize=16)
def _placeholder_urls(script_prefix: str, urlconf: str) -> tuple[str, str, str]:
    """The review, profile and film URLs with placeholders, reversed once per URLconf and script prefix."""
    return (
        reverse("comments:review", args=[_ID], urlconf=urlconf),
        reverse("pages:profile", args=[_NAME], urlconf=urlconf),
        reverse("films:detail", args=[_SLUG], urlconf=urlconf),
    )


@functools.lru_cache(maxsize=16)
def _month_names(language: str | None) -> dict[int, str]:
    """The `date` filter's "M" in a language: the translated three-letter month, title-cased."""
    with translation.override(language):
        return {number: str(name).title() for number, name in MONTHS_3.items()}


class _Cards:
    """Per-render constants: reversed URLs, month names, the time zone."""

    def __init__(self, *, show_film: bool, hide_author: bool) -> None:
        self.show_film = show_film
        self.hide_author = hide_author
        # reverse() costs more than a card; the URLconf cannot change while it is in use.
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        self.review_url, self.profile_url, self.film_url = _placeholder_urls(get_script_prefix(), urlconf)
        self.months = _month_names(translation.get_language())
        self.zone = timezone.get_current_timezone()

    def render(self, review: Review) -> str:
        url = escape(self.review_url.replace(_ID, str(review.pk)))
        badge = (
            f'<span class="rating-badge"><span class="visually-hidden">Rated </span>{review.rating}/10</span>'
            if review.rating
            else ""
        )
        meta = []
        if self.show_film:
            film = review.film
            film_url = escape(self.film_url.replace(_SLUG, quote(film.slug, safe=_PATH_SAFE)))
            meta.append(f'<a class="review-card-film" href="{film_url}">{escape(film.title)} ({film.year})</a>')
        if not self.hide_author:
            username = review.author.username
            profile = escape(self.profile_url.replace(_NAME, quote(username, safe=_PATH_SAFE)))
            meta.append(f'by <a href="{profile}">{escape(username)}</a>')
        local = review.created_at.astimezone(self.zone)
        # The date always follows a separator, as in the partial (even with neither film nor author).
        date = f'<time datetime="{local.isoformat()}">{local.day} {self.months[local.month]} {local.year}</time>'
        if review.contains_spoilers:
            text = (
                '<p class="spoiler-note"><span class="spoiler-label">Contains spoilers</span>'
                " The excerpt is hidden; open the review to read it.</p>"
            )
        else:
            text = f'<p class="review-card-excerpt">{escape(excerpt(review.body, EXCERPT_LENGTH))}</p>'
        return (
            '<article class="review-card">\n'
            '  <header class="review-card-header">\n'
            f'    <h3 class="review-card-title h5"><a href="{url}">{escape(review.title)}</a></h3>\n'
            f"    {badge}\n"
            "  </header>\n"
            f'  <p class="review-card-meta">{" · ".join(meta)} · {date}</p>\n'
            f"  {text}\n"
            f"{self.footer(review, url)}"
            "</article>"
        )

    @staticmethod
    def footer(review: Review, url: str) -> str:
        comments = getattr(review, "comment_count", None)
        if not review.helpful_total and comments is None:
            return ""
        parts = []
        if review.helpful_total:
            parts.append(f"<span>{review.helpful_yes} of {review.helpful_total} found this helpful</span>")
        if comments:
            plural = "" if comments == 1 else "s"
            parts.append(f'<a href="{url}#comments">{comments} comment{plural}</a>')
        elif comments is not None:
            parts.append("<span>No comments yet</span>")
        return f'  <p class="review-card-footer">{" ".join(parts)}</p>\n'


@register.simple_tag
def review_cards(reviews: Iterable[Review], *, show_film: bool = False, hide_author: bool = False) -> SafeString:
    """An <li> holding the card of each review, in the given order (inside the caller's <ul class="card-list">)."""
    cards = _Cards(show_film=bool(show_film), hide_author=bool(hide_author))
    html = "\n".join(f"<li>{cards.render(review)}</li>" for review in reviews)
    return mark_safe(html)  # noqa: S308 (everything from users is escaped in _Cards.render)  # nosec B308, B703


@register.simple_tag
def histogram_rows(bars: Sequence[HistogramBar]) -> SafeString:
    """An <li> per bar of a rating histogram, highest rating first (inside the caller's <ol class="histogram">)."""
    rows = []
    for bar in reversed(bars):
        plural = "" if bar.count == 1 else "s"
        rows.append(
            '<li class="histogram-row">\n'
            f'  <span class="histogram-label" aria-hidden="true">{bar.rating}</span>\n'
            '  <span class="histogram-track" aria-hidden="true">'
            f'<span class="histogram-bar {pct_class(bar.percent)}"></span></span>\n'
            f'  <span class="histogram-value" aria-hidden="true">{bar.percent}%</span>\n'
            f'  <span class="visually-hidden">{bar.rating}/10: {bar.count} rating{plural}, {bar.percent}%</span>\n'
            "</li>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (numbers only)  # nosec B308, B703
