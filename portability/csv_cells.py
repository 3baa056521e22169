"""CSV in and out, with spreadsheet formula injection neutralised (OWASP "CSV Injection").

A cell that starts with = + - @ tab or carriage return is prefixed with an apostrophe on the way
out, so a spreadsheet shows it as text instead of running it. On the way in the cells are stored
as plain text, never evaluated; the apostrophe our own export added is taken off again, so a
file exported here (or the failed-rows file) imports back unchanged.
"""

import csv
import io
from collections.abc import Iterable, Mapping

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unescape_cell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def csv_text(columns: list[str], rows: Iterable[Mapping[str, object]]) -> str:
    """A CSV file (header first) with every cell escaped; unknown keys are left out."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([escape_cell(row.get(column)) for column in columns])
    return out.getvalue()
