"""Automatic moderation rules shared by the review and comment services (DESIGN §6).

Pure decisions; the only query reads the word lists staff keep in the admin, their one source
(`manage.py seed_word_lists` copies the settings' words in).
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from moderation.models import Status, WordListEntry
from reviewhub.links import count_links

# Default-ignorable characters that are not format (Cf) characters: combining grapheme joiner,
# Hangul fillers, Khmer inherent vowels, variation selectors. They draw nothing, so "ca\u034fsino" reads "casino".
_INVISIBLE_RE = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0\ufe00-\ufe0f\U000e0100-\U000e01ef]")

RULE_LINKS = "{limit} or more links"
RULE_DISALLOWED_WORD = "disallowed word “{word}”"
RULE_MODERATION_WORD = "moderation word “{word}”"
RULE_FIRST_COMMENT = "first comment of a new account"
RULE_REPORTED = "reported by {threshold} readers"


@dataclass(frozen=True)
class Decision:
    status: str
    rule: str = ""


APPROVE = Decision(Status.APPROVED)


def normalize_for_matching(text: str) -> str:
    """Text as a reader sees it, so that "ca<zero-width space>sino" or "ｃａｓｉｎｏ" cannot dodge a listed "casino"."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(character for character in text if unicodedata.category(character) != "Cf")
    return unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", text).casefold())


def word_lists() -> tuple[set[str], set[str]]:
    """(words that hold, words that mark as spam), from the admin table: the one source."""
    hold: set[str] = set()
    spam: set[str] = set()
    for word, kind in WordListEntry.objects.values_list("word", "kind"):
        (spam if kind == WordListEntry.Kind.DISALLOW else hold).add(normalize_for_matching(word).strip())
    hold.discard("")
    spam.discard("")
    return hold, spam


def find_listed_word(text: str, words: Iterable[str]) -> str | None:
    """The listed word or phrase found as a whole word, ignoring case, width and invisible characters.

    "ass" matches "ASS," and "a<soft hyphen>ss" but not "class" (see normalize_for_matching).
    """
    ordered = sorted({normalize_for_matching(w) for w in words} - {""}, key=lambda w: (-len(w), w))
    if not ordered:
        return None
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in ordered) + r")(?!\w)", re.IGNORECASE)
    match = pattern.search(normalize_for_matching(text))
    if match is None:
        return None
    return match.group(0)


def decide(*, text: str, trusted: bool, has_approved_comment: bool = True) -> Decision:
    """Status for new or edited content. `trusted` authors (moderators) skip the holds."""
    if trusted:
        return APPROVE
    hold_words, spam_words = word_lists()
    if word := find_listed_word(text, spam_words):
        return Decision(Status.SPAM, RULE_DISALLOWED_WORD.format(word=word))
    limit = settings.REVIEWHUB_MODERATION_LINK_LIMIT
    if limit and count_links(text) >= limit:
        return Decision(Status.PENDING, RULE_LINKS.format(limit=limit))
    if word := find_listed_word(text, hold_words):
        return Decision(Status.PENDING, RULE_MODERATION_WORD.format(word=word))
    if settings.REVIEWHUB_MODERATION_FIRST_COMMENT_HOLD and not has_approved_comment:
        return Decision(Status.PENDING, RULE_FIRST_COMMENT)
    return APPROVE


def ensure_can_post(author) -> None:
    """A deactivated account may not post, even through a session that outlived it."""
    if not author.is_active:
        raise ValidationError("This account has been deactivated and cannot post.", code="inactive_account")
