"""The automatic holds: what each rule holds, and what it lets through."""

import pytest
from django.core.exceptions import ValidationError

from comments.services import comment_create, comment_edit
from comments.tests.factories import make_comment
from conftest import make_user
from films.tests.factories import make_film
from moderation import rules
from moderation.models import ModerationEvent, Status, WordListEntry
from moderation.tests.factories import make_moderator
from moderation_desk import services
from reviews.services import review_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def regular(review):
    """An account that already has an approved comment, so only the rule under test applies."""
    author = make_user(username="regular")
    make_comment(review=review, author=author, approve=True)
    return author


def post(review, author, body):
    return comment_create(author=author, review=review, body=body)


def listed(word: str, kind: str) -> WordListEntry:
    return WordListEntry.objects.create(word=word, kind=kind)


SPAM, HOLD = WordListEntry.Kind.DISALLOW, WordListEntry.Kind.MODERATE


def held_rule(comment) -> str:
    return ModerationEvent.objects.get(object_id=comment.pk, content_type__model="comment").rule


# --- Links -----------------------------------------------------------------------


def test_a_single_link_goes_straight_up(review, regular):
    comment = post(review, regular, "The score is on https://example.com/her-score, lovely.")
    assert comment.status == Status.APPROVED
    assert not ModerationEvent.objects.filter(object_id=comment.pk).exists()


def test_two_links_hold_the_comment_and_name_the_rule(review, regular):
    comment = post(review, regular, "See https://a.example/one and www.b.example/two")
    assert comment.status == Status.PENDING
    assert held_rule(comment) == "2 or more links"
    event = ModerationEvent.objects.get(object_id=comment.pk)
    assert event.who == "automatic rule: 2 or more links"
    assert (event.action, event.from_status, event.to_status, event.actor) == ("held", "", Status.PENDING, None)


def test_the_link_limit_is_a_setting(review, regular, settings):
    settings.REVIEWHUB_MODERATION_LINK_LIMIT = 3
    assert post(review, regular, "http://a.example http://b.example").status == Status.APPROVED
    assert post(review, regular, "http://a.example http://b.example http://c.example").status == Status.PENDING
    settings.REVIEWHUB_MODERATION_LINK_LIMIT = 0
    assert post(review, regular, "http://a.example http://b.example http://c.example").status == Status.APPROVED


# --- Word lists --------------------------------------------------------------------


def test_a_disallowed_word_marks_the_comment_as_spam(review, regular):
    listed("ass", SPAM)
    comment = post(review, regular, "What an ass.")
    assert comment.status == Status.SPAM
    assert held_rule(comment) == "disallowed word “ass”"


def test_a_word_inside_another_word_is_not_a_match(review, regular):
    listed("ass", SPAM)
    listed("hell", HOLD)
    comment = post(review, regular, "A classy film, a passage of pure class. Hello, Shellfish!")
    assert comment.status == Status.APPROVED


def test_word_matching_ignores_case(review, regular):
    listed("Casino", SPAM)
    assert post(review, regular, "Best CASINO bonuses!").status == Status.SPAM
    assert post(review, regular, "best casino bonuses").status == Status.SPAM


def test_a_moderation_word_holds_the_comment(review, regular):
    listed("idiot", HOLD)
    comment = post(review, regular, "Only an Idiot would skip this.")
    assert comment.status == Status.PENDING
    assert held_rule(comment) == "moderation word “idiot”"


def test_words_from_the_admin_list_apply_without_a_settings_change(review, regular):
    WordListEntry.objects.create(word="Crypto", kind=WordListEntry.Kind.DISALLOW)
    WordListEntry.objects.create(word="free money", kind=WordListEntry.Kind.MODERATE)
    assert post(review, regular, "buy crypto now").status == Status.SPAM
    assert post(review, regular, "Get FREE money").status == Status.PENDING
    assert post(review, regular, "Money was free to spend.").status == Status.APPROVED
    assert post(review, regular, "Cryptography in the film is nonsense.").status == Status.APPROVED


def test_spam_wins_over_a_hold(review, regular):
    listed("casino", SPAM)
    listed("idiot", HOLD)
    comment = post(review, regular, "idiot casino http://a.example http://b.example")
    assert comment.status == Status.SPAM


