"""Realistic volume for benchmarks and demos, deterministic from a seed.

Every table is written with bulk_create, so 10,000 comments take seconds. Comments
go in one thread level at a time: a reply's parent already has its id when the
reply is inserted, and one UPDATE per level appends each row's own id to its path.
Depth, thread and path are then exactly what comments.services.comment_create
writes, and siblings get ids in the order they were posted, so ordering by path is
display order. The helpful-vote counters are computed from the votes written.

Services are bypassed on purpose (they write one row at a time); the database
constraints and triggers still check every row.
"""

import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone
from django.utils.text import slugify

from comments.models import PATH_SEGMENT_WIDTH, Comment, Report, path_segment
from films.models import Credit, Film, Genre, Person
from moderation.models import Status
from reviewhub.cache import content_changed
from reviews.models import HelpfulVote, Review
from reviews.services import wilson_lower_bound

VOLUME_EMAIL_DOMAIN = "volume.invalid"
# Generated dates are anchored here, not on today, so a seed always writes the same rows.
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
REVIEW_SPAN = timedelta(days=3 * 365)
THREAD_SPAN = timedelta(days=120)
# Ratings 1..10: user ratings on film sites bunch between 6 and 9.
RATING_WEIGHTS = (2, 2, 3, 4, 7, 12, 18, 22, 18, 12)
UNRATED_SHARE = 0.08
SPOILER_SHARE = 0.1
EDITED_SHARE = 0.08
TOP_LEVEL_SHARE = 0.3
# A reply usually continues the conversation that is going on right now.
RECENT_REPLY_SHARE = 0.5
RECENT_WINDOW = 8
LINK_SHARE = 0.03
RESOLVED_REPORT_SHARE = 0.3
BATCH_SIZE = 1000
# Keeps each UPDATE's id list well under SQLite's bound-parameter limit.
UPDATE_CHUNK = 900

_WORDS_TEXT = (
    "film story performance camera light score scene actor actress director screenplay dialogue "
    "moment character voice silence city love loneliness future memory heart warmth humour grief "
    "beautiful quiet tender strange honest clever slow gentle bold sharp melancholy hopeful bright "
    "subtle patient unexpected familiar intimate lovely restrained fragile vivid careful generous "
    "feels seems works lands lingers moves breathes surprises drifts builds earns trusts reveals "
    "never always almost rarely simply really perhaps somehow still again later finally the a an "
    "this that every each its their our with without about through between under after and but or "
    "yet so because while although when where which who is was becomes remains stays makes gives "
    "takes shows leaves finds keeps asks ending opening middle pacing editing colour sound music "
    "frame shot close-up cut rhythm audience viewer critic friend cinema theatre screen night "
    "morning conversation letter relationship connection technology machine operating system writer "
    "job apartment"
)
WORDS = tuple(_WORDS_TEXT.split())
_TITLE_ADJECTIVES_TEXT = (
    "Quiet Distant Silver Last Hidden Golden Broken Endless Northern Paper Glass Electric Secret "
    "Lonely Burning Gentle Wild Hollow Midnight Crimson"
)
TITLE_ADJECTIVES = tuple(_TITLE_ADJECTIVES_TEXT.split())
_TITLE_NOUNS_TEXT = (
    "Harbour Garden Signal Winter Letters Orchard Machine River Summer Voices Island Station Mirror "
    "Season Country Engine Lantern Tide Circus Archive"
)
TITLE_NOUNS = tuple(_TITLE_NOUNS_TEXT.split())
_FIRST_NAMES_TEXT = (
    "Amelia Noah Olivia Leo Isla Oscar Ava Arthur Mia Harry Freya Theo Grace Jack Lily Finn Ella "
    "Henry Ruby Alfie Chloe Luca Zara Sam Maya Ethan Nora Ravi Priya Kofi"
)
FIRST_NAMES = tuple(_FIRST_NAMES_TEXT.split())
_LAST_NAMES_TEXT = (
    "Fox Hart Reed Shaw Wood Cole Hughes Patel Khan Evans Brooks Ward Price Bell Murray Sato Okafor Silva Novak Jensen"
)
LAST_NAMES = tuple(_LAST_NAMES_TEXT.split())
GENRES = (
    "Drama",
    "Comedy",
    "Romance",
    "Science Fiction",
    "Thriller",
    "Horror",
    "Documentary",
    "Animation",
    "Crime",
    "Adventure",
)
CERTIFICATES = ("U", "PG", "12A", "15", "18", "PG-13", "R")
REVIEW_TITLE_SHAPES = (
    "A {adj} triumph",
    "{Adj} and {adj}",
    "Not as {adj} as I hoped",
    "The most {adj} film of the year",
    "{Adj}, {adj}, unforgettable",
    "Worth it for the {noun}",
    "About the {noun}",
)


