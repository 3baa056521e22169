"""Letterboxd's CSV files: their columns, reading an upload into rows, and matching rows to our films.

Films have no Letterboxd, IMDb or TMDb ids here, so a row matches a film by title and year, ignoring
case; those ids are kept and shown when a file has them. Reading writes nothing to the database.
"""

import csv
import io
import re
from dataclasses import asdict, dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Lower

from films.models import Film
from portability.csv_cells import unescape_cell
from portability.ratings import RatingError, stars_to_rating
from portability.uploads import BadFile, TextFile

# Letterboxd's export files and their columns, exactly as Letterboxd writes them.
COLUMNS: dict[str, list[str]] = {
    "reviews": ["Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Review", "Tags", "Watched Date"],
    "ratings": ["Date", "Name", "Year", "Letterboxd URI", "Rating"],
    "diary": ["Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Tags", "Watched Date"],
    "watched": ["Date", "Name", "Year", "Letterboxd URI"],
    "watchlist": ["Date", "Name", "Year", "Letterboxd URI"],
}
# Import order: reviews before bare ratings (which only fill in a review's missing rating); watches before
# the watchlist, since a film already watched does not go back on it.
KINDS = list(COLUMNS)
FILE_NAMES = [f"{kind}.csv" for kind in KINDS]
REQUIRED: dict[str, list[str]] = {
    "reviews": ["Name", "Review"],
    "ratings": ["Name", "Rating"],
    "diary": ["Name"],
    "watched": ["Name"],
    "watchlist": ["Name"],
}
# Letterboxd's import format also takes these (letterboxd.com/about/importing-data/).
ID_COLUMNS = ["imdbID", "tmdbID"]
# The failed-rows file: any row of any file, which file it came from, and why it was not imported.
FAILED_COLUMNS = ["File", *COLUMNS["reviews"], *ID_COLUMNS, "Problem"]
_KIND_FROM_NAME = re.compile(r"^(reviews|ratings|diary|watched|watchlist)\b")


@dataclass
class Row:
    kind: str
    line: int
    cells: dict[str, str]
    name: str = ""
    year: int | None = None
    date: str = ""  # ISO dates, JSON-friendly
    watched_date: str = ""
    stars: str = ""
    rating: int | None = None
    rewatch: bool = False
    review: str = ""
    uri: str = ""
    imdb: str = ""
    tmdb: str = ""
    film_id: int | None = None
    film_label: str = ""
    film_url: str = ""
    problem: str = ""
    # No film of this title (and year): staff's "films to add" hears of it when the import runs.
    unmatched: bool = False


def kind_of(name: str, header: list[str]) -> str | None:
    """Which Letterboxd file this is, from its name ("ratings.csv", "ratings (1).csv"); None for a failed-rows file."""
    if "File" in header:
        return None
    match = _KIND_FROM_NAME.match(name.rsplit("/", 1)[-1].lower())
    if match is None:
        raise BadFile(
            f"{name}: name the file after the Letterboxd file it came from ({', '.join(FILE_NAMES)}), "
            "or upload Letterboxd's export zip."
        )
    return match.group(1)


def _date(text: str, column: str) -> str:
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError as error:
        raise RatingError(f"{column} “{text}” is not a date like 2024-01-31.") from error


def _row(kind: str, line: int, cells: dict[str, str]) -> Row:
    row = Row(kind=kind, line=line, cells={k: v for k, v in cells.items() if k != "Problem"})
    row.name = (cells.get("Name") or cells.get("Title") or "").strip()
    row.uri = cells.get("Letterboxd URI", "").strip()
    row.imdb = cells.get("imdbID", "").strip()
    row.tmdb = cells.get("tmdbID", "").strip()
    row.review = cells.get("Review", "").strip()
    row.stars = cells.get("Rating", "").strip()
    row.rewatch = cells.get("Rewatch", "").strip().lower() in {"yes", "true", "1"}
    try:
        year = cells.get("Year", "").strip()
        if year and not (year.isdigit() and 1870 <= int(year) <= 2100):
            raise RatingError(f"Year “{year}” is not a film year.")
        row.year = int(year) if year else None
        row.rating = stars_to_rating(row.stars)
        row.date = _date(cells.get("Date", "").strip(), "Date")
        row.watched_date = _date(cells.get("Watched Date", "").strip(), "Watched Date")
    except RatingError as error:
        row.problem = str(error)
    if not row.problem and not row.name:
        row.problem = "The film's name is empty."
    elif not row.problem and kind == "reviews" and not row.review:
        row.problem = "The review text is empty."
    elif not row.problem and kind == "ratings" and row.rating is None:
        row.problem = "The rating is empty."
    return row