def test_the_rules_read_only_the_admin_table_not_the_settings(review, regular, settings):
    settings.REVIEWHUB_DISALLOWED_WORDS = ["casino"]
    settings.REVIEWHUB_MODERATION_WORDS = ["idiot"]
    assert rules.word_lists() == (set(), set())
    assert post(review, regular, "casino idiot").status == Status.APPROVED

    listed("casino", SPAM)
    listed("idiot", HOLD)
    assert rules.word_lists() == ({"idiot"}, {"casino"})
    assert post(review, regular, "casino").status == Status.SPAM
    assert post(review, regular, "idiot").status == Status.PENDING

    WordListEntry.objects.filter(word="casino").delete()
    assert post(review, regular, "casino").status == Status.APPROVED


def test_find_listed_word_understands_punctuation_and_accents():
    assert rules.find_listed_word("ass-hat!", {"ass"}) == "ass"
    assert rules.find_listed_word("(ASS)", {"ass"}) == "ass"
    assert rules.find_listed_word("class", {"ass"}) is None
    assert rules.find_listed_word("assé", {"ass"}) is None
    assert rules.find_listed_word("nothing here", set()) is None


@pytest.mark.parametrize(
    "disguised",
    [
        "ca\u200bsino",  # zero-width space
        "ca\u200c\u200dsino",  # zero-width non-joiner and joiner
        "cas\u00adino",  # soft hyphen
        "\ufeffcasino\u2060",  # byte-order mark, word joiner
        "ca\u034fsi\ufe0fno",  # combining grapheme joiner, variation selector
        "ｃａｓｉｎｏ",  # fullwidth
        "CASINO",
        "Ca\u200bSiNo!",
        "ca\u180esino",  # Mongolian vowel separator
    ],
)
def test_invisible_and_compatibility_characters_do_not_hide_a_listed_word(review, regular, disguised):
    listed("casino", SPAM)
    comment = post(review, regular, f"Best {disguised} deals here")
    assert comment.status == Status.SPAM
    assert held_rule(comment) == "disallowed word “casino”"


def test_listed_words_are_normalised_too():
    assert rules.find_listed_word("casino", {"Ca\u200bsino"}) == "casino"
    assert rules.find_listed_word("STRASSE", {"straße"}) == "strasse"
    assert rules.find_listed_word("occasional", {"casino"}) is None
    assert rules.find_listed_word("cas\u00e9ino", {"casino"}) is None


# --- First comment -------------------------------------------------------------------


def test_the_first_comment_of_a_new_account_is_held_until_one_is_approved(review):
    newcomer = make_user(username="newcomer")
    first = post(review, newcomer, "Hello everyone, my first comment.")
    second = post(review, newcomer, "And a second one before anyone looked.")
    assert (first.status, second.status) == (Status.PENDING, Status.PENDING)
    assert held_rule(first) == "first comment of a new account"

    services.moderate(target=first, action=services.APPROVE, actor=make_moderator())

    assert post(review, newcomer, "Now I am trusted.").status == Status.APPROVED


def test_the_first_comment_hold_is_a_setting(review, settings):
    settings.REVIEWHUB_MODERATION_FIRST_COMMENT_HOLD = False
    assert post(review, make_user(), "First comment, straight up.").status == Status.APPROVED


def test_moderators_skip_the_automatic_holds(review):
    listed("idiot", HOLD)
    comment = post(review, make_moderator(), "Please don't call people idiot: http://a.example http://b.example")
    assert comment.status == Status.APPROVED


def test_an_edit_that_adds_links_is_held_again(review, regular):
    comment = post(review, regular, "Fine as it is.")
    comment_edit(comment=comment, body="Now with http://a.example and http://b.example")
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


# --- Deactivated accounts ----------------------------------------------------------------


def test_a_deactivated_account_cannot_comment_or_review(review):
    author = make_user(is_active=False)
    with pytest.raises(ValidationError) as error:
        post(review, author, "Still here?")
    assert error.value.code == "inactive_account"
    with pytest.raises(ValidationError) as error:
        review_create(author=author, film=make_film(), title="Nope", body="Nope.", rating=5)
    assert error.value.code == "inactive_account"


# --- The pure decision ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "has_approved", "expected"),
    [
        ("plain text", True, Status.APPROVED),
        ("plain text", False, Status.PENDING),
        ("http://a.example http://b.example", True, Status.PENDING),
        ("one http://a.example", True, Status.APPROVED),
    ],
)
def test_decide(text, has_approved, expected):
    assert rules.decide(text=text, trusted=False, has_approved_comment=has_approved).status == expected
    assert rules.decide(text=text, trusted=True, has_approved_comment=has_approved).status == Status.APPROVED
