"""The Her fixtures: the film's facts, the five seed reviews word for word, the seed 002 exchange.

Each test reads the seed files themselves (copied into tests/seeds/) and works out the
expected review prose from a per-seed list of page chrome, so a fixture that drops,
adds or alters a paragraph fails here.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from comments.models import Comment, path_segment
from comments.selectors import thread_for_review
from comments.services import comment_create
from conftest import make_user
from films.models import Credit, Film, Genre, Person
from films.tests.factories import make_credit, make_film, make_genre, make_person
from moderation.models import Status
from reviews.models import Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True)
class Seed:
    """How to read one seed file: what is page chrome, and what is not the review's own text."""

    number: str
    title: str | None  # the seed's own title, or None when the fixture gives it a plain one
    rating: int | None
    # Whole lines (after stripping spaces) that are page chrome or became a field (title, rating).
    chrome: frozenset[str] = frozenset()
    # This line and everything after it is page chrome (trackbacks, "Leave a Reply", ...).
    chrome_from: str = ""
    # Chrome glued to the start of the first prose line (an image's alt text).
    glued_chrome: str = ""
    # A reader's comment starts at the line starting with this, the author's reply at the next marker.
    comment_from: str = ""
    reply_from: str = ""

    @property
    def path(self) -> Path:
        (path,) = SEEDS_DIR.glob(f"{self.number}_*.txt")
        return path


SEEDS = [
    Seed(
        number="000",
        title="Her (2013)",
        rating=10,
        chrome=frozenset(
            {
                "Her (2013)",
                "Genre: Romance/ Science fiction",
                "Time: 2h 6 mins",
                "Director: Spike Jonze",
                "10/10",
                "Comments",
            }
        ),
    ),
    Seed(
        number="001",
        title=None,
        rating=8,
        chrome=frozenset(
            {
                "Her (2013)",
                "2013 R 126 Minutes",
                "Romance | Science Fiction | Drama",
                "In the not so distant future, Theodore, a lonely writer purchases a newly developed operating "
                "system designed to meet the user's every needs. To Theodore's surprise, a romantic relationship "
                "develop...",
                "Overall Rating",
                "8 / 10",
                "Verdict: Good",
                "User Review",
                "• BarneyNuttall",
                "BarneyNuttall",
            }
        ),
    ),
    Seed(
        number="002",
        title=None,
        rating=10,
        chrome=frozenset({"10/10"}),
        comment_from="Oh, I’m so glad you reminded me of this film.",
        reply_from="Wow! That sounds very similar",
    ),
    Seed(
        number="003",
        title="Her (2014).",
        rating=None,
        chrome=frozenset({"Her (2014)."}),
        glued_chrome="her-movie-review",
    ),
    Seed(number="004", title=None, rating=None, chrome_from="1. No trackbacks yet."),
]
SEED_002 = SEEDS[2]


@dataclass
class SeedText:
    prose: list[str]
    comment: list[str]
    reply: list[str]
    chrome: list[str]


def _index_starting_with(lines: list[str], marker: str) -> int:
    (index,) = [i for i, line in enumerate(lines) if line.startswith(marker)]
    return index


def read_seed(seed: Seed) -> SeedText:
    """Split a seed file into its review prose (one paragraph per non-blank line), comment, reply and chrome."""
    lines = [line.strip() for line in seed.path.read_text(encoding="utf-8").split("\n") if line.strip()]
    chrome: list[str] = []
    if seed.chrome_from:
        start = _index_starting_with(lines, seed.chrome_from)
        lines, chrome = lines[:start], lines[start:]
    comment: list[str] = []
    reply: list[str] = []
    if seed.reply_from:
        start = _index_starting_with(lines, seed.reply_from)
        lines, reply = lines[:start], lines[start:]
    if seed.comment_from:
        start = _index_starting_with(lines, seed.comment_from)
        lines, comment = lines[:start], lines[start:]
    missing = seed.chrome - set(lines)
    assert not missing, f"seed {seed.number}: chrome lines not in the file: {missing}"
    chrome += [line for line in lines if line in seed.chrome]
    prose = [line for line in lines if line not in seed.chrome]
    if seed.glued_chrome:
        assert prose[0].startswith(seed.glued_chrome)
        prose[0] = prose[0].removeprefix(seed.glued_chrome)
        chrome.append(seed.glued_chrome)
    return SeedText(prose=prose, comment=comment, reply=reply, chrome=chrome)


def paragraphs(text: str) -> list[str]:
    return text.split(PARAGRAPH_BREAK)


def review_for(seed: Seed) -> Review:
    return Review.objects.select_related("author", "film").get(imported_from__endswith=f"(seed {seed.number})")


