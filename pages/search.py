"""Site search over films (title, people in the credits) and visible reviews (title, body).

PostgreSQL gets real full-text search (websearch syntax, stemming, ranking): films and
people through the GIN expression indexes of films migration 0002_search_indexes,
which are built from the same expressions as below so the planner can use them; reviews
through the document PostgreSQL stores with each review (reviews migration 0006_review_search_document),
so that a search neither re-parses nor re-ranks from the bodies. Other databases
(SQLite) get a word-by-word fallback — every word must start a word of the title, a credited
name or the body — ranked by a simple score, title matches first.
"""

import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import Case, Exists, Expression, IntegerField, OuterRef, Q, QuerySet, Value, When

from films.models import Credit, Film, Person
from reviews.models import Review
from reviews.selectors import films_with_rating_stats, review_cards

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
FILM_RESULTS = 12

# films migration 0002_search_indexes indexes these exact expressions (a test checks that
# PostgreSQL uses them): change both together, in a new migration. Titles and names are indexed
# word for word ("simple", so a film called "Her" is found although "her" is an English stop
# word) and titles stemmed ("english", so "lover" finds "Lovers"). The review document of
# reviews migration 0006_review_search_document is built the same way, bodies stemmed too.
FILM_TITLE_VECTOR = SearchVector("title", config="simple") + SearchVector("title", config="english")
PERSON_NAME_VECTOR = SearchVector("name", config="simple")


class ReviewDocument(Expression):
    """reviews_review.search_document: the review's title and body as PostgreSQL keeps them indexed.

    The Review model does not declare the column (SQLite has none), so it is named here,
    qualified with the query's own alias of the review table, which Django renames when the
    query becomes a subquery.
    """

    output_field = SearchVectorField()

    def __init__(self, alias: str | None = None) -> None:
        super().__init__()
        self.alias = alias

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        return ReviewDocument(query.get_initial_alias())

    def relabeled_clone(self, change_map: dict[str, str]) -> "ReviewDocument":
        return ReviewDocument(change_map.get(self.alias, self.alias))

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        return f"{compiler.quote_name_unless_alias(self.alias)}.{connection.ops.quote_name('search_document')}", []


_WORD_RE = re.compile(r"[\w'’-]+")


def clean_query(raw: str | None) -> str:
    """The query as searched: trimmed, single-spaced and bounded in length."""
    return " ".join(str(raw or "").split())[:MAX_QUERY_LENGTH]


def query_words(query: str) -> list[str]:
    """Distinct words of a query for the fallback search; quotes, "or" and -excluded words dropped."""
    words: list[str] = []
    for match in _WORD_RE.findall(query.lower()):
        if match.startswith("-"):
            continue
        word = match.strip("-'’")
        if word and word != "or" and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def _full_text() -> bool:
    return connection.vendor == "postgresql"


def pg_query(query: str) -> SearchQuery:
    """The query in websearch syntax, matched as typed or stemmed (see the vectors above)."""
    return SearchQuery(query, search_type="websearch", config="simple") | SearchQuery(
        query, search_type="websearch", config="english"
    )


def search_films(query: str, *, limit: int = FILM_RESULTS) -> list[Film]:
    """Films whose title or credited people match, best title match first, with rating stats."""
    query = clean_query(query)
    found = (_pg_films(query) if _full_text() else _fallback_films(query)) if query else None
    if found is None:
        return []
    matches, rank = found
    best = matches.annotate(rank=rank).order_by("-rank", "title", "pk").values("pk")[:limit]
    # The rating stats are joined to the films shown only, and the match is not evaluated twice.
    shown = Film.objects.filter(pk__in=best).annotate(rank=rank).order_by("-rank", "title", "pk")
    return list(films_with_rating_stats(shown.with_genres()))


def search_reviews(query: str) -> QuerySet[Review]:
    """Visible reviews whose title or body match, best match first (paginate it, then review_cards_for the page).

    Only the newest REVIEWHUB_SEARCH_MAX_REVIEWS matches are ranked, so a word found in most reviews
    costs what a rarer one does instead of growing with the site (bench/README.md, "Search at 100×").
    """
    query = clean_query(query)
    found = (_pg_reviews(query) if _full_text() else _fallback_reviews(query)) if query else None
    if found is None:
        return Review.objects.none()
    matches, rank = found
    newest = matches.order_by("-created_at", "-id").values("pk")[: settings.REVIEWHUB_SEARCH_MAX_REVIEWS]
    return Review.objects.filter(pk__in=newest).annotate(rank=rank).order_by("-rank", "-created_at", "-id")


def review_cards_for(reviews: Iterable[Review]) -> list[Review]:
    """These reviews as review cards, in the same order: one query that joins the page's rows only.

    Joined before ranking, the card's tables were read for every ranked match (bench/README.md).
    """
    ids = [review.pk for review in reviews]
    cards = review_cards(Review.objects.filter(pk__in=ids)).in_bulk()
    return [cards[pk] for pk in ids if pk in cards]


def _pg_films(query: str) -> tuple[QuerySet[Film], SearchRank]:
    words = pg_query(query)
    people = Person.objects.alias(document=PERSON_NAME_VECTOR).filter(document=words)
    # Two id sets, each found through its own GIN index: an OR of the title match and an EXISTS over
    # credits made PostgreSQL rank every film's title (bench/README.md, "Search at 100×").
    by_title = Film.objects.alias(document=FILM_TITLE_VECTOR).filter(document=words).values("pk")
    by_people = Credit.objects.filter(person__in=people).values("film_id")
    return Film.objects.filter(Q(pk__in=by_title) | Q(pk__in=by_people)), SearchRank(FILM_TITLE_VECTOR, words)


def _pg_reviews(query: str) -> tuple[QuerySet[Review], SearchRank]:
    words = pg_query(query)
    matches = Review.objects.visible().alias(document=ReviewDocument()).filter(document=words)
    return matches, SearchRank(ReviewDocument(), words)


def _starts_word(field: str, word: str) -> Q:
    """`field` has a word beginning with `word` ("her" finds "Her" and "hers", not "other")."""
    # SQLite runs __iregex through Python's re module, where \b is a word boundary.
    return Q(**{f"{field}__iregex": r"\b" + re.escape(word)})


def _score(matches: list[tuple[Q, int]]) -> Case | Value:
    """Sum of the points of each condition that holds, as one SQL expression."""
    total = Value(0)
    for condition, points in matches:
        total = total + Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())
    return total


def _fallback_films(query: str) -> tuple[QuerySet[Film], Case | Value] | None:
    words = query_words(query)
    if not words:
        return None
    films = Film.objects.all()
    for word in words:
        credited = Exists(Credit.objects.filter(Q(film=OuterRef("pk")) & _starts_word("person__name", word)))
        films = films.filter(_starts_word("title", word) | credited)
    return films, _score([(_starts_word("title", word), 1) for word in words])


def _fallback_reviews(query: str) -> tuple[QuerySet[Review], Case | Value] | None:
    words = query_words(query)
    if not words:
        return None
    matches = Review.objects.visible()
    for word in words:
        matches = matches.filter(_starts_word("title", word) | _starts_word("body", word))
    titles = [(_starts_word("title", word), 3) for word in words]
    bodies = [(_starts_word("body", word), 1) for word in words]
    return matches, _score(titles + bodies)
