"""GIN expression indexes for full-text search, on PostgreSQL only.

Each index is built from the same SearchVector expression that reviewhub.search
filters on, so the planner can use it. SQLite has no GIN indexes (and no
full-text search here), so the operation does nothing there.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations


def search_indexes() -> list[tuple[str, str, GinIndex]]:
    film_title = SearchVector("title", config="simple") + SearchVector("title", config="english")
    person_name = SearchVector("name", config="simple")
    review = (
        SearchVector("title", config="simple", weight="A")
        + SearchVector("title", config="english", weight="A")
        + SearchVector("body", config="english", weight="B")
    )
    return [
        ("films", "Film", GinIndex(film_title, name="film_title_search_idx")),
        ("films", "Person", GinIndex(person_name, name="person_name_search_idx")),
        ("reviews", "Review", GinIndex(review, name="review_search_idx")),
    ]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name, index in search_indexes():
        schema_editor.add_index(apps.get_model(app_label, model_name), index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name, index in search_indexes():
        schema_editor.remove_index(apps.get_model(app_label, model_name), index)


class Migration(migrations.Migration):
    dependencies = [
        ("films", "0001_initial"),
        ("reviews", "0002_vote_not_on_own_review"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