@pytest.fixture
def her(db) -> Film:
    call_command("loaddata", "her", verbosity=0)
    return Film.objects.get(slug="her-2013")


def test_the_film_has_its_facts_genres_and_credits(her):
    assert (her.title, her.year, her.certificate, her.runtime_minutes) == ("Her", 2013, "R", 126)
    assert str(her) == "Her (2013)"
    assert sorted(her.genres.values_list("name", "slug")) == [
        ("Drama", "drama"),
        ("Romance", "romance"),
        ("Science Fiction", "science-fiction"),
    ]
    crew = sorted(her.credits.exclude(role=Credit.Role.CAST).values_list("role", "person__name"))
    assert crew == [("director", "Spike Jonze"), ("writer", "Spike Jonze")]
    cast = list(
        her.credits.filter(role=Credit.Role.CAST).order_by("order").values_list("order", "person__name", "character")
    )
    assert cast == [
        (1, "Joaquin Phoenix", "Theodore Twombly"),
        (2, "Scarlett Johansson", "Samantha (voice)"),
        (3, "Amy Adams", "Amy"),
    ]
    assert Person.objects.count() == 4  # Spike Jonze is one person with two credits


def test_the_synopsis_is_in_our_own_words(her):
    """Two or three sentences, and no run of six words taken from any seed."""
    assert 2 <= her.synopsis.count(".") <= 3
    words = re.findall(r"[\w’']+", her.synopsis.lower())
    seeds = " ".join(" ".join(re.findall(r"[\w’']+", s.path.read_text(encoding="utf-8").lower())) for s in SEEDS)
    copied = [" ".join(words[i : i + 6]) for i in range(len(words) - 5) if " ".join(words[i : i + 6]) in seeds]
    assert copied == []


def test_five_reviews_each_by_its_own_account_in_seed_order(her):
    reviews = list(Review.objects.filter(film=her).select_related("author").order_by("pk"))
    assert [r.rating for r in reviews] == [10, 8, 10, None, None]
    assert [review_for(seed).pk for seed in SEEDS] == [r.pk for r in reviews]
    assert len({r.author_id for r in reviews}) == 5
    assert review_for(SEEDS[1]).author.username == "BarneyNuttall"
    assert all(r.status == Status.APPROVED and r.is_visible for r in reviews)
    assert Review.objects.visible().filter(film=her).count() == 5


@pytest.mark.parametrize("seed", SEEDS, ids=[s.number for s in SEEDS])
def test_title_and_rating_come_from_the_seed(her, seed):
    review = review_for(seed)
    text = read_seed(seed)
    assert review.rating == seed.rating
    if seed.rating is not None:
        # The rating line is chrome because it became the rating field, not because it was dropped.
        assert {f"{seed.rating}/10", f"{seed.rating} / 10"} & set(text.chrome)
    if seed.title is not None:
        assert review.title == seed.title
        assert seed.path.read_text(encoding="utf-8").split("\n")[0] == seed.title
    else:
        assert review.title.strip() == review.title
        assert 0 < len(review.title) <= 60
        assert review.title not in {s.title for s in SEEDS}


@pytest.mark.parametrize("seed", SEEDS, ids=[s.number for s in SEEDS])
def test_the_body_is_the_seed_prose_word_for_word_and_nothing_else(her, seed):
    review = review_for(seed)
    expected = read_seed(seed).prose
    assert len(expected) >= 3
    assert paragraphs(review.body) == expected


@pytest.mark.parametrize("seed", SEEDS, ids=[s.number for s in SEEDS])
def test_no_page_chrome_in_the_body(her, seed):
    body = review_for(seed).body
    for line in read_seed(seed).chrome:
        assert line not in paragraphs(body)
    if seed.glued_chrome:
        assert not body.startswith(seed.glued_chrome)


@pytest.mark.parametrize("seed", SEEDS, ids=[s.number for s in SEEDS])
def test_provenance_is_recorded(her, seed):
    review = review_for(seed)
    assert review.imported_from.endswith(f"(seed {seed.number})")
    if seed.number == "001":
        assert review.imported_author_name == "BarneyNuttall"
    else:
        # The other posts do not name their author; the fixture does not invent one.
        assert review.imported_author_name == ""
        assert "Blog post" in review.imported_from


def test_seed_000_keeps_its_closing_quotes(her):
    body = paragraphs(review_for(SEEDS[0]).body)
    assert (
        body[-1] == '"I want to learn everything about everything. I want to eat it all up. I want to discover myself."'
    )
    assert "10/10" not in body