def read_rows(files: list[TextFile]) -> list[Row]:
    """Every row of the uploaded CSV files, in import order; a file with wrong columns refuses the whole upload."""
    rows: list[Row] = []
    for upload in files:
        try:
            reader = csv.DictReader(io.StringIO(upload.text, newline=""))
            header = [column.strip() for column in reader.fieldnames or []]
            if not header:
                raise BadFile(f"{upload.name} is empty.")
            reader.fieldnames = header
            kind = kind_of(upload.name, header)
            required = ["File", "Name"] if kind is None else REQUIRED[kind]
            missing = [c for c in required if c not in header and not (c == "Name" and "Title" in header)]
            if missing:
                expected = FAILED_COLUMNS if kind is None else COLUMNS[kind]
                raise BadFile(
                    f"{upload.name} has no {' or '.join(missing)} column; Letterboxd's columns are "
                    f"{', '.join(expected)}. Found: {', '.join(header)}."
                )
            for cells in reader:
                if len(rows) >= settings.REVIEWHUB_IMPORT_MAX_ROWS:
                    raise BadFile(f"The upload has more than {settings.REVIEWHUB_IMPORT_MAX_ROWS} rows; split it.")
                if None in cells:
                    raise BadFile(f"{upload.name}, line {reader.line_num}: more cells than columns.")
                cells = {key: unescape_cell(value or "") for key, value in cells.items()}
                row_kind = kind or cells.get("File", "").removesuffix(".csv").strip().lower()
                if row_kind not in COLUMNS:
                    raise BadFile(
                        f"{upload.name}, line {reader.line_num}: File must be one of {', '.join(FILE_NAMES)}."
                    )
                rows.append(_row(row_kind, reader.line_num, cells))
        except csv.Error as error:
            raise BadFile(f"{upload.name} is not a readable CSV file: {error}.") from error
    rows.sort(key=lambda row: KINDS.index(row.kind))
    return rows


def match_films(rows: list[Row]) -> None:
    """Set each row's film by title and year, ignoring case, in one query; or say why there is none."""
    names = {row.name for row in rows if not row.problem}
    if not names:
        return
    lowered = {name.lower() for name in names}
    films = Film.objects.annotate(title_lower=Lower("title")).filter(Q(title_lower__in=lowered) | Q(title__in=names))
    by_title: dict[str, list[Film]] = {}
    for film in films.only("id", "title", "year", "slug"):
        by_title.setdefault(film.title.casefold(), []).append(film)
    for row in rows:
        if row.problem:
            continue
        candidates = by_title.get(row.name.casefold(), [])
        if row.year is not None:
            candidates = [film for film in candidates if film.year == row.year]
        if len(candidates) == 1:
            film = candidates[0]
            row.film_id, row.film_label, row.film_url = film.pk, str(film), film.get_absolute_url()
        elif candidates:
            row.problem = f"Several films are called “{row.name}”; add the year to choose one."
        else:
            row.unmatched = True
            wanted = f"{row.name} ({row.year})" if row.year else row.name
            row.problem = (
                f"No film “{wanted}” in ReviewHub's catalogue yet; staff see it in their list of films to add."
            )


def row_dicts(rows: list[Row]) -> list[dict]:
    return [asdict(row) for row in rows]


def failed_row_cells(row: dict, problem: str) -> dict[str, str]:
    """A row for the failed-rows file: its own cells, the file it came from and the reason."""
    return {**row["cells"], "File": f"{row['kind']}.csv", "Problem": problem}
