"""Automatic moderation rules shared by the review and comment services (DESIGN §6).

Pure decisions; the only query reads the word lists staff keep in the admin, their one source
(`manage.py seed_word_lists` copies the settings' words in).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from moderation.models import Status, WordListEntry
from reviewhub.links import count_links

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


def word_lists() -> tuple[set[str], set[str]]:
    """(words that hold, words that mark as spam), from the admin table: the one source."""
    hold: set[str] = set()
    spam: set[str] = set()
    for word, kind in WordListEntry.objects.values_list("word", "kind"):
        (spam if kind == WordListEntry.Kind.DISALLOW else hold).add(word.strip().lower())
    hold.discard("")
    spam.discard("")
    return hold, spam


def find_listed_word(text: str, words: Iterable[str]) -> str | None:
    """The listed word or phrase found as a whole word, ignoring case: "ass" matches "ASS," but not "class"."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    if not ordered:
        return None
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in ordered) + r")(?!\w)", re.IGNORECASE)
    match = pattern.search(text)
    if match is None:
        return None
    return match.group(0).lower()


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
