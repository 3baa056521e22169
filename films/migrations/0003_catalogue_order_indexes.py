"""Indexes in the catalogue's title and year orders: a page of films is read in order, not sorted.

The year index also serves the year filter, so it replaces film_year_idx.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("films", "0002_search_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="film",
            name="film_year_idx",
        ),
        migrations.AddIndex(
            model_name="film",
            index=models.Index(fields=["title", "year", "id"], name="film_title_order_idx"),
        ),
        migrations.AddIndex(
            model_name="film",
            index=models.Index(fields=["-year", "title", "id"], name="film_year_order_idx"),
        ),
    ]