@dataclass
class VolumeSpec:
    """What to generate. With `film`, reviews go on that film; with `review`, all comments go on it."""

    films: int = 20
    users: int = 100
    reviews_per_film: int = 10
    comments: int = 200
    votes_per_review: int = 4
    reports: int = 20
    seed: int = 1
    film: Film | None = None
    review: Review | None = None
    hidden_share: float = 0.02


@dataclass
class VolumeResult:
    users: int = 0
    films: list[Film] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    comments_by_review: dict[int, int] = field(default_factory=dict)
    votes: int = 0
    reports: int = 0

    @property
    def comments(self) -> int:
        return sum(self.comments_by_review.values())


@dataclass
class _Node:
    """A planned comment; `pk` and `path` are filled in as its level is inserted."""

    review_id: int
    parent: "_Node | None"
    depth: int
    author_id: int
    body: str
    created_at: datetime
    status: str = Status.APPROVED
    deleted_at: datetime | None = None
    edited_at: datetime | None = None
    pk: int | None = None
    thread: int = 0
    path: str = ""


class _Text:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(6, 16))
        return " ".join(words).capitalize() + self.rng.choice("...!?")

    def paragraphs(self, min_chars: int, max_chars: int, link: bool = False) -> str:
        """Plain-text paragraphs of min_chars..max_chars characters."""
        target = self.rng.randint(min_chars, max_chars)
        paragraphs: list[str] = []
        length = 0
        while length < target:
            paragraph = " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))
            paragraphs.append(paragraph)
            length += len(paragraph) + 2
        if link:
            paragraphs.append(f"More here: https://example.com/notes/{self.rng.randint(1, 9999)}")
        text = "\n\n".join(paragraphs)
        if len(text) > max_chars:
            text = text[: max_chars - 1].rsplit(" ", 1)[0].rstrip(".!?,\n") + "."
        return text

    def title(self, shapes: tuple[str, ...]) -> str:
        adjective = self.rng.choice(TITLE_ADJECTIVES).lower()
        return self.rng.choice(shapes).format(
            adj=adjective,
            Adj=adjective.capitalize(),
            noun=self.rng.choice(TITLE_NOUNS).lower(),
        )


