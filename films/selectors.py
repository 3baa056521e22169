"""Reads of films for the catalogue and the film page (films knows nothing of reviews)."""

from dataclasses import dataclass, field
from functools import cache

from django.db.models import OuterRef, QuerySet

from films.models import Credit, Film, Genre, Person
from reviewhub.expressions import JSONRows


@dataclass
class FilmCredits:
    """A film's credits by role, each list in billing order."""

    directors: list[Credit] = field(default_factory=list)
    writers: list[Credit] = field(default_factory=list)
    cast: list[Credit] = field(default_factory=list)


def catalogue_films(*, q: str = "", genre: str = "", year: int | None = None) -> QuerySet[Film]:
    """Films matching the catalogue's filters; every word of `q` must be in the title."""
    films = Film.objects.with_genres()
    for word in q.split():
        films = films.filter(title__icontains=word)
    if genre:
        films = films.filter(genres__slug=genre)
    if year is not None:
        films = films.filter(year=year)
    return films


def genre_choices() -> list[tuple[str, str]]:
    return list(Genre.objects.order_by("name").values_list("slug", "name"))


def year_choices() -> list[int]:
    """The years that have films, newest first, for the catalogue's year filter."""
    return list(Film.objects.order_by("-year").values_list("year", flat=True).distinct())


# Model.from_db() takes a row's values in the model's field order.
_GENRE_FIELDS = ("id", "name", "slug")
_CREDIT_FIELDS = ("id", "film_id", "person_id", "role", "character", "order")
_PERSON_FIELDS = ("id", "name", "slug")


@dataclass(frozen=True)
class FilmPage:
    """A film with what its page shows besides the reviews."""

    film: Film
    genres: list[Genre]
    credits: FilmCredits


@cache
def films_with_genres_and_credits() -> QuerySet[Film]:
    """Films with their genres and credits (and their people) as JSON rows of the film's own row.

    Built once, then cloned by each use: building and resolving these annotations takes Django
    longer (about 1 ms) than compiling and running the query. Never evaluated itself, so it holds
    no rows. film_page_from_rows() makes the instances; the film page's own query
    (reviews.selectors.film_page) adds the film's review statistics to it.
    """
    return Film.objects.order_by().annotate(
        genre_rows=JSONRows(Genre.objects.filter(films=OuterRef("pk")), *_GENRE_FIELDS, order_by=["name"]),
        credit_rows=JSONRows(
            Credit.objects.filter(film=OuterRef("pk")),
            "id",
            "person_id",
            "role",
            "character",
            "order",
            "person__name",
            "person__slug",
            order_by=["role", "order", "id"],
        ),
    )


def with_genres_and_credits(*, film: Film) -> FilmPage:
    """A film already loaded, with its genres and credits, in one query.

    For the film page with its fragment cache on: the parts that show them are usually cached,
    and the film alone is a lighter query.
    """
    genre_rows, credit_rows = (
        films_with_genres_and_credits().filter(pk=film.pk).values_list("genre_rows", "credit_rows").get()
    )
    return film_page_from_rows(film, genre_rows, credit_rows)


def film_page_from_rows(film: Film, genre_rows: list[list], credit_rows: list[list]) -> FilmPage:
    """Genres, credits and people made from the JSON rows as the ORM loads them (every field set, not new)."""
    db = film._state.db
    genres = [Genre.from_db(db, _GENRE_FIELDS, row) for row in genre_rows]
    credits = FilmCredits()
    by_role = {
        Credit.Role.DIRECTOR: credits.directors,
        Credit.Role.WRITER: credits.writers,
        Credit.Role.CAST: credits.cast,
    }
    for credit_id, person_id, role, character, order, name, person_slug in credit_rows:
        credit = Credit.from_db(db, _CREDIT_FIELDS, (credit_id, film.pk, person_id, role, character, order))
        credit.person = Person.from_db(db, _PERSON_FIELDS, (person_id, name, person_slug))
        by_role[role].append(credit)
    return FilmPage(film=film, genres=genres, credits=credits)
