"""schema.org JSON-LD for the film and review pages, from what the page already loaded (no queries)."""

from typing import Any

from films.models import Film
from films.selectors import FilmCredits
from reviewhub.absolute import absolute_url
from reviews.models import Review
from reviews.selectors import RatingSummary

CONTEXT = "https://schema.org"


def _rating_scale() -> dict[str, int]:
    return {"bestRating": 10, "worstRating": 1}


def _people(credits) -> list[dict[str, str]]:
    return [{"@type": "Person", "name": credit.person.name} for credit in credits]


def _movie(film: Film) -> dict[str, Any]:
    return {
        "@type": "Movie",
        "name": film.title,
        "url": absolute_url(film.get_absolute_url()),
        "datePublished": str(film.year),
    }


def movie_data(
    *, film: Film, genres, credits: FilmCredits, summary: RatingSummary, scores_hidden: bool = False
) -> dict[str, Any]:
    """A Movie with the page's facts and, when it has any, the same ratings the page averages.

    A blind-mode reader's page carries no score, not even for machines (crawlers are signed out).
    """
    data: dict[str, Any] = {"@context": CONTEXT, **_movie(film)}
    if film.poster:
        data["image"] = absolute_url(film.poster.url)
    if film.synopsis:
        data["description"] = film.synopsis
    if film.runtime_minutes:
        data["duration"] = f"PT{film.runtime_minutes}M"
    if film.certificate:
        data["contentRating"] = film.certificate
    if genre_names := [genre.name for genre in genres]:
        data["genre"] = genre_names
    for key, role in (("director", credits.directors), ("author", credits.writers), ("actor", credits.cast)):
        if role:
            data[key] = _people(role)
    if summary.count and not scores_hidden:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": summary.average,
            "ratingCount": summary.count,
            **_rating_scale(),
        }
    return data


def review_data(*, review: Review, scores_hidden: bool = False) -> dict[str, Any]:
    """A Review of its Movie: who wrote it and when, and its rating when it has one; never its text."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Review",
        "name": review.title,
        "url": absolute_url(review.get_absolute_url()),
        "author": author_data(review.author),
        "datePublished": review.created_at.isoformat(),
        "itemReviewed": _movie(review.film),
    }
    if review.edited_at:
        data["dateModified"] = review.edited_at.isoformat()
    if review.rating and not scores_hidden:
        data["reviewRating"] = {"@type": "Rating", "ratingValue": review.rating, **_rating_scale()}
    return data


def author_data(author) -> dict[str, str]:
    """A schema.org Person; a former member's profile is gone, so they get a name and no link."""
    if author.is_former_member:
        return {"@type": "Person", "name": author.public_name}
    return {"@type": "Person", "name": author.username, "url": absolute_url(author.get_absolute_url())}
