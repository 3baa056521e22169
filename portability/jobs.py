"""The work the background tasks do: build an export archive, run a confirmed Letterboxd import."""

import logging
import secrets
import tempfile
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from films.models import Film
from moderation import rules
from moderation.models import Status
from moderation.services import status_set
from portability.exporting import write_archive
from portability.letterboxd import failed_row_cells
from portability.models import DataExport, ImportJob, UnmatchedFilm
from portability.storage import export_storage
from reviewhub.cache import content_changed
from reviews.models import Review
from reviews.services import review_create, review_update
from watchlog.models import Watch, WatchlistEntry

logger = logging.getLogger(__name__)

# How often a running import writes its progress (rows).
PROGRESS_EVERY = 20

KEPT_REVIEW = "You already have a review of this film here; it was kept as it is."
RATING_NEEDS_REVIEW = "ReviewHub keeps ratings with reviews: write a review of this film to rate it."


def export_build(*, export_id: int) -> None:
    export = DataExport.objects.select_related("user").get(pk=export_id)
    if export.state != DataExport.State.PENDING:
        return
    try:
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as out:
            write_archive(export.user, out)
            out.seek(0)
            name = export_storage().save(f"{export.user_id}/{secrets.token_urlsafe(16)}.zip", File(out))
        export.file_name, export.size = name, export_storage().size(name)
        export.state = DataExport.State.READY
        export.expires_at = timezone.now() + timedelta(days=settings.REVIEWHUB_EXPORT_DAYS)
    except Exception:
        logger.exception("Data export %s failed", export_id)
        export.state = DataExport.State.FAILED
    export.finished_at = timezone.now()
    export.save()


def _noon(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(12), tzinfo=UTC)


def _live_review(user, film: Film) -> Review | None:
    return Review.objects.filter(author=user, film=film, deleted_at__isnull=True).first()


def _import_review(user, row: dict, film: Film, trusted: bool) -> tuple[str, str]:
    if _live_review(user, film) is not None:
        return "skipped", KEPT_REVIEW
    title = f"{film.title} ({film.year})"[: settings.REVIEWHUB_REVIEW_TITLE_MAX_LENGTH]
    review = review_create(author=user, film=film, title=title, body=row["review"], rating=row["rating"])
    # Imports skip the per-hour review limit, so the word-list and link rules of comments hold them instead.
    decision = rules.decide(text=f"{title}\n{row['review']}", trusted=trusted)
    if decision.status != Status.APPROVED:
        status_set(target=review, status=decision.status, action="held", rule=decision.rule, note="Letterboxd import")
    if row["date"]:
        Review.objects.filter(pk=review.pk).update(created_at=_noon(row["date"]))
    return "created", "" if decision.status == Status.APPROVED else "Held for moderation: " + decision.rule


def _import_rating(user, row: dict, film: Film) -> tuple[str, str]:
    review = _live_review(user, film)
    if review is None:
        return "skipped", RATING_NEEDS_REVIEW
    if review.rating == row["rating"]:
        return "skipped", "Already rated the same here."
    if review.rating is not None:
        return "skipped", f"Kept your ReviewHub rating, {review.rating}/10."
    review_update(
        review=review,
        title=review.title,
        body=review.body,
        rating=row["rating"],
        contains_spoilers=review.contains_spoilers,
    )
    return "updated", "Rating added to your review."


def _add_watch(user, film: Film, day: str, rewatch: bool) -> None:
    watch = Watch(user=user, film=film, watched_on=date.fromisoformat(day), rewatch=rewatch)
    watch.full_clean()
    watch.save()
    # A watched film leaves the watchlist (watchlog.models.WatchlistEntry).
    WatchlistEntry.objects.filter(user=user, film=film).delete()


def _import_diary(user, row: dict, film: Film) -> tuple[str, str]:
    day = row["watched_date"] or row["date"]
    if not day:
        raise ValidationError("No Watched Date or Date.")
    if Watch.objects.filter(user=user, film=film, watched_on=day, rewatch=row["rewatch"]).exists():
        return "skipped", "This watch is already in your diary."
    _add_watch(user, film, day, row["rewatch"])
    return "created", ""


def _import_watched(user, row: dict, film: Film) -> tuple[str, str]:
    if Watch.objects.filter(user=user, film=film).exists():
        return "skipped", "Already in your diary."
    if not row["date"]:
        raise ValidationError("No Date.")
    _add_watch(user, film, row["date"], False)
    return "created", ""


def _import_watchlist(user, row: dict, film: Film) -> tuple[str, str]:
    if Watch.objects.filter(user=user, film=film).exists():
        return "skipped", "Already watched, so not put back on your watchlist."
    _, created = WatchlistEntry.objects.get_or_create(user=user, film=film)
    return ("created", "") if created else ("skipped", "Already on your watchlist.")


def _import_row(user, row: dict, film: Film, trusted: bool) -> tuple[str, str]:
    if row["kind"] == "reviews":
        return _import_review(user, row, film, trusted)
    if row["kind"] == "ratings":
        return _import_rating(user, row, film)
    if row["kind"] == "diary":
        return _import_diary(user, row, film)
    if row["kind"] == "watched":
        return _import_watched(user, row, film)
    return _import_watchlist(user, row, film)


def _record_unmatched(user, rows: list[dict]) -> None:
    wanted = {(row["name"].casefold(), row["year"]): row for row in rows}
    for (key, year), row in wanted.items():
        entry, _ = UnmatchedFilm.objects.get_or_create(
            title_key=key[:200], year=year, defaults={"title": row["name"][:200]}
        )
        entry.last_seen = timezone.now()
        entry.save(update_fields=["last_seen"])
        entry.requested_by.add(user)


def import_run(*, job_id: int) -> None:
    """Import a confirmed job's rows one by one (each in its own transaction), writing progress as it goes."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().select_related("user").get(pk=job_id)
        if job.state != ImportJob.State.QUEUED:
            return  # already run, or cancelled
        job.state, job.started_at = ImportJob.State.RUNNING, timezone.now()
        job.save(update_fields=["state", "started_at"])
    user, rows = job.user, job.rows
    films = Film.objects.in_bulk({row["film_id"] for row in rows if row["film_id"]})
    trusted = user.has_perm("reviews.moderate_review")
    counts: Counter[str] = Counter({"created": 0, "updated": 0, "skipped": 0, "failed": 0})
    failed, unmatched = [], []
    try:
        for number, row in enumerate(rows, start=1):
            film = films.get(row["film_id"])
            if row["problem"] or film is None:
                outcome, note = "failed", row["problem"] or "The film is no longer in the catalogue."
                if row.get("unmatched"):
                    unmatched.append(row)
            else:
                try:
                    with transaction.atomic():
                        outcome, note = _import_row(user, row, film, trusted)
                except ValidationError as error:
                    outcome, note = "failed", " ".join(error.messages)
            counts[outcome] += 1
            row["outcome"], row["note"] = outcome, note
            if outcome == "failed":
                failed.append(failed_row_cells(row, note))
            if number % PROGRESS_EVERY == 0:
                ImportJob.objects.filter(pk=job.pk).update(processed=number)
        _record_unmatched(user, unmatched)
        job.state = ImportJob.State.DONE
    except Exception:
        logger.exception("Import %s stopped", job_id)
        job.state = ImportJob.State.FAILED
    job.processed = sum(counts.values())
    job.counts, job.failed_rows, job.rows, job.finished_at = dict(counts), failed, rows, timezone.now()
    job.save()
    if counts["created"] or counts["updated"]:
        content_changed()