def test_seed_002_comment_and_reply_are_a_thread_not_review_text(her):
    review = review_for(SEED_002)
    text = read_seed(SEED_002)
    comment = Comment.objects.select_related("author").get(review=review, parent=None)
    reply = Comment.objects.select_related("author").get(review=review, parent=comment)
    assert Comment.objects.filter(review=review).count() == 2
    assert paragraphs(comment.body) == text.comment
    assert paragraphs(reply.body) == text.reply
    assert reply.body.endswith("🙂")
    assert comment.author != review.author
    assert comment.author.username == "manjamexi"
    assert reply.author == review.author
    for paragraph in text.comment + text.reply:
        assert paragraph not in review.body
    assert (comment.depth, comment.thread, comment.path) == (1, comment.pk, path_segment(comment.pk))
    assert (reply.depth, reply.thread, reply.path) == (2, comment.pk, path_segment(comment.pk) + path_segment(reply.pk))
    assert comment.status == reply.status == Status.APPROVED
    assert comment.created_at < reply.created_at
    assert review.created_at < comment.created_at


def test_thread_for_review_returns_the_comment_then_the_reply_in_one_query(her, django_assert_num_queries):
    review = review_for(SEED_002)
    with django_assert_num_queries(1):
        entries = thread_for_review(review=review)
        shown = [(e.comment.author.username, e.depth, e.placeholder) for e in entries]
    assert shown == [("manjamexi", 1, ""), (review.author.username, 2, "")]
    assert entries[1].comment.parent_id == entries[0].comment.pk


def fixture_usernames() -> set[str]:
    return set(Review.objects.values_list("author__username", flat=True)) | {"manjamexi"}


def test_fixture_accounts_have_no_usable_password(her):
    users = list(get_user_model().objects.filter(username__in=fixture_usernames()))
    assert len(users) == 6
    for user in users:
        assert not user.has_usable_password()
        assert user.is_active and not user.is_staff and not user.is_superuser
        # Even the stored string itself does not log in.
        assert authenticate(username=user.username, password=user.password) is None
        assert authenticate(username=user.username, password="") is None


def test_every_fixture_row_passes_model_validation(her):
    rows = [
        her,
        *Genre.objects.all(),
        *Person.objects.all(),
        *Credit.objects.all(),
        *Review.objects.all(),
        *Comment.objects.all(),
        *get_user_model().objects.all(),
    ]
    for row in rows:
        row.full_clean()


def _snapshot() -> dict[str, object]:
    user_model = get_user_model()
    return {
        "counts": [m.objects.count() for m in (Film, Genre, Person, Credit, user_model, Review, Comment)],
        "reviews": list(
            Review.objects.order_by("pk").values_list(
                "pk", "author_id", "title", "body", "rating", "created_at", "updated_at"
            )
        ),
        "comments": list(
            Comment.objects.order_by("pk").values_list(
                "pk", "parent_id", "body", "depth", "thread", "path", "created_at"
            )
        ),
        "users": list(user_model.objects.order_by("pk").values_list("pk", "username", "password", "date_joined")),
        "genres": list(Film.genres.through.objects.order_by("pk").values_list("film_id", "genre_id")),
    }


def test_loading_twice_changes_nothing(her):
    first = _snapshot()
    assert first["counts"] == [1, 3, 4, 5, 6, 5, 2]
    call_command("loaddata", "her", verbosity=0)
    assert _snapshot() == first


def test_loading_keeps_an_existing_account_with_a_low_id(db):
    """An admin created before the first load (createsuperuser, then make run) is not overwritten."""
    admin = make_user(username="admin", is_staff=True, is_superuser=True)
    call_command("loaddata", "her", verbosity=0)
    admin.refresh_from_db()
    assert admin.username == "admin" and admin.is_superuser and admin.has_usable_password()
    assert get_user_model().objects.count() == 7


def test_new_rows_can_be_created_after_loading(her, settings):
    """loaddata inserts explicit ids; the id sequences (PostgreSQL) must move past them."""
    settings.REVIEWHUB_MODERATION_FIRST_COMMENT_HOLD = False
    film = make_film(genres=[make_genre()])
    credit = make_credit(film=film, person=make_person())
    review = make_review(film=her, author=make_user())
    comment = comment_create(author=make_user(), review=review_for(SEED_002), body="Lovely exchange.")
    assert film.pk > her.pk
    assert credit.pk > Credit.objects.filter(film=her).order_by("-pk").values_list("pk", flat=True)[0]
    assert review.pk > max(review_for(seed).pk for seed in SEEDS)
    assert comment.pk > 2
    assert comment.path == path_segment(comment.pk)
    assert [e.comment.pk for e in thread_for_review(review=review_for(SEED_002))][-1] == comment.pk
