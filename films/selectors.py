"""Reads of films for the catalogue and the film page (films knows nothing of reviews)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from films.models import Credit, Film, Genre


@dataclass
class FilmCredits:
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


def _film_page_lookups() -> tuple[str | Prefetch, ...]:
    credits = Credit.objects.select_related("person").order_by("role", "order", "id")
    return ("genres", Prefetch("credits", queryset=credits))


def film_page_queryset() -> QuerySet[Film]:
    """Films with genres and credits (and their people) fetched up front: two queries, whatever the cast size."""
    return Film.objects.prefetch_related(*_film_page_lookups())


def film_with_details(film: Film) -> Film:
    """The same genres and credits for a film already loaded (the film page loads them only to render them)."""
    prefetch_related_objects([film], *_film_page_lookups())
    return film


def film_credits(*, film: Film) -> FilmCredits:
    """The prefetched credits of a film grouped by role, in billing order."""
    grouped = FilmCredits()
    by_role = {
        Credit.Role.DIRECTOR: grouped.directors,
        Credit.Role.WRITER: grouped.writers,
        Credit.Role.CAST: grouped.cast,
    }
    for credit in film.credits.all():
        by_role[credit.role].append(credit)
    return grouped
