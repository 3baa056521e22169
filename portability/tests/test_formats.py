"""Rating conversions, CSV cells and Letterboxd's column names: no database needed."""

import pytest

from portability.csv_cells import csv_text, escape_cell, unescape_cell
from portability.letterboxd import COLUMNS, FAILED_COLUMNS
from portability.ratings import RatingError, rating_to_stars, stars_to_rating


@pytest.mark.parametrize(
    ("rating", "stars"), [(1, "0.5"), (2, "1"), (5, "2.5"), (6, "3"), (8, "4"), (9, "4.5"), (10, "5"), (None, "")]
)
def test_ratings_go_out_as_half_of_the_points_and_come_back_unchanged(rating, stars):
    assert rating_to_stars(rating) == stars
    assert stars_to_rating(stars) == rating


@pytest.mark.parametrize(("stars", "rating"), [("4.5", 9), ("0.5", 1), ("3", 6), ("3.0", 6), (" 5 ", 10), ("2,5", 5)])
def test_each_half_star_step_is_one_whole_point(stars, rating):
    assert stars_to_rating(stars) == rating


def test_a_value_between_steps_rounds_half_up_to_the_nearest_half_star():
    assert stars_to_rating("3.7") == 7  # 7.4 points
    assert stars_to_rating("3.75") == 8  # 7.5 points, half up


@pytest.mark.parametrize("stars", ["0", "5.5", "-1", "ten", "nan", "inf", "1e9"])
def test_ratings_outside_half_a_star_to_five_are_refused(stars):
    with pytest.raises(RatingError):
        stars_to_rating(stars)


def test_letterboxd_column_names_are_letterboxds_own():
    assert COLUMNS["diary"] == ["Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Tags", "Watched Date"]
    assert COLUMNS["ratings"] == ["Date", "Name", "Year", "Letterboxd URI", "Rating"]
    assert COLUMNS["reviews"] == [
        "Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Review", "Tags", "Watched Date",
    ]  # fmt: skip
    assert COLUMNS["watched"] == COLUMNS["watchlist"] == ["Date", "Name", "Year", "Letterboxd URI"]
    assert FAILED_COLUMNS[0] == "File" and FAILED_COLUMNS[-1] == "Problem"


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_quoted_on_the_way_out_and_unquoted_on_the_way_in(cell):
    assert escape_cell(cell) == "'" + cell
    assert unescape_cell(escape_cell(cell)) == cell


def test_ordinary_cells_are_untouched():
    for cell in ["Her", "'quoted'", "4.5", ""]:
        assert escape_cell(cell) == cell
        assert unescape_cell(cell) == cell


def test_csv_text_escapes_every_cell_and_keeps_the_column_order():
    text = csv_text(["Name", "Review"], [{"Review": '=HYPERLINK("http://evil")', "Name": "Her", "other": "x"}])
    assert text.splitlines() == ["Name,Review", 'Her,"\'=HYPERLINK(""http://evil"")"']
