"""Render user text as plain text: paragraphs, line breaks and safe links, nothing else."""

import re
from html import escape as html_escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

URL_RE = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?)]}'\""


def _linkify(line: str) -> str:
    """Escape a line and turn http(s) URLs into nofollow links; other schemes stay text."""
    if "http" not in line.lower():
        # Most lines have no link; this filter runs for every comment of a thread.
        return html_escape(line)
    parts: list[str] = []
    position = 0
    for match in URL_RE.finditer(line):
        url = match.group(0)
        trimmed = url.rstrip(TRAILING_PUNCTUATION)
        parts.append(html_escape(line[position : match.start()]))
        parts.append(format_html('<a href="{0}" rel="nofollow ugc noopener">{0}</a>', trimmed))
        position = match.start() + len(trimmed)
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
