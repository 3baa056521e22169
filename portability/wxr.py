"""Reading a WordPress export (WXR: RSS 2.0 with the wp:, content:, excerpt:, dc: and wfw: namespaces).

Parsed with defusedxml: a DOCTYPE, entity declarations (billion laughs) and external entities are
refused before anything is expanded. Reading writes nothing.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element  # nosec B405: for types only; parsing goes through defusedxml

from portability.uploads import BadFile

CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
# WordPress has written export versions 1.0 to 1.2 under these namespace names.
WP_NAMESPACES = [f"{{http://wordpress.org/export/{version}/}}" for version in ("1.2", "1.1", "1.0")]


@dataclass
class WxrComment:
    id: str
    author: str
    author_email: str
    author_url: str
    user_id: str
    date: datetime | None
    content: str
    approved: str  # "1", "0", "spam", "trash"
    type: str  # "" or "comment"; "pingback", "trackback"
    parent: str  # "0" for a top-level comment


@dataclass
class WxrPost:
    id: str
    title: str
    link: str
    creator: str
    date: datetime | None
    content: str
    status: str
    type: str
    categories: list[str] = field(default_factory=list)
    comments: list[WxrComment] = field(default_factory=list)


@dataclass
class WxrAuthor:
    id: str
    login: str
    email: str
    display_name: str


@dataclass
class Blog:
    title: str
    url: str
    authors: dict[str, WxrAuthor]
    posts: list[WxrPost]


def _text(element: "Element | None", tag: str) -> str:
    found = element.find(tag) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def _date(text: str) -> datetime | None:
    if not text or text.startswith("0000"):
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


_BLOCK_END = re.compile(r"</(p|div|blockquote|h[1-6]|li|ul|ol|figure|pre)\s*>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LINK = re.compile(r"<a\s[^>]*?href=[\"'](?P<url>https?://[^\"']+)[\"'][^>]*>(?P<text>.*?)</a\s*>", re.I | re.S)


def _link_as_text(match: re.Match) -> str:
    """A link's text followed by its address, which the plain-text renderer turns back into a link."""
    text, url = match["text"], html.unescape(match["url"])
    return text if _TAG.sub("", text).strip() == url else f"{text} ({url})"


def plain_text(markup: str) -> str:
    """WordPress's HTML as ReviewHub's plain text: paragraphs and line breaks kept, tags dropped, entities decoded."""
    text = _LINK.sub(_link_as_text, _COMMENT.sub("", markup.replace("\r\n", "\n")))
    text = _BREAK.sub("\n", _BLOCK_END.sub("\n\n", text))
    text = html.unescape(_TAG.sub("", text))
    paragraphs = [re.sub(r"[ \t]*\n[ \t]*", "\n", part).strip() for part in re.split(r"\n\s*\n", text)]
    return "\n\n".join(part for part in paragraphs if part)


def _wp_namespace(channel: "Element") -> str:
    for namespace in WP_NAMESPACES:
        if channel.find(f"{namespace}wxr_version") is not None:
            return namespace
    raise BadFile("This is an RSS file, but not a WordPress export (it has no wp:wxr_version).")


def parse(data: bytes) -> Blog:
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise BadFile(
            "The file declares a DTD or entities, which a WordPress export never does; refused for safety."
        ) from error
    except ParseError as error:
        raise BadFile(f"The file is not well-formed XML: {error}.") from error
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise BadFile("This is not a WordPress export: it is not an RSS file with a channel.")
    wp = _wp_namespace(channel)
    url = _text(channel, f"{wp}base_blog_url") or _text(channel, "link")
    if not url:
        raise BadFile("The export names no blog address (wp:base_blog_url or link).")
    authors = {}
    for element in channel.findall(f"{wp}author"):
        author = WxrAuthor(
            id=_text(element, f"{wp}author_id"),
            login=_text(element, f"{wp}author_login"),
            email=_text(element, f"{wp}author_email"),
            display_name=_text(element, f"{wp}author_display_name"),
        )
        authors[author.login] = author
    posts = []
    for item in channel.findall("item"):
        post = WxrPost(
            id=_text(item, f"{wp}post_id"),
            title=html.unescape(_text(item, "title")),
            link=_text(item, "link"),
            creator=_text(item, f"{DC}creator"),
            date=_date(_text(item, f"{wp}post_date_gmt")) or _date(_text(item, f"{wp}post_date")),
            content=plain_text(_text(item, f"{CONTENT}encoded")),
            status=_text(item, f"{wp}status"),
            type=_text(item, f"{wp}post_type"),
            categories=[(c.text or "").strip() for c in item.findall("category")],
        )
        for element in item.findall(f"{wp}comment"):
            post.comments.append(
                WxrComment(
                    id=_text(element, f"{wp}comment_id"),
                    author=_text(element, f"{wp}comment_author"),
                    author_email=_text(element, f"{wp}comment_author_email"),
                    author_url=_text(element, f"{wp}comment_author_url"),
                    user_id=_text(element, f"{wp}comment_user_id"),
                    date=_date(_text(element, f"{wp}comment_date_gmt")) or _date(_text(element, f"{wp}comment_date")),
                    content=plain_text(_text(element, f"{wp}comment_content")),
                    approved=_text(element, f"{wp}comment_approved"),
                    type=_text(element, f"{wp}comment_type"),
                    parent=_text(element, f"{wp}comment_parent") or "0",
                )
            )
        posts.append(post)
    return Blog(title=html.unescape(_text(channel, "title")), url=url.rstrip("/"), authors=authors, posts=posts)
