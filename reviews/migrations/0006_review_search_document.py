"""A stored full-text document for each review, kept by PostgreSQL itself (PostgreSQL only).

reviews_review.search_document is a column the Review model does not declare: Django never
selects or writes it, so fixtures and bulk_create keep working. A trigger fills it (not a
GENERATED column: PostgreSQL refuses to change the type of a column that one reads, so a later
AlterField on the title would fail), and a GIN index serves pages.search. Every statement is
idempotent: databases that got the column from a migration of the old `reviewhub` app keep it.
SQLite has no full-text search here: nothing to do.
"""

from django.db import migrations

TABLE = "reviews_review"
FUNCTION = "reviews_review_search_document_fn"
TRIGGER = "reviews_review_search_document"
INDEX = "review_document_search_idx"

# Titles word for word ("simple": "Her" stays findable although it is an English stop word)
# and stemmed ("english"), bodies stemmed; title words weigh more in the ranking.
DOCUMENT = (
    "setweight(to_tsvector('simple'::regconfig, coalesce({row}title, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, coalesce({row}title, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, coalesce({row}body, '')), 'B')"
)

FORWARDS = [
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_document tsvector",
    # Kept in the row, not moved to the TOAST table with the long bodies: fetching it from
    # there for each of thousands of matches cost more than matching and ranking them.
    f"ALTER TABLE {TABLE} ALTER COLUMN search_document SET STORAGE MAIN",
    f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$ "
    f"BEGIN NEW.search_document := {DOCUMENT.format(row='NEW.')}; RETURN NEW; END; "
    "$$ LANGUAGE plpgsql",
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}",
    f"CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE OF title, body ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()",
    f"UPDATE {TABLE} SET search_document = {DOCUMENT.format(row='')}",
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin (search_document)",
]

BACKWARDS = [
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {FUNCTION}()",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_document",  # drops its index too
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in FORWARDS:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in BACKWARDS:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0005_film_review_stats"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
