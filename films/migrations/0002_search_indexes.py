"""GIN expression indexes for searching film titles and people's names, on PostgreSQL only.

Each index is built from the same SearchVector expression that pages.search filters on, so
the planner can use it. SQLite has no GIN indexes (search falls back to LIKE there). Databases
that already have them (they were first made by a migration of the old `reviewhub` app) keep them.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations


def search_indexes() -> list[tuple[str, GinIndex]]:
    return [
        (
            "Film",
            GinIndex(
                SearchVector("title", config="simple") + SearchVector("title", config="english"),
                name="film_title_search_idx",
            ),
        ),
        ("Person", GinIndex(SearchVector("name", config="simple"), name="person_name_search_idx")),
    ]


def _exists(schema_editor, name: str) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [name])
        return cursor.fetchone() is not None


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in search_indexes():
        if not _exists(schema_editor, index.name):
            schema_editor.add_index(apps.get_model("films", model_name), index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, index in search_indexes():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index.name}")


class Migration(migrations.Migration):
    dependencies = [
        ("films", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