@contextmanager
def _explicit_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the generated dates instead of stamping auto_now(_add) fields with now()."""
    switched = []
    for model in model_classes:
        for model_field in model._meta.concrete_fields:
            if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
                switched.append((model_field, model_field.auto_now, model_field.auto_now_add))
                model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in switched:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


def _require_returned_ids(objs: list[models.Model]) -> None:
    if objs and objs[-1].pk is None:
        raise RuntimeError(
            "generate_volume needs bulk_create to return ids: use PostgreSQL, or SQLite 3.35 or newer "
            f"(this is {connection.display_name})."
        )


def _username(index: int) -> str:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[index // len(FIRST_NAMES) % len(LAST_NAMES)]
    return f"{first}.{last}{index}".lower()


def user_pool(size: int) -> list[int]:
    """Ids of the generated readers, creating the missing ones: the same names on every run."""
    user_model = get_user_model()
    pool = user_model.objects.filter(email__endswith=f"@{VOLUME_EMAIL_DOMAIN}")
    existing = pool.count()
    if existing < size:
        unusable = make_password(None)
        user_model.objects.bulk_create(
            [
                user_model(
                    username=_username(i),
                    email=f"reader{i}@{VOLUME_EMAIL_DOMAIN}",
                    password=unusable,
                    date_joined=EPOCH - REVIEW_SPAN - timedelta(days=30) + timedelta(minutes=i),
                )
                for i in range(existing, size)
            ],
            batch_size=BATCH_SIZE,
        )
    return list(pool.order_by("id").values_list("id", flat=True)[: max(size, existing)])


def _genres() -> list[int]:
    Genre.objects.bulk_create(
        [Genre(name=name, slug=slugify(name)) for name in GENRES], ignore_conflicts=True, batch_size=BATCH_SIZE
    )
    genres = Genre.objects.filter(slug__in=[slugify(name) for name in GENRES])
    return list(genres.order_by("id").values_list("id", flat=True))


def _make_films(spec: VolumeSpec, rng: random.Random, text: _Text) -> list[Film]:
    taken = set(Film.objects.values_list("slug", flat=True))
    films = []
    for _ in range(spec.films):
        title = f"The {rng.choice(TITLE_ADJECTIVES)} {rng.choice(TITLE_NOUNS)}"
        year = rng.randint(1950, 2024)
        slug = base = slugify(f"{title} {year}")
        suffix = 2
        while slug in taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(slug)
        films.append(
            Film(
                title=title,
                slug=slug,
                year=year,
                certificate=rng.choice(CERTIFICATES),
                runtime_minutes=rng.randint(80, 180),
                synopsis=text.paragraphs(150, 400),
                created_at=EPOCH - REVIEW_SPAN - timedelta(days=rng.randint(1, 365)),
            )
        )
    Film.objects.bulk_create(films, batch_size=BATCH_SIZE)
    _require_returned_ids(films)

    genre_ids = _genres()
    Film.genres.through.objects.bulk_create(
        [
            Film.genres.through(film_id=film.pk, genre_id=genre_id)
            for film in films
            for genre_id in rng.sample(genre_ids, rng.randint(1, 3))
        ],
        batch_size=BATCH_SIZE,
    )
    people = [
        Person(name=f"{first} {last}", slug=f"{slugify(first + ' ' + last)}-{spec.seed}-{n}")
        for n in range(max(12, spec.films * 3))
        for first, last in [(rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))]
    ]
    Person.objects.bulk_create(people, ignore_conflicts=True, batch_size=BATCH_SIZE)
    person_ids = list(Person.objects.filter(slug__in=[p.slug for p in people]).values_list("id", flat=True))
    credits = []
    for film in films:
        chosen = rng.sample(person_ids, 8)
        credits.append(Credit(film=film, person_id=chosen[0], role=Credit.Role.DIRECTOR, order=0))
        credits.append(Credit(film=film, person_id=chosen[1], role=Credit.Role.WRITER, order=0))
        for order, person_id in enumerate(chosen[2 : 2 + rng.randint(3, 6)]):
            credits.append(
                Credit(
                    film=film,
                    person_id=person_id,
                    role=Credit.Role.CAST,
                    character=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    order=order,
                )
            )
    Credit.objects.bulk_create(credits, batch_size=BATCH_SIZE)
    return films


def _status(rng: random.Random, hidden_share: float) -> tuple[str, bool]:
    """(status, deleted by its author) — a small share of content is held or deleted."""
    roll = rng.random()
    if roll < hidden_share / 2:
        return Status.PENDING, False
    if roll < hidden_share:
        return Status.APPROVED, True
    return Status.APPROVED, False


def _make_reviews(
    spec: VolumeSpec, films: list[Film], pool: list[int], rng: random.Random, text: _Text
) -> tuple[list[Review], int]:
    already = {
        (film_id, author_id)
        for film_id, author_id in Review.objects.filter(film__in=films).values_list("film_id", "author_id")
    }
    reviews: list[Review] = []
    votes: list[tuple[Review, int, bool, datetime]] = []
    for film in films:
        candidates = [user_id for user_id in pool if (film.pk, user_id) not in already]
        for author_id in rng.sample(candidates, spec.reviews_per_film):
            created_at = EPOCH - REVIEW_SPAN + (REVIEW_SPAN * rng.random())
            status, deleted = _status(rng, spec.hidden_share)
            rating = None if rng.random() < UNRATED_SHARE else rng.choices(range(1, 11), RATING_WEIGHTS)[0]
            review = Review(
                film=film,
                author_id=author_id,
                title=text.title(REVIEW_TITLE_SHAPES),
                body=text.paragraphs(300, 1500),
                rating=rating,
                contains_spoilers=rng.random() < SPOILER_SHARE,
                status=status,
                created_at=created_at,
                updated_at=created_at,
                edited_at=created_at + timedelta(days=rng.randint(1, 30)) if rng.random() < EDITED_SHARE else None,
                deleted_at=created_at + timedelta(days=rng.randint(1, 60)) if deleted else None,
            )
            # Votes only on what readers can see, never by the author, at most one per voter.
            if review.status == Status.APPROVED and not deleted:
                wanted = min(rng.randint(0, 2 * spec.votes_per_review), len(pool) - 1)
                voters = [v for v in rng.sample(pool, min(len(pool), wanted + 1)) if v != author_id][:wanted]
                helpful_share = rng.betavariate(4, 2)
                yes = 0
                for voter_id in voters:
                    is_helpful = rng.random() < helpful_share
                    yes += is_helpful
                    votes.append((review, voter_id, is_helpful, created_at + timedelta(hours=rng.randint(1, 2000))))
                review.helpful_yes, review.helpful_total = yes, len(voters)
                review.helpful_score = wilson_lower_bound(yes, len(voters))
            reviews.append(review)
    Review.objects.bulk_create(reviews, batch_size=BATCH_SIZE)
    _require_returned_ids(reviews)
    HelpfulVote.objects.bulk_create(
        [
            HelpfulVote(review=review, voter_id=voter_id, is_helpful=is_helpful, created_at=created_at)
            for review, voter_id, is_helpful, created_at in votes
        ],
        batch_size=BATCH_SIZE,
    )
    return reviews, len(votes)


def _plan_thread(review: Review, size: int, pool: list[int], rng: random.Random, text: _Text, hidden_share: float):
    """The comments of one review in the order they were posted, shaped like a real discussion.

    About 30 % start a new thread; a reply goes to a comment posted just before
    (a conversation) or to any earlier one, never past the maximum depth, never
    to a comment that is still held for moderation.
    """
    max_depth = settings.REVIEWHUB_COMMENT_MAX_DEPTH
    start = review.created_at + timedelta(minutes=1)
    end = min(start + THREAD_SPAN, max(start, timezone.now()))
    times = sorted(start + (end - start) * rng.random() for _ in range(size))
    nodes: list[_Node] = []
    open_nodes: list[_Node] = []
    for created_at in times:
        parent = None
        if open_nodes and rng.random() >= TOP_LEVEL_SHARE:
            if rng.random() < RECENT_REPLY_SHARE:
                parent = rng.choice(open_nodes[-RECENT_WINDOW:])
            else:
                parent = rng.choice(open_nodes)
        if parent is not None and rng.random() < 0.1:
            author_id = review.author_id
        else:
            author_id = rng.choice(pool)
            if parent is not None and author_id == parent.author_id:
                author_id = rng.choice(pool)
        status, deleted = _status(rng, hidden_share)
        node = _Node(
            review_id=review.pk,
            parent=parent,
            depth=parent.depth + 1 if parent else 1,
            author_id=author_id,
            body=text.paragraphs(200, 800, link=rng.random() < LINK_SHARE),
            created_at=created_at,
            status=status,
            deleted_at=created_at + (end - created_at) * rng.random() if deleted else None,
            edited_at=created_at + (end - created_at) * rng.random() if rng.random() < EDITED_SHARE else None,
        )
        nodes.append(node)
        if node.depth < max_depth and status == Status.APPROVED:
            open_nodes.append(node)
    return nodes


def _insert_threads(nodes: list[_Node]) -> None:
    """Insert level by level; each level's UPDATE appends the new ids to the paths."""
    segment = Concat(F("path"), LPad(Cast("id", output_field=CharField()), PATH_SEGMENT_WIDTH, Value("0")), Value("/"))
    for depth in range(1, settings.REVIEWHUB_COMMENT_MAX_DEPTH + 1):
        level = [node for node in nodes if node.depth == depth]
        if not level:
            break
        rows = [
            Comment(
                review_id=node.review_id,
                author_id=node.author_id,
                parent_id=node.parent.pk if node.parent else None,
                body=node.body,
                status=node.status,
                created_at=node.created_at,
                edited_at=node.edited_at,
                deleted_at=node.deleted_at,
                depth=depth,
                thread=node.parent.thread if node.parent else 0,
                path=node.parent.path if node.parent else "",
            )
            for node in level
        ]
        Comment.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        _require_returned_ids(rows)
        ids = [row.pk for row in rows]
        changes = {"path": segment, **({"thread": F("id")} if depth == 1 else {})}
        for start in range(0, len(ids), UPDATE_CHUNK):
            Comment.objects.filter(pk__in=ids[start : start + UPDATE_CHUNK]).update(**changes)
        for node, row in zip(level, rows, strict=True):
            node.pk = row.pk
            node.thread = node.parent.thread if node.parent else row.pk
            node.path = (node.parent.path if node.parent else "") + path_segment(row.pk)


