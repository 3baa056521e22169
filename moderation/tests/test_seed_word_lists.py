"""`manage.py seed_word_lists`: the settings' words go into the admin table, once."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from comments.services import comment_create
from comments.tests.factories import make_comment
from conftest import make_user
from moderation.models import Status, WordListEntry

pytestmark = pytest.mark.django_db

SPAM, HOLD = WordListEntry.Kind.DISALLOW, WordListEntry.Kind.MODERATE


def seed() -> str:
    out = StringIO()
    call_command("seed_word_lists", stdout=out)
    return out.getvalue()


def rows() -> set[tuple[str, str]]:
    return set(WordListEntry.objects.values_list("word", "kind"))


def test_seeding_copies_the_settings_words_into_the_table_normalised(settings):
    settings.REVIEWHUB_DISALLOWED_WORDS = [" Casino ", "casino", "VIAGRA", ""]
    settings.REVIEWHUB_MODERATION_WORDS = ["idiot", "free money"]

    output = seed()

    assert rows() == {("casino", SPAM), ("viagra", SPAM), ("idiot", HOLD), ("free money", HOLD)}
    assert output.startswith("Word lists: 4 added: ")


def test_seeding_twice_adds_nothing_and_keeps_what_staff_added(settings):
    WordListEntry.objects.create(word="bitcoin", kind=SPAM)
    WordListEntry.objects.create(word="idiot", kind=SPAM)
    settings.REVIEWHUB_DISALLOWED_WORDS = ["casino"]
    settings.REVIEWHUB_MODERATION_WORDS = ["idiot"]

    seed()
    second = seed()

    assert rows() == {("bitcoin", SPAM), ("idiot", SPAM), ("casino", SPAM), ("idiot", HOLD)}
    assert WordListEntry.objects.count() == 4
    assert second == "Word lists: 0 added.\n"


def test_a_seeded_word_holds_the_next_comment(review, settings):
    author = make_user()
    make_comment(review=review, author=author)
    settings.REVIEWHUB_MODERATION_WORDS = ["idiot"]
    assert comment_create(author=author, review=review, body="Idiot plot.").status == Status.APPROVED

    seed()

    assert comment_create(author=author, review=review, body="Idiot plot.").status == Status.PENDING


def test_a_word_too_long_for_the_table_is_refused_and_nothing_is_seeded(settings):
    settings.REVIEWHUB_DISALLOWED_WORDS = ["casino", "x" * 101]
    settings.REVIEWHUB_MODERATION_WORDS = []

    with pytest.raises(CommandError, match="longer than 100 characters"):
        seed()

    assert rows() == set()
