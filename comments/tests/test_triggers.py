"""The database migrated from zero has exactly the triggers that reviews/counts.py and comments/counts.py define.

(reviews/counts.py: the film and reviewer statistics and the derived Review.counted.)

The migrations hold their trigger SQL frozen; the live definitions may only change
together with a new migration, and this test fails when one changes without the other.
Both sides are compared as the database's own catalog shows them, so SQL that is
spelled differently but stored the same way still matches.
"""

from importlib import import_module

import pytest
from django.db import connection

from comments.counts import REVIEW_COMMENT_COUNTS
from reviews.counts import FILM_REVIEW_COUNTS, RATING_COUNTED, REVIEWER_STATS_COUNTS

pytestmark = pytest.mark.django_db

LIVE_COUNTS = [FILM_REVIEW_COUNTS, REVIEWER_STATS_COUNTS, REVIEW_COMMENT_COUNTS]
LIVE_TRIGGERS = [RATING_COUNTED, *LIVE_COUNTS]
ROW_RULES = ["reviews.migrations.0002_vote_not_on_own_review", "comments.migrations.0002_parent_on_same_review"]
REVIEW_COUNTS = "reviews.migrations.0010_score_protection_and_reviewer_stats"
COUNTS = [REVIEW_COUNTS, "comments.migrations.0005_review_comment_stats"]
# Each counts module's FORWARDS ends every summary's triggers with that summary's backfill.
BACKFILLS = [(REVIEW_COUNTS, [FILM_REVIEW_COUNTS, REVIEWER_STATS_COUNTS]), (COUNTS[1], [REVIEW_COMMENT_COUNTS])]
SEARCH = import_module("reviews.migrations.0006_review_search_document")

CATALOG_SQL = {
    "sqlite": ["SELECT 'trigger', name, sql FROM sqlite_master WHERE type = 'trigger'"],
    "postgresql": [
        "SELECT 'trigger', t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE NOT t.tgisinternal AND n.nspname = current_schema()",
        "SELECT 'function', p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE p.prorettype = 'trigger'::regtype AND n.nspname = current_schema()",
    ],
}


def catalog() -> dict[tuple[str, str], str]:
    """(kind, name) -> definition of every trigger (and, on PostgreSQL, trigger function) in the database."""
    found = {}
    with connection.cursor() as cursor:
        for sql in CATALOG_SQL[connection.vendor]:
            cursor.execute(sql)
            found.update({(kind, name): definition for kind, name, definition in cursor.fetchall()})
    return found


def run(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def frozen(module: str, direction: str) -> list[str]:
    return getattr(import_module(module), direction)[connection.vendor]


def test_the_migrated_database_has_exactly_the_triggers_the_live_counts_define():
    vendor = connection.vendor
    migrated = catalog()
    assert {name for kind, name in migrated if kind == "trigger"} >= {
        f"{counts.name}_update" for counts in LIVE_COUNTS
    }, "the counting triggers are missing from the migrated database"

    # The migrations' own reverse SQL leaves no trigger but the search document's (PostgreSQL only).
    for module in reversed(ROW_RULES + COUNTS):
        run(frozen(module, "BACKWARDS"))
    others = {("trigger", SEARCH.TRIGGER), ("function", SEARCH.FUNCTION)} if vendor == "postgresql" else set()
    assert set(catalog()) == others

    for module in ROW_RULES:
        run(frozen(module, "FORWARDS"))
    without_counts = catalog()
    for triggers in LIVE_TRIGGERS:
        run(triggers.create_sql(vendor))
    assert catalog() == migrated, "reviews/counts.py or comments/counts.py changed without a migration"

    for triggers in reversed(LIVE_TRIGGERS):
        run(triggers.drop_sql(vendor))
    assert catalog() == without_counts


def test_the_frozen_backfill_is_the_live_recount():
    for module, summaries in BACKFILLS:
        statements = frozen(module, "FORWARDS")
        for counts in summaries:
            recount = counts.recount_sql()
            ends = [i + len(recount) for i, sql in enumerate(statements) if sql == recount[0]]
            assert [statements[end - len(recount) : end] for end in ends] == [recount]
