"""The "Download my data" archive: Letterboxd-compatible CSV files and reviewhub.json.

Each part of reviewhub.json comes from one small function in SECTIONS, so an app that gains
account data (follows, notification settings) adds one entry. Ratings go out on Letterboxd's
0.5–5 star scale (rating / 2) in the CSV files and as the original 1–10 in the JSON.
"""

import json
import zipfile
from collections.abc import Callable
from datetime import datetime
from typing import IO, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from comments.models import Comment
from portability.csv_cells import csv_text
from portability.letterboxd import COLUMNS
from portability.ratings import rating_to_stars
from reviews.models import Review
from watchlog.models import Watch, WatchlistEntry

FORMAT = "reviewhub-export"
VERSION = 1


def _url(path: str) -> str:
    return settings.REVIEWHUB_SITE_URL + path


def _film(film) -> dict[str, Any]:
    return {"title": film.title, "year": film.year, "slug": film.slug, "url": _url(film.get_absolute_url())}


def _reviews(user):
    return Review.objects.filter(author=user).select_related("film").order_by("created_at", "id")


def _live_reviews(user):
    return _reviews(user).filter(deleted_at__isnull=True)


def _watches(user):
    return Watch.objects.filter(user=user).select_related("film").order_by("watched_on", "created", "id")


def _watchlist(user):
    return WatchlistEntry.objects.filter(user=user).select_related("film").order_by("added", "id")


def profile_section(user) -> dict[str, Any]:
    return {
        "username": user.username,
        "email": user.email,
        "bio": user.bio,
        "date_joined": user.date_joined,
        "url": _url(user.get_absolute_url()),
    }


def reviews_section(user) -> list[dict[str, Any]]:
    return [
        {
            "id": review.pk,
            "film": _film(review.film),
            "title": review.title,
            "body": review.body,
            "rating": review.rating,
            "contains_spoilers": review.contains_spoilers,
            "status": review.status,
            "created_at": review.created_at,
            "edited_at": review.edited_at,
            "deleted_at": review.deleted_at,
            "url": _url(review.get_absolute_url()),
        }
        for review in _reviews(user)
    ]


def comments_section(user) -> list[dict[str, Any]]:
    comments = Comment.objects.filter(author=user).select_related("review__film").order_by("created_at", "id")
    return [
        {
            "id": comment.pk,
            "review_id": comment.review_id,
            "film": _film(comment.review.film),
            "parent_id": comment.parent_id,
            "body": comment.body,
            "status": comment.status,
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
            "deleted_at": comment.deleted_at,
            "url": _url(comment.get_absolute_url()),
        }
        for comment in comments
    ]


def watches_section(user) -> list[dict[str, Any]]:
    return [
        {
            "film": _film(watch.film),
            "watched_on": watch.watched_on,
            "rewatch": watch.rewatch,
            "liked": watch.liked,
            "note": watch.note,
            "created": watch.created,
        }
        for watch in _watches(user)
    ]


def watchlist_section(user) -> list[dict[str, Any]]:
    return [{"film": _film(entry.film), "added": entry.added} for entry in _watchlist(user)]


# reviewhub.json's parts, in order: name -> function of the user.
SECTIONS: dict[str, Callable[[Any], Any]] = {
    "profile": profile_section,
    "reviews": reviews_section,
    "comments": comments_section,
    "watches": watches_section,
    "watchlist": watchlist_section,
}


def account_json(user, *, now: datetime | None = None) -> str:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now or timezone.now(),
        "site": settings.REVIEWHUB_SITE_URL,
        "ratings": "Whole numbers from 1 to 10 (the CSV files use Letterboxd's 0.5–5 stars: rating / 2).",
        **{name: section(user) for name, section in SECTIONS.items()},
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def _day(moment) -> str:
    return timezone.localtime(moment).date().isoformat() if isinstance(moment, datetime) else moment.isoformat()


def _film_cells(film) -> dict[str, Any]:
    # Letterboxd URI stays empty: ReviewHub's addresses are not Letterboxd's, and its importer matches on name and year.
    return {"Name": film.title, "Year": film.year, "Letterboxd URI": ""}


def letterboxd_csv_files(user) -> dict[str, str]:
    """reviews.csv, ratings.csv, diary.csv and watchlist.csv with Letterboxd's columns."""
    reviews = list(_live_reviews(user))
    ratings_by_film = {review.film_id: review.rating for review in reviews}
    review_rows = [
        {
            "Date": _day(review.created_at),
            **_film_cells(review.film),
            "Rating": rating_to_stars(review.rating),
            "Review": review.body,
        }
        for review in reviews
    ]
    rating_rows = [
        {"Date": _day(review.created_at), **_film_cells(review.film), "Rating": rating_to_stars(review.rating)}
        for review in reviews
        if review.rating is not None
    ]
    diary_rows = [
        {
            "Date": _day(watch.created),
            **_film_cells(watch.film),
            "Rating": rating_to_stars(ratings_by_film.get(watch.film_id)),
            "Rewatch": "Yes" if watch.rewatch else "",
            "Watched Date": _day(watch.watched_on),
        }
        for watch in _watches(user)
    ]
    watchlist_rows = [{"Date": _day(entry.added), **_film_cells(entry.film)} for entry in _watchlist(user)]
    return {
        "reviews.csv": csv_text(COLUMNS["reviews"], review_rows),
        "ratings.csv": csv_text(COLUMNS["ratings"], rating_rows),
        "diary.csv": csv_text(COLUMNS["diary"], diary_rows),
        "watchlist.csv": csv_text(COLUMNS["watchlist"], watchlist_rows),
    }


def write_archive(user, out: IO[bytes]) -> None:
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in letterboxd_csv_files(user).items():
            archive.writestr(name, text)
        archive.writestr("reviewhub.json", account_json(user))
