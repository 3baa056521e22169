"""Tags for what other sites read from a page: absolute links, JSON-LD, share images. No queries."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from feeds.structured_data import movie_data, review_data
from reviewhub.absolute import absolute_url
from reviewhub.numbers import one_decimal
from reviewhub.templatetags.plaintext import excerpt

register = template.Library()

DEFAULT_SHARE_IMAGE = "img/share.png"
SPOILER_NOTE = "It contains spoilers, so read it on ReviewHub."


def json_ld(data: dict) -> SafeString:
    """A <script type="application/ld+json"> block, escaped as Django's json_script escapes (no "</script>" way out)."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308  # nosec B308, B703


@register.filter
def absolute(url: str) -> str:
    return absolute_url(str(url))


@register.simple_tag
def absolute_reverse(name: str, *args) -> str:
    """{% url %}, on the site's public address."""
    return absolute_url(reverse(name, args=args))


@register.simple_tag
def default_share_image() -> str:
    """The site's share card, for pages without a poster."""
    return absolute_url(static(DEFAULT_SHARE_IMAGE))


@register.simple_tag
def canonical(url: str, page_number: int | None = None) -> str:
    """The page's one address: sorting and tracking parameters dropped, a later page kept."""
    url = absolute_url(url)
    return f"{url}?page={page_number}" if page_number and page_number > 1 else url


@register.simple_tag
def movie_json_ld(film, genres, credits, summary, scores_hidden: bool = False) -> SafeString:
    return json_ld(movie_data(film=film, genres=genres, credits=credits, summary=summary, scores_hidden=scores_hidden))


@register.simple_tag
def review_json_ld(review, scores_hidden: bool = False) -> SafeString:
    return json_ld(review_data(review=review, scores_hidden=scores_hidden))


@register.simple_tag
def film_description(film, summary, scores_hidden: bool = False) -> str:
    """The film's score as the page shows it, then the start of its synopsis."""
    if scores_hidden:
        score = "reviews and discussion"
    elif summary.count:
        score = ngettext(
            "%(average).1f/10 from %(count)d rating", "%(average).1f/10 from %(count)d ratings", summary.count
        ) % {"average": one_decimal(summary.average), "count": summary.count}
    else:
        score = "no ratings yet"
    return " ".join(filter(None, [f"{film}: {score} on ReviewHub.", excerpt(film.synopsis, 160)]))


@register.simple_tag
def review_description(review, scores_hidden: bool = False) -> str:
    """Who reviewed what, the rating, then the start of the text, or a neutral note when it spoils."""
    rating = f": {review.rating}/10" if review.rating and not scores_hidden else ""
    text = SPOILER_NOTE if review.contains_spoilers else excerpt(review.body, 160)
    return f"{review.author.public_name} reviews {review.film}{rating}. {text}"
