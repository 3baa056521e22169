"""Rules for new usernames: a length that fits a phone, no invisible characters, no look-alike of a taken name.

Look-alikes are caught with a skeleton in the spirit of Unicode TR39: NFKC, then every character that
looks like an ASCII one replaced by it (the Unicode confusables data shipped by the confusable-homoglyphs
package, the one django-registration uses), then case-folded. Two names with the same skeleton look the
same, so the second is refused. Single characters only: multi-character look-alikes ("rn" for "m") and
look-alikes between two non-Latin scripts are left to moderators.
"""

import unicodedata
from functools import cache

from confusable_homoglyphs import confusables
from django.conf import settings
from django.core.exceptions import ValidationError

# Characters that draw nothing although Unicode calls them letters or symbols (Hangul fillers, braille
# blank, variation selectors, combining grapheme joiner, Khmer inherent vowels, Mongolian selectors).
_INVISIBLE = {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0}
_INVISIBLE_RANGES = [(0x180B, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF)]


# The usernames of deleted accounts (accounts.services.user_anonymise); no one may choose one.
FORMER_MEMBER_PREFIX = "former-member-"


def is_invisible(char: str) -> bool:
    """True for format, control and separator characters and the blank "letters" above."""
    code = ord(char)
    if unicodedata.category(char) in {"Cf", "Cc", "Zs", "Zl", "Zp"} or code in _INVISIBLE:
        return True
    return any(low <= code <= high for low, high in _INVISIBLE_RANGES)


# TR39's own prototypes for the ASCII look-alikes (confusables.txt: "I", "1", "|" -> "l"; "0" -> "O").
_ASCII_PROTOTYPES = {"I": "l", "1": "l", "|": "l", "0": "o", "O": "o"}


@cache
def _prototypes() -> dict[str, str]:
    """Each non-ASCII character that looks like an ASCII one, mapped to it (Cyrillic "а" to "a", "ｂ" to "b")."""
    prototypes = {}
    for char, homoglyphs in confusables.confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        ascii_twins = sorted(h["c"] for h in homoglyphs if len(h["c"]) == 1 and h["c"].isascii())
        if ascii_twins:
            prototypes[char] = ascii_twins[0]
    return prototypes | _ASCII_PROTOTYPES


def skeleton(name: str) -> str:
    """A string equal for any two names that look alike (case, width, font variants and script look-alikes)."""
    prototypes = _prototypes()
    mapped = "".join(prototypes.get(char, char) for char in unicodedata.normalize("NFKC", name))
    return "".join(prototypes.get(char, char) for char in mapped.casefold())


def validate_no_invisible(name: str) -> None:
    """Refuse zero-width and other invisible characters, which make two different names look identical."""
    if any(is_invisible(char) for char in name):
        raise ValidationError("Usernames cannot contain invisible or blank characters.", code="invisible")


def validate_not_reserved(name: str) -> None:
    """Refuse the names deleted accounts take, and their look-alikes: readers must not mistake one for the other."""
    if skeleton(name).startswith(skeleton(FORMER_MEMBER_PREFIX.rstrip("-"))):
        raise ValidationError("This username is reserved. Please choose another.", code="reserved")


def validate_length(name: str) -> None:
    """Refuse names longer than settings.REVIEWHUB_USERNAME_MAX_LENGTH, which would not fit a phone's width."""
    limit = settings.REVIEWHUB_USERNAME_MAX_LENGTH
    if len(name) > limit:
        raise ValidationError(
            "Choose a username of at most %(limit)d characters (this one has %(length)d).",
            code="username_too_long",
            params={"limit": limit, "length": len(name)},
        )
