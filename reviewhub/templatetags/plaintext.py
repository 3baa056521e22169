"""Render user text as plain text: paragraphs, line breaks and safe links, nothing else."""

import re
from html import escape as html_escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from reviewhub.links import find_links

register = template.Library()


def _linkify(line: str) -> str:
    """Escape a line and turn the links that the moderation rule counts into nofollow anchors."""
    links = find_links(line)
    if not links:
        return html_escape(line)
    parts: list[str] = []
    position = 0
    for link in links:
        parts.append(html_escape(line[position : link.start]))
        parts.append(format_html('<a href="{}" rel="nofollow ugc noopener">{}</a>', link.href, link.text))
        position = link.end
    parts.append(html_escape(line[position:]))
    return "".join(parts)


@register.filter(is_safe=True)
def plaintext(value: str) -> SafeString:
    """Paragraphs on blank lines, <br> on single newlines, http(s) links; all else escaped."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return mark_safe("")  # an empty string  # nosec B308
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    html = "\n".join(
        "<p>" + "<br>".join(_linkify(line) for line in paragraph.strip().split("\n")) + "</p>"
        for paragraph in paragraphs
    )
    return mark_safe(html)  # noqa: S308 (every piece above is escaped by _linkify)  # nosec B308, B703


@register.filter
def excerpt(value: str, length: int = 200) -> str:
    """The first `length` characters of plain text on one line, cut at a word."""
    text = " ".join(str(value or "").split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(".,;:") + "…"
