"""Automatic moderation rules shared by the review and comment services (DESIGN §6).

Pure decisions: given text and what we know of its author, which status a new
item gets and which rule decided it. Reading the staff-edited word lists is the
only database access, one small query.
"""

import re
from dataclasses import dataclass

from django.conf import settings

from moderation.models import Status, WordListEntry

LINK_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


@dataclass(frozen=True)
class Decision:
    status: str
    rule: str = ""


APPROVE = Decision(Status.APPROVED)


def count_links(text: str) -> int:
    return len(LINK_RE.findall(text))


def word_lists() -> tuple[set[str], set[str]]:
    """(words that hold, words that mark as spam): settings plus the admin-edited list."""
    hold = {w.lower() for w in settings.REVIEWHUB_MODERATION_WORDS}
    spam = {w.lower() for w in settings.REVIEWHUB_DISALLOWED_WORDS}
    for word, kind in WordListEntry.objects.values_list("word", "kind"):
        (spam if kind == WordListEntry.Kind.DISALLOW else hold).add(word.lower())
    return hold, spam


def find_listed_word(text: str, words: set[str]) -> str | None:
    """The first listed word that appears in the text as a whole word, case-insensitively."""
    if not words:
        return None
    tokens = {token.lower() for token in re.findall(r"\w+(?:['’-]\w+)*", text)}
    lowered = text.lower()
    for word in sorted(words):
        if " " in word:
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered):
                return word
        elif word in tokens:
            return word
    return None


def decide(*, text: str, trusted: bool, has_approved_comment: bool = True) -> Decision:
    """Status for new or edited content. `trusted` authors (moderators) skip the holds."""
    if trusted:
        return APPROVE
    hold_words, spam_words = word_lists()
    if word := find_listed_word(text, spam_words):
        return Decision(Status.SPAM, f"disallowed word “{word}”")
    limit = settings.REVIEWHUB_MODERATION_LINK_LIMIT
    if limit and count_links(text) >= limit:
        return Decision(Status.PENDING, f"{limit} or more links")
    if word := find_listed_word(text, hold_words):
        return Decision(Status.PENDING, f"moderation word “{word}”")
    if settings.REVIEWHUB_MODERATION_FIRST_COMMENT_HOLD and not has_approved_comment:
        return Decision(Status.PENDING, "first comment of a new account")
    return APPROVE