def _make_reports(
    spec: VolumeSpec, reviews: list[Review], nodes: list[_Node], pool: list[int], rng: random.Random
) -> int:
    threshold = settings.REVIEWHUB_REPORT_HIDE_THRESHOLD
    # Stay under the hiding threshold: hiding is a moderation decision, made by the service.
    per_target = threshold - 1 if threshold else 2
    targets: list[tuple[str, int, int, datetime]] = [
        ("review", r.pk, r.author_id, r.created_at) for r in reviews if r.status == Status.APPROVED
    ] + [("comment", n.pk, n.author_id, n.created_at) for n in nodes if n.status == Status.APPROVED]
    if per_target < 1 or not targets:
        return 0
    reports: list[Report] = []
    seen: set[tuple[str, int, int]] = set()
    counts: Counter[tuple[str, int]] = Counter()
    for _ in range(spec.reports * 3):
        if len(reports) >= spec.reports:
            break
        kind, target_id, author_id, created_at = rng.choice(targets)
        reporter_id = rng.choice(pool)
        key = (kind, target_id, reporter_id)
        if reporter_id == author_id or key in seen or counts[kind, target_id] >= per_target:
            continue
        seen.add(key)
        counts[kind, target_id] += 1
        reported_at = created_at + timedelta(hours=rng.randint(1, 500))
        resolved = rng.random() < RESOLVED_REPORT_SHARE
        reports.append(
            Report(
                reporter_id=reporter_id,
                reason=rng.choice(Report.Reason.values),
                details=rng.choice(["", "Off-topic rant.", "Looks like an advert.", "Spoils the ending."]),
                created_at=reported_at,
                resolved_at=reported_at + timedelta(days=1) if resolved else None,
                upheld=False if resolved else None,
                **{f"{kind}_id": target_id},
            )
        )
    Report.objects.bulk_create(reports, batch_size=BATCH_SIZE)
    return len(reports)


