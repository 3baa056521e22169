"""Reads of films for the catalogue and the film page (films knows nothing of reviews)."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from films.models import Credit, Film, Genre


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


def credits_by_role(film: Film) -> FilmCredits:
    """The film's credits split by role, in billing order; no query for a film loaded with for_page()."""
    credits = FilmCredits()
    by_role = {
        Credit.Role.DIRECTOR: credits.directors,
        Credit.Role.WRITER: credits.writers,
        Credit.Role.CAST: credits.cast,
    }
    for credit in film.credits.all():
        by_role[credit.role].append(credit)
    return credits
