"""Reads of films for the catalogue and the film page (films knows nothing of reviews)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

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


def _credits_in_billing_order() -> QuerySet[Credit]:
    return Credit.objects.select_related("person").order_by("role", "order", "id")


def film_page_queryset() -> QuerySet[Film]:
    """Films with genres and credits (and their people) fetched up front: two queries, whatever the cast size."""
    return Film.objects.prefetch_related("genres", Prefetch("credits", queryset=_credits_in_billing_order()))


def film_genres(*, film: Film) -> list[Genre]:
    """A film already loaded: its genres by name, in one query.

    The film page asks for genres and credits directly: prefetch_related_objects()
    costs the ORM about twice as long to set up for one film as two plain queries.
    """
    return list(Genre.objects.filter(films=film))


def _grouped(credits) -> FilmCredits:
    grouped = FilmCredits()
    by_role = {
        Credit.Role.DIRECTOR: grouped.directors,
        Credit.Role.WRITER: grouped.writers,
        Credit.Role.CAST: grouped.cast,
    }
    for credit in credits:
        by_role[credit.role].append(credit)
    return grouped


def film_credits(*, film: Film) -> FilmCredits:
    """The prefetched credits of a film (film_page_queryset) grouped by role, in billing order."""
    return _grouped(film.credits.all())


def credits_for_film(*, film: Film) -> FilmCredits:
    """A film already loaded: its credits and their people grouped by role, in billing order, in one query."""
    return _grouped(_credits_in_billing_order().filter(film=film))