def generate(spec: VolumeSpec) -> VolumeResult:
    """Write the volume in one transaction and return what was made."""
    rng = random.Random(spec.seed)  # noqa: S311 (reproducible test data, not security)
    text = _Text(rng)
    result = VolumeResult()
    with transaction.atomic(), _explicit_timestamps(Film, Review, HelpfulVote, Comment, Report):
        needed = spec.users
        if spec.review is None:
            already = Review.objects.filter(film=spec.film).count() if spec.film else 0
            needed = max(needed, spec.reviews_per_film + already + 1)
        pool = user_pool(needed)
        result.users = len(pool)

        if spec.review is not None:
            if not spec.review.is_visible:
                raise ValueError(f"Review {spec.review.pk} is not visible, so it cannot take comments.")
            targets = [spec.review]
        else:
            result.films = [spec.film] if spec.film is not None else _make_films(spec, rng, text)
            result.reviews, result.votes = _make_reviews(spec, result.films, pool, rng, text)
            targets = [r for r in result.reviews if r.status == Status.APPROVED and r.deleted_at is None]
        if spec.comments and not targets:
            raise ValueError("There is no visible review to put the comments on.")

        # A few reviews draw most of the discussion, as on real sites.
        weights = [rng.paretovariate(1.2) for _ in targets]
        sizes = Counter(rng.choices(range(len(targets)), weights, k=spec.comments)) if spec.comments else Counter()
        nodes: list[_Node] = []
        for index, review in enumerate(targets):
            if sizes[index]:
                nodes += _plan_thread(review, sizes[index], pool, rng, text, spec.hidden_share)
                result.comments_by_review[review.pk] = sizes[index]
        _insert_threads(nodes)
        result.reports = _make_reports(spec, result.reviews, nodes, pool, rng)
        content_changed()
    return result
