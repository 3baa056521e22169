"""The one link finder: what the plain-text renderer turns into anchors is exactly what the link rule counts.

A moderation rule that counted links one way while the renderer linked them another could be bypassed
(`http://a'http://b'http://c` was one link to the rule and three live anchors on the page), so both
call `find_links`.
"""

import re
from dataclasses import dataclass

# A link starts with http:// or https:// (any case), or with www. at the start of a word, and runs to
# whitespace or a character that could close an HTML attribute or tag.
LINK_RE = re.compile(r"(?:https?://|(?<![\w.@/:-])www\.)[^\s<>\"'`]+", re.IGNORECASE)
# Punctuation that ends a sentence around a link rather than belonging to it.
TRAILING_PUNCTUATION = ".,;:!?)]}'\""
_SCHEME_RE = re.compile(r"https?://", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    """A link found in text: where it sits, what it shows and where it points."""

    start: int
    end: int
    text: str
    href: str


def _trim(url: str) -> str:
    """Drop trailing sentence punctuation, keeping a closing parenthesis that a "(" in the URL opened."""
    while url and url[-1] in TRAILING_PUNCTUATION:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def find_links(text: str) -> list[Link]:
    """Every link in `text`, in order; a bare scheme or "www." with no host after it is not a link."""
    lowered = text.lower()
    if "http" not in lowered and "www." not in lowered:
        # Most text has no link; this runs for every comment of a thread.
        return []
    links: list[Link] = []
    for match in LINK_RE.finditer(text):
        url = _trim(match.group(0))
        scheme = _SCHEME_RE.match(url)
        prefix = scheme.end() if scheme else len("www.")
        if not any(character.isalnum() for character in url[prefix:]):
            continue
        href = url if scheme else "http://" + url
        links.append(Link(start=match.start(), end=match.start() + len(url), text=url, href=href))
    return links


def count_links(text: str) -> int:
    """How many anchors the plain-text renderer makes of `text`."""
    return len(find_links(text))
