import uuid

from films.models import Credit, Film, Genre, Person


def make_genre(**overrides) -> Genre:
    name = overrides.setdefault("name", f"Genre {uuid.uuid4().hex[:6]}")
    overrides.setdefault("slug", name.lower().replace(" ", "-"))
    return Genre.objects.create(**overrides)


def make_person(**overrides) -> Person:
    name = overrides.setdefault("name", f"Person {uuid.uuid4().hex[:6]}")
    overrides.setdefault("slug", name.lower().replace(" ", "-"))
    return Person.objects.create(**overrides)


def make_film(**overrides) -> Film:
    overrides.setdefault("title", f"Film {uuid.uuid4().hex[:6]}")
    overrides.setdefault("year", 2013)
    overrides.setdefault("certificate", "R")
    overrides.setdefault("runtime_minutes", 126)
    overrides.setdefault("synopsis", "A lonely writer falls for his operating system.")
    genres = overrides.pop("genres", [])
    film = Film.objects.create(**overrides)
    film.genres.set(genres)
    return film


def make_credit(**overrides) -> Credit:
    overrides.setdefault("role", Credit.Role.CAST)
    if "person" not in overrides:
        overrides["person"] = make_person()
    return Credit.objects.create(**overrides)
