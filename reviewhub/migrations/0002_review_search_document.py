"""A stored full-text document for each review, kept by PostgreSQL itself (PostgreSQL only).

Matching and ranking the expression index of 0001 made PostgreSQL run to_tsvector over the
body of every matching review on each search (a second per row for ts_rank), about a second
for a common word at 10,000 reviews. The document is now computed once, when a review is
written, into reviews_review.search_document (a column the Review model does not declare:
Django never selects or writes it, so fixtures and bulk_create keep working), with a GIN
index on it.

A trigger fills the column rather than a GENERATED column because PostgreSQL refuses to
change the type of a column a generated column reads, so a later AlterField on the title
(its max_length is a setting) would fail. SQLite has no full-text search here: nothing to do.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
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
    f"ALTER TABLE {TABLE} ADD COLUMN search_document tsvector",
    # Kept in the row, not moved to the TOAST table with the long bodies: fetching it from
    # there for each of thousands of matches cost more than matching and ranking them.
    f"ALTER TABLE {TABLE} ALTER COLUMN search_document SET STORAGE MAIN",
    f"CREATE FUNCTION {FUNCTION}() RETURNS trigger AS $$ "
    f"BEGIN NEW.search_document := {DOCUMENT.format(row='NEW.')}; RETURN NEW; END; "
    "$$ LANGUAGE plpgsql",
    f"CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE OF title, body ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()",
    f"UPDATE {TABLE} SET search_document = {DOCUMENT.format(row='')}",
    f"CREATE INDEX {INDEX} ON {TABLE} USING gin (search_document)",
    # Nothing queries the expression any more; it would only slow down every write.
    "DROP INDEX IF EXISTS review_search_idx",
]

BACKWARDS = [
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {FUNCTION}()",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_document",  # drops its index too
]


def expression_index() -> GinIndex:
    """The index of 0001 that this migration replaces, restored when it is reversed."""
    return GinIndex(
        SearchVector("title", config="simple", weight="A")
        + SearchVector("title", config="english", weight="A")
        + SearchVector("body", config="english", weight="B"),
        name="review_search_idx",
    )


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
    schema_editor.add_index(apps.get_model("reviews", "Review"), expression_index())


class Migration(migrations.Migration):
    dependencies = [
        ("reviewhub", "0001_search_indexes"),
        ("reviews", "0003_body_length_validators"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
